import { randomBytes, randomUUID } from 'node:crypto';
import { OAuthAppOptions } from '../emulator.options';
import { EmulatorState } from '../emulator.state';
import {
  AuthCode,
  DatedTokenResponse,
  DEFAULT_OAUTH_APP,
  OAuthApp,
  OAuthFailure,
  RefreshGrant,
  TokenResponse,
} from './oauth.types';
import { TokenInfo } from './token-registry';

const CODE_TTL_MS = 10 * 60_000;

/** Which token endpoint answers: v1 keeps its 400 for client failures, the dated one answers 401. */
export type OAuthFlavour = 'v1' | 'dated';

const fail = (
  httpStatus: number,
  status: string,
  error: OAuthFailure['error'],
  message: string,
): OAuthFailure => ({ httpStatus, status, error, message });

/** OAuth 2.0 as HubSpot runs it: authorization codes, access tokens with a TTL, refresh tokens until revoked. */
export class OAuthService {
  private readonly apps = new Map<string, OAuthApp>();
  private codes = new Map<string, AuthCode>();
  private refreshTokens = new Map<string, RefreshGrant>();
  private nextPortal: number | undefined;
  /** Issued access tokens (the same objects the token registry holds, so expiry edits apply). */
  private issued = new Map<string, TokenInfo>();

  constructor(private readonly state: EmulatorState) {
    for (const app of state.options.oauthApps ?? [DEFAULT_OAUTH_APP]) this.addApp(app);
    state.onReset(() => {
      this.codes = new Map();
      this.refreshTokens = new Map();
      this.nextPortal = undefined;
      this.issued = new Map();
      state.tokens.dropWhere((t) => t.kind === 'oauth');
    });
  }

  addApp(input: OAuthAppOptions): OAuthApp {
    if (!input?.clientId || !input.clientSecret)
      throw new Error('an OAuth app needs clientId and clientSecret');
    const app: OAuthApp = {
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      appId: input.appId ?? 4242,
      accessTokenTtlSeconds: input.accessTokenTtlSeconds ?? 1800,
      scopes: input.scopes ?? [],
      privateDistribution: input.privateDistribution ?? false,
    };
    this.apps.set(app.clientId, app);
    return app;
  }

  listApps(): Array<Omit<OAuthApp, 'clientSecret'>> {
    return [...this.apps.values()].map(({ clientSecret: _secret, ...rest }) => rest);
  }

  setNextPortal(portalId: number): void {
    if (!this.state.portal(portalId)) throw new Error(`unknown portal ${portalId}`);
    this.nextPortal = portalId;
  }

  /**
   * Returns the redirect URL (with code or error) for an authorize request. Granted scopes are `scope`
   * plus the `optional_scope` entries the app may request.
   */
  authorize(q: URLSearchParams, now: number): { redirect?: string; error?: string } {
    const app = this.apps.get(q.get('client_id') ?? '');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!app) return { error: 'Unknown client_id' };
    if (!/^https?:\/\//.test(redirectUri)) return { error: 'redirect_uri is missing or invalid' };
    const split = (name: string) => (q.get(name) ?? '').split(/[\s+]+/).filter(Boolean);
    const required = split('scope');
    const allowed = (s: string) => app.scopes.length === 0 || app.scopes.includes(s);
    const optional = split('optional_scope').filter(allowed);
    const state = q.get('state');
    const back = (params: Record<string, string>): string => {
      const url = new URL(redirectUri);
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      if (state !== null) url.searchParams.set('state', state);
      return url.toString();
    };
    if (required.some((s) => !allowed(s))) {
      return {
        redirect: back({ error: 'invalid_scope', error_description: 'The app is not allowed these scopes' }),
      };
    }
    const explicit = q.get('emulator_portal_id');
    const portalId = explicit ? Number(explicit) : (this.nextPortal ?? this.state.firstPortal().id);
    if (!explicit) this.nextPortal = undefined;
    if (!this.state.portal(portalId))
      return { redirect: back({ error: 'access_denied', error_description: 'unknown portal' }) };
    const code = randomUUID();
    this.codes.set(code, {
      clientId: app.clientId,
      redirectUri,
      portalId,
      scopes: [...new Set([...required, ...optional])],
      expiresAt: now + CODE_TTL_MS,
    });
    return { redirect: back({ code }) };
  }

