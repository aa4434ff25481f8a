import { randomBytes, randomUUID } from 'node:crypto';
import { OAuthAppOptions } from '../emulator.options';
import { EmulatorState } from '../emulator.state';
import {
  AuthCode,
  DEFAULT_OAUTH_APP,
  OAuthApp,
  OAuthFailure,
  RefreshGrant,
  TokenResponse,
} from './oauth.types';
import { TokenInfo } from './token-registry';

const CODE_TTL_MS = 10 * 60_000;

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

  /** Returns the redirect URL (with code or error) for an authorize request. */
  authorize(q: URLSearchParams, now: number): { redirect?: string; error?: string } {
    const app = this.apps.get(q.get('client_id') ?? '');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!app) return { error: 'Unknown client_id' };
    if (!/^https?:\/\//.test(redirectUri)) return { error: 'redirect_uri is missing or invalid' };
    const scopes = (q.get('scope') ?? '').split(/[\s+]+/).filter(Boolean);
    const state = q.get('state');
    const back = (params: Record<string, string>): string => {
      const url = new URL(redirectUri);
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      if (state !== null) url.searchParams.set('state', state);
      return url.toString();
    };
    if (app.scopes.length > 0 && scopes.some((s) => !app.scopes.includes(s))) {
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
      scopes,
      expiresAt: now + CODE_TTL_MS,
    });
    return { redirect: back({ code }) };
  }

  token(form: URLSearchParams | undefined, now: number): TokenResponse | OAuthFailure {
    const grant = form?.get('grant_type');
    if (grant !== 'authorization_code' && grant !== 'refresh_token') {
      return { error: 'BAD_GRANT_TYPE', message: 'missing or unknown grant type' };
    }
    const app = this.apps.get(form!.get('client_id') ?? '');
    if (!app) return { error: 'BAD_CLIENT_ID', message: 'missing or invalid client_id' };
    if (form!.get('client_secret') !== app.clientSecret)
      return { error: 'BAD_CLIENT_SECRET', message: 'missing or invalid client_secret' };
    if (grant === 'authorization_code') {
      const code = this.codes.get(form!.get('code') ?? '');
      if (!code || code.clientId !== app.clientId || code.expiresAt < now) {
        return { error: 'BAD_AUTH_CODE', message: 'missing or unknown auth code' };
      }
      if (form!.get('redirect_uri') !== code.redirectUri)
        return { error: 'BAD_REDIRECT_URI', message: 'redirect_uri does not match' };
      this.codes.delete(form!.get('code')!);
      const refresh: RefreshGrant = {
        token: `na1-${randomUUID().slice(0, 4)}-${randomUUID()}`,
        clientId: app.clientId,
        portalId: code.portalId,
        appId: app.appId,
        scopes: code.scopes,
      };
      this.refreshTokens.set(refresh.token, refresh);
      this.state.stats.grant('authorization_code', code.portalId);
      return this.issue(app, refresh, now);
    }
    const refresh = this.refreshTokens.get(form!.get('refresh_token') ?? '');
    if (!refresh || refresh.clientId !== app.clientId)
      return { error: 'BAD_REFRESH_TOKEN', message: 'missing or unknown refresh token' };
    this.state.stats.grant('refresh_token', refresh.portalId);
    return this.issue(app, refresh, now);
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

  private issue(app: OAuthApp, refresh: RefreshGrant, now: number): TokenResponse {
    const accessToken = `C${randomBytes(150).toString('base64url')}`;
    const info: TokenInfo = {
      token: accessToken,
      portalId: refresh.portalId,
      appId: app.appId,
      kind: 'oauth',
      scopes: refresh.scopes,
      userId: 1,
      clientId: app.clientId,
      expiresAt: now + app.accessTokenTtlSeconds * 1000,
      refreshToken: refresh.token,
    };
    this.state.tokens.set(info);
    this.issued.set(accessToken, info);
    return {
      token_type: 'bearer',
      access_token: accessToken,
      refresh_token: refresh.token,
      expires_in: app.accessTokenTtlSeconds,
    };
  }
}
