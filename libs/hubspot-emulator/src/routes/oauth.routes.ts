import { OAuthService } from '../core/oauth-service';
import { RawApiError } from '../http/api-error';
import { json, noContent, Reply, RequestContext, RouteTable } from '../http/route-table';

/** HubSpot's OAuth endpoints (no Bearer auth, no rate limit). */
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
  t.open('POST', '/oauth/v1/token', (ctx) => {
    const out = oauth.token(ctx.form, ctx.now);
    if ('error' in out) throw oauthError(400, out.error, out.message);
    return json(200, out);
  });
  t.open('GET', '/oauth/v1/access-tokens/:token', (ctx) => {
    const info = ctx.state.tokens.get(ctx.params.token);
    if (!info || info.kind !== 'oauth' || (info.expiresAt ?? 0) <= ctx.now) {
      throw oauthError(404, 'BAD_ACCESS_TOKEN', 'missing, unknown or expired access token');
    }
    return json(200, {
      token: info.token,
      user: 'emulator-user@example.com',
      hub_domain: `emulator-${info.portalId}.hubspot.com`,
      scopes: info.scopes,
      hub_id: info.portalId,
      app_id: info.appId,
      expires_in: Math.max(0, Math.floor(((info.expiresAt ?? ctx.now) - ctx.now) / 1000)),
      user_id: 1,
      token_type: 'access',
    });
  });
  t.open('GET', '/oauth/v1/refresh-tokens/:token', (ctx) => {
    const grant = oauth.refreshToken(ctx.params.token);
    if (!grant) throw oauthError(404, 'BAD_REFRESH_TOKEN', 'missing or unknown refresh token');
    return json(200, {
      token: grant.token,
      user: 'emulator-user@example.com',
      hub_domain: `emulator-${grant.portalId}.hubspot.com`,
      scopes: grant.scopes,
      hub_id: grant.portalId,
      client_id: grant.clientId,
      user_id: 1,
      token_type: 'refresh',
    });
  });
  t.open('DELETE', '/oauth/v1/refresh-tokens/:token', (ctx) => {
    if (!oauth.revokeRefreshToken(ctx.params.token))
      throw oauthError(404, 'BAD_REFRESH_TOKEN', 'missing or unknown refresh token');
    return noContent();
  });
}

function oauthError(status: number, code: string, message: string): RawApiError {
  return new RawApiError(status, (correlationId) => ({ status: code, message, correlationId }));
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