  /** The app a form authenticates as (client_id + client_secret), or the failure. */
  client(form: URLSearchParams | undefined, flavour: OAuthFlavour): OAuthApp | OAuthFailure {
    const clientStatus = flavour === 'dated' ? 401 : 400;
    const app = this.apps.get(form?.get('client_id') ?? '');
    if (!app) return fail(clientStatus, 'BAD_CLIENT_ID', 'invalid_client', 'missing or invalid client_id');
    if (form!.get('client_secret') !== app.clientSecret)
      return fail(clientStatus, 'BAD_CLIENT_SECRET', 'invalid_client', 'missing or invalid client_secret');
    return app;
  }

  /** `POST /oauth/v1/token` and `/oauth/{version}/token`. */
  token(
    form: URLSearchParams | undefined,
    now: number,
    flavour: OAuthFlavour,
  ): TokenResponse | DatedTokenResponse | OAuthFailure {
    const grant = form?.get('grant_type');
    if (!grant) return fail(400, 'BAD_GRANT_TYPE', 'invalid_request', 'missing grant type');
    if (grant !== 'authorization_code' && grant !== 'refresh_token')
      return fail(400, 'BAD_GRANT_TYPE', 'unsupported_grant_type', `unsupported grant type ${grant}`);
    const app = this.client(form, flavour);
    if ('error' in app) return app;
    if (grant === 'authorization_code') {
      const raw = form!.get('code');
      if (!raw) return fail(400, 'BAD_AUTH_CODE', 'invalid_request', 'missing auth code');
      const code = this.codes.get(raw);
      if (!code || code.clientId !== app.clientId || code.expiresAt < now) {
        return fail(400, 'BAD_AUTH_CODE', 'invalid_grant', 'missing or unknown auth code');
      }
      if (form!.get('redirect_uri') !== code.redirectUri)
        return fail(400, 'BAD_REDIRECT_URI', 'invalid_grant', 'redirect_uri does not match');
      this.codes.delete(raw);
      const refresh: RefreshGrant = {
        token: `na1-${randomUUID().slice(0, 4)}-${randomUUID()}`,
        clientId: app.clientId,
        portalId: code.portalId,
        appId: app.appId,
        scopes: code.scopes,
        userId: 1,
      };
      this.refreshTokens.set(refresh.token, refresh);
      this.state.stats.grant('authorization_code', code.portalId);
      return this.issue(app, refresh, now, flavour);
    }
    const raw = form!.get('refresh_token');
    if (!raw) return fail(400, 'BAD_REFRESH_TOKEN', 'invalid_request', 'missing refresh token');
    const refresh = this.refreshTokens.get(raw);
    if (!refresh || refresh.clientId !== app.clientId)
      return fail(400, 'BAD_REFRESH_TOKEN', 'invalid_grant', 'missing or unknown refresh token');
    this.state.stats.grant('refresh_token', refresh.portalId);
    return this.issue(app, refresh, now, flavour);
  }

  /**
   * `POST /oauth/{version}/token/introspect`: the token's details when it is active and belongs to the
   * calling app, else `{active: false}`.
   */
  introspect(form: URLSearchParams | undefined, now: number): Record<string, unknown> | OAuthFailure {
    const app = this.client(form, 'dated');
    if ('error' in app) return app;
    const token = form!.get('token');
    if (!token) return fail(400, 'BAD_TOKEN', 'invalid_request', 'missing token');
    const hint = form!.get('token_type_hint');
    const asAccess = (): Record<string, unknown> | undefined => {
      const info = this.issued.get(token);
      if (!info || info.clientId !== app.clientId || (info.expiresAt ?? 0) <= now) return undefined;
      return this.accessTokenInfo(app, info, now);
    };
    const asRefresh = (): Record<string, unknown> | undefined => {
      const grant = this.refreshTokens.get(token);
      if (!grant || grant.clientId !== app.clientId) return undefined;
      return this.refreshTokenInfo(app, grant);
    };
    const found = hint === 'refresh_token' ? (asRefresh() ?? asAccess()) : (asAccess() ?? asRefresh());
    return found ?? { active: false };
  }

