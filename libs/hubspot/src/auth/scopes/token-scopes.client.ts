import { Injectable } from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { HubspotHttpClient } from '../../http/hubspot-http.client';

/** Where HubSpot tells a token's scopes: one function, so a later API version is one line. */
export function tokenScopesPath(endpoint: 'access-token-info' | 'introspect'): string {
  return endpoint === 'access-token-info'
    ? '/oauth/v2/private-apps/get/access-token-info'
    : '/oauth/2026-03/token/introspect';
}

/** What HubSpot said about a token. */
export interface TokenScopes {
  scopes: string[];
  hubId?: number;
}

/**
 * Asks HubSpot which scopes a token holds: a static (private-app) token through access-token-info, an
 * OAuth token through introspection. The token travels in the body, never in a path or a log line.
 */
@Injectable()
export class TokenScopesClient {
  constructor(
    private readonly http: HubspotHttpClient,
    @InjectHubspotConfig() private readonly config: HubspotConfig,
  ) {}

  async staticToken(token: string): Promise<TokenScopes> {
    const res = await this.http.request<{ scopes?: unknown; hubId?: unknown }>({
      method: 'POST',
      path: tokenScopesPath('access-token-info'),
      body: { tokenKey: token },
      anonymous: true,
      lane: 'live',
      maxAttempts: 2,
    });
    return { scopes: scopeList(res.data?.scopes), hubId: numberOrUndefined(res.data?.hubId) };
  }

  /** Introspects an OAuth token (the refresh token works too and needs no refresh first). */
  async oauthToken(
    token: string,
    hint: 'access_token' | 'refresh_token',
    portalId: number,
  ): Promise<TokenScopes> {
    const res = await this.http.request<{ active?: boolean; scopes?: unknown; hub_id?: unknown }>({
      method: 'POST',
      path: tokenScopesPath('introspect'),
      body: new URLSearchParams({
        token,
        token_type_hint: hint,
        client_id: this.config.auth.clientId ?? '',
        client_secret: this.config.auth.clientSecret ?? '',
      }),
      anonymous: true,
      portalId,
      lane: 'live',
      maxAttempts: 2,
    });
    if (res.data?.active === false) throw new Error('HubSpot reports the token as inactive');
    return { scopes: scopeList(res.data?.scopes), hubId: numberOrUndefined(res.data?.hub_id) };
  }
}

/** HubSpot answers scopes as an array, some endpoints as one space-separated string. */
function scopeList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((s): s is string => typeof s === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  throw new Error('HubSpot answered without a scope list');
}

function numberOrUndefined(value: unknown): number | undefined {
  const n = Number(value);
  return value === undefined || !Number.isFinite(n) ? undefined : n;
}
