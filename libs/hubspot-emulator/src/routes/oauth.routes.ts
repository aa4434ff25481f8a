import { OAuthService } from '../core/oauth-service';
import { isFailure, OAuthFailure } from '../core/oauth.types';
import { allKnownScopes } from '../core/scopes';
import { ApiError, RawApiError } from '../http/api-error';
import { json, noContent, Reply, RequestContext, RouteTable } from '../http/route-table';

/** HubSpot's OAuth endpoints (no Bearer auth, no rate limit): v1, the dated ones, private-app token info. */
export function registerOAuthRoutes(t: RouteTable, oauth: OAuthService): void {
  const authorize = (ctx: RequestContext): Reply => {
    const out = oauth.authorize(ctx.query, ctx.now);
    if (out.error) return { status: 400, text: page('Authorization failed', escapeHtml(out.error)) };
    const location = out.redirect!;
    return {
      status: 302,
      headers: { Location: location },
      text: page('Approved', `Redirecting to <a href="${escapeHtml(location)}">${escapeHtml(location)}</a>`),
    };
  };
  t.open('GET', '/oauth/authorize', authorize);
  t.open('GET', '/oauth/v1/authorize', authorize);

  t.open('POST', '/oauth/v1/token', (ctx) => answer(oauth.token(ctx.form, ctx.now, 'v1')));
  t.open('GET', '/oauth/v1/access-tokens/:token', (ctx) => {
    const info = ctx.state.tokens.get(ctx.params.token);
    if (!info || info.kind !== 'oauth' || (info.expiresAt ?? 0) <= ctx.now) {
      throw oauthError({
        httpStatus: 404,
        status: 'BAD_ACCESS_TOKEN',
        error: 'invalid_token',
        message: 'missing, unknown or expired access token',
      });
    }
    return json(200, {
      token: info.token,
      user: 'emulator-user@example.com',
      hub_domain: `emulator-${info.portalId}.hubspot.com`,
      scopes: info.scopes ?? [],
      hub_id: info.portalId,
      app_id: info.appId,
      expires_in: Math.max(0, Math.floor(((info.expiresAt ?? ctx.now) - ctx.now) / 1000)),
      user_id: info.userId,
      token_type: 'access',
    });
  });
  t.open('GET', '/oauth/v1/refresh-tokens/:token', (ctx) => {
    const grant = oauth.refreshToken(ctx.params.token);
    if (!grant) throw oauthError(badRefreshToken(404));
    return json(200, {
      token: grant.token,
      user: 'emulator-user@example.com',
      hub_domain: `emulator-${grant.portalId}.hubspot.com`,
      scopes: grant.scopes,
      hub_id: grant.portalId,
      client_id: grant.clientId,
      user_id: grant.userId,
      token_type: 'refresh',
    });
  });
  t.open('DELETE', '/oauth/v1/refresh-tokens/:token', (ctx) => {
    if (!oauth.revokeRefreshToken(ctx.params.token)) throw oauthError(badRefreshToken(404));
    return noContent();
  });

  // Dated endpoints (and their /oauth/v3 twins): every parameter in a form-encoded body.
  const current = ['/oauth/:version', '/oauth/v3'];
  const at = (suffix: string): string[] => current.map((b) => `${b}${suffix}`);
  t.open('POST', at('/token'), (ctx) => answer(oauth.token(ctx.form, ctx.now, 'dated')));
  t.open('POST', at('/token/introspect'), (ctx) => answer(oauth.introspect(ctx.form, ctx.now)));
  t.open('POST', at('/token/revoke'), (ctx) => {
    const failure = oauth.revoke(ctx.form);
    if (failure) throw oauthError(failure);
    return { status: 200 };
  });

  // Static tokens (legacy private apps, static-auth apps, service keys) describe themselves here.
  t.open('POST', '/oauth/v2/private-apps/get/access-token-info', (ctx) => {
    const key = (ctx.body as { tokenKey?: unknown } | undefined)?.tokenKey;
    if (typeof key !== 'string' || key === '') {
      throw new ApiError(400, 'VALIDATION_ERROR', 'tokenKey is required');
    }
    const info = ctx.state.tokens.get(key);
    if (!info || info.kind === 'oauth') {
      throw new ApiError(401, 'INVALID_AUTHENTICATION', 'The access token is not a known private app token');
    }
    return json(200, {
      hubId: info.portalId,
      appId: info.appId,
      userId: info.userId,
      scopes: info.scopes ?? allKnownScopes(),
    });
  });
}

function answer(out: Record<string, unknown> | OAuthFailure | object): Reply {
  if (isFailure(out)) throw oauthError(out);
  return json(200, out);
}

function badRefreshToken(httpStatus: number): OAuthFailure {
  return {
    httpStatus,
    status: 'BAD_REFRESH_TOKEN',
    error: 'invalid_grant',
    message: 'missing or unknown refresh token',
  };
}

/** OAuth errors: HubSpot's `status`/`message` plus RFC 6749's `error`/`error_description`. */
function oauthError(f: OAuthFailure): RawApiError {
  return new RawApiError(f.httpStatus, (correlationId) => ({
    status: f.status,
    message: f.message,
    correlationId,
    error: f.error,
    error_description: f.message,
  }));
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