  /**
   * `POST /oauth/{version}/token/revoke`: a refresh token stops working; an access token is forgotten
   * (401 INVALID_AUTHENTICATION from then on).
   * Unknown tokens are not an error (RFC 7009). Returns the failure of the client authentication only.
   */
  revoke(form: URLSearchParams | undefined): OAuthFailure | undefined {
    const app = this.client(form, 'dated');
    if ('error' in app) return app;
    const token = form!.get('token');
    if (!token) return fail(400, 'BAD_TOKEN', 'invalid_request', 'missing token');
    const grant = this.refreshTokens.get(token);
    if (grant && grant.clientId === app.clientId) this.refreshTokens.delete(token);
    const info = this.issued.get(token);
    if (info && info.clientId === app.clientId) {
      this.issued.delete(token);
      this.state.tokens.delete(token);
    }
    return undefined;
  }

  refreshToken(token: string): RefreshGrant | undefined {
    return this.refreshTokens.get(token);
  }

  revokeRefreshToken(token: string): boolean {
    return this.refreshTokens.delete(token);
  }

  /** Makes an access token (or all of a portal's OAuth tokens) expire now. */
  expireAccessTokens(match: { accessToken?: string; portalId?: number }, now: number): number {
    let n = 0;
    for (const [token, info] of this.issued) {
      if (match.accessToken && token !== match.accessToken) continue;
      if (match.portalId && info.portalId !== match.portalId) continue;
      info.expiresAt = now;
      n++;
    }
    return n;
  }

  appById(appId: number): OAuthApp | undefined {
    return [...this.apps.values()].find((a) => a.appId === appId);
  }

  private accessTokenInfo(app: OAuthApp, info: TokenInfo, now: number): Record<string, unknown> {
    const scopes = info.scopes ?? [];
    return {
      active: true,
      token: info.token,
      token_type: 'bearer',
      token_use: 'access_token',
      client_id: app.clientId,
      app_id: app.appId,
      hub_id: info.portalId,
      hub_domain: hubDomain(info.portalId),
      user: USER_EMAIL,
      user_id: info.userId,
      scopes,
      expires_in: Math.max(0, Math.floor(((info.expiresAt ?? now) - now) / 1000)),
      is_private_distribution: app.privateDistribution,
      signed_access_token: {
        expiresAt: info.expiresAt ?? now,
        scopes: scopes.join(' '),
        hubId: info.portalId,
        userId: info.userId,
        appId: app.appId,
        appInstallId: `${app.appId}-${info.portalId}`,
        audience: app.clientId,
        hublet: 'na1',
        installingUserId: info.userId,
        isPrivateDistribution: app.privateDistribution,
        isServiceAccount: false,
        isUserLevel: false,
        signature: randomBytes(20).toString('base64'),
        newSignature: randomBytes(20).toString('base64'),
        scopeToScopeGroupPks: '',
        trialScopes: '',
        trialScopeToScopeGroupPks: '',
      },
    };
  }

  private refreshTokenInfo(app: OAuthApp, grant: RefreshGrant): Record<string, unknown> {
    return {
      active: true,
      token: grant.token,
      token_type: 'bearer',
      token_use: 'refresh_token',
      client_id: app.clientId,
      app_id: app.appId,
      hub_id: grant.portalId,
      hub_domain: hubDomain(grant.portalId),
      user: USER_EMAIL,
      user_id: grant.userId,
      scopes: grant.scopes,
    };
  }

  private issue(
    app: OAuthApp,
    refresh: RefreshGrant,
    now: number,
    flavour: OAuthFlavour,
  ): TokenResponse | DatedTokenResponse {
    const accessToken = `C${randomBytes(150).toString('base64url')}`;
    const info: TokenInfo = {
      token: accessToken,
      portalId: refresh.portalId,
      appId: app.appId,
      kind: 'oauth',
      scopes: refresh.scopes,
      userId: refresh.userId,
      clientId: app.clientId,
      expiresAt: now + app.accessTokenTtlSeconds * 1000,
      refreshToken: refresh.token,
    };
    this.state.tokens.set(info);
    this.issued.set(accessToken, info);
    const base: TokenResponse = {
      token_type: 'bearer',
      access_token: accessToken,
      refresh_token: refresh.token,
      expires_in: app.accessTokenTtlSeconds,
    };
    if (flavour === 'v1') return base;
    return {
      ...base,
      token_use: 'access_token',
      hub_id: refresh.portalId,
      user_id: refresh.userId,
      scopes: [...refresh.scopes],
    };
  }
}

export const USER_EMAIL = 'emulator-user@example.com';

export function hubDomain(portalId: number): string {
  return `emulator-${portalId}.hubspot.com`;
}
