import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { HubspotAuthError } from '../../errors/hubspot-auth.error';
import { HubspotError } from '../../errors/hubspot.error';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { HubspotPaths } from '../../http/hubspot-paths';
import { OAuthTokenSet } from './oauth-token.types';

/** Attempts of one refresh grant: the refresher holds the portal's refresh lock meanwhile. */
export const REFRESH_ATTEMPTS = 2;

export type TokenTypeHint = 'access_token' | 'refresh_token';

interface TokenResponse {
  token_type?: string;
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

interface IntrospectionResponse {
  active: boolean;
  token_use?: string;
  hub_id?: number | string;
  app_id?: number | string;
  user_id?: number | string;
  scopes?: string[];
  hub_domain?: string;
  expires_in?: number;
}

/** What HubSpot's token introspection tells about an active OAuth token. */
export interface TokenIntrospection {
  hubId: number;
  appId?: number;
  userId?: number;
  scopes: string[];
  hubDomain?: string;
  /** Access tokens only. */
  expiresInSec?: number;
  tokenUse: TokenTypeHint;
}

/** What HubSpot tells about a static token (legacy private app, Service Key or static-auth app). */
export interface StaticTokenInfo {
  hubId: number;
  appId?: number;
  userId?: number;
  scopes: string[];
}

/**
 * HubSpot's OAuth endpoints on the dated family (`/oauth/2026-03/token`, `/token/introspect`,
 * `/token/revoke`; every parameter form-encoded, client authentication in the body), and the static-token
 * info endpoint. Called through HubspotHttpClient (the one way out) with `anonymous: true`; no token is ever
 * in a path. The client is looked up lazily: it depends on TokenProvider, which depends on this class.
 */
@Injectable()
export class OAuthApiClient {
  private httpClient?: HubspotHttpClient;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly paths: HubspotPaths,
    @InjectHubspotConfig() private readonly config: HubspotConfig,
  ) {}

  private get http(): HubspotHttpClient {
    this.httpClient ??= this.moduleRef.get(HubspotHttpClient, { strict: false });
    return this.httpClient;
  }

  async exchangeCode(code: string): Promise<OAuthTokenSet> {
    return this.token(
      { grant_type: 'authorization_code', code, redirect_uri: this.config.auth.redirectUri ?? '' },
      undefined,
      undefined,
    );
  }

  async refresh(refreshToken: string, portalId: number): Promise<OAuthTokenSet> {
    return this.token(
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      portalId,
      REFRESH_ATTEMPTS,
    );
  }

  /** An active access token's hub id, app id and granted scopes; throws HubspotAuthError when inactive. */
  async introspect(accessToken: string): Promise<TokenIntrospection> {
    const info = await this.inspect(accessToken, 'access_token');
    if (!info) throw new HubspotAuthError('HubSpot says this access token is not active', { status: 401 });
    return info;
  }

  /** What HubSpot knows about a token of this app; undefined when it is unknown, expired or revoked. */
  async inspect(
    token: string,
    hint: TokenTypeHint,
    portalId?: number,
  ): Promise<TokenIntrospection | undefined> {
    const res = await this.http.request<IntrospectionResponse>({
      method: 'POST',
      path: this.paths.oauthIntrospect(),
      body: this.form({ token, token_type_hint: hint }),
      anonymous: true,
      portalId,
      lane: 'live',
      maxAttempts: REFRESH_ATTEMPTS,
    });
    const data = res.data;
    if (!data?.active) return undefined;
    if (!Number.isInteger(Number(data.hub_id))) throw new Error('Token introspection returned no hub_id');
    return {
      hubId: Number(data.hub_id),
      appId: optionalNumber(data.app_id),
      userId: optionalNumber(data.user_id),
      scopes: data.scopes ?? [],
      hubDomain: data.hub_domain,
      expiresInSec: data.expires_in,
      tokenUse: data.token_use === 'refresh_token' ? 'refresh_token' : hint,
    };
  }

  /** Revokes a refresh token (and with it the install's ability to refresh); HubSpot answers 200 either way. */
  async revoke(refreshToken: string, portalId: number): Promise<void> {
    await this.http.request({
      method: 'POST',
      path: this.paths.oauthRevoke(),
      body: this.form({ token: refreshToken, token_type_hint: 'refresh_token' }),
      anonymous: true,
      portalId,
      lane: 'live',
      maxAttempts: REFRESH_ATTEMPTS,
    });
  }

  /**
   * Hub id, app id and scopes of a static token. HubSpot serves this on a v2 path only (no dated twin); the
   * token travels in the JSON body, never in the path or a header.
   */
  async staticTokenInfo(token: string): Promise<StaticTokenInfo> {
    const res = await this.http.request<{
      hubId?: number | string;
      appId?: number | string;
      userId?: number | string;
      scopes?: string[];
    }>({
      method: 'POST',
      path: this.paths.staticTokenInfo(),
      body: { tokenKey: token },
      anonymous: true,
      lane: 'live',
      maxAttempts: REFRESH_ATTEMPTS,
    });
    const data = res.data;
    if (!Number.isInteger(Number(data?.hubId))) throw new Error('Static token info returned no hubId');
    return {
      hubId: Number(data.hubId),
      appId: optionalNumber(data.appId),
      userId: optionalNumber(data.userId),
      scopes: data.scopes ?? [],
    };
  }

  private async token(
    grant: Record<string, string>,
    portalId: number | undefined,
    maxAttempts: number | undefined,
  ): Promise<OAuthTokenSet> {
    const startedAt = Date.now();
    const res = await this.http.request<TokenResponse>({
      method: 'POST',
      path: this.paths.oauthToken(),
      body: this.form(grant),
      anonymous: true,
      portalId,
      lane: 'live',
      maxAttempts,
    });
    const data = res.data;
    if (!data?.access_token || !data.refresh_token || !(Number(data.expires_in) > 0)) {
      throw new Error('HubSpot token endpoint answered without access_token, refresh_token or expires_in');
    }
    return {
      accessToken: data.access_token,
      refreshToken: data.refresh_token,
      // Measured from before the call: the token can only be older than HubSpot says, never younger.
      expiresAt: startedAt + Number(data.expires_in) * 1000,
    };
  }

  private form(fields: Record<string, string>): URLSearchParams {
    return new URLSearchParams({
      ...fields,
      client_id: this.config.auth.clientId ?? '',
      client_secret: this.config.auth.clientSecret ?? '',
    });
  }
}

/**
 * HubSpot refuses a revoked or unknown refresh token with 400 and RFC 6749's `error: invalid_grant` (older
 * answers: `status: BAD_REFRESH_TOKEN`). Only meaningful for the error of a refresh grant.
 */
export function isBadRefreshToken(err: unknown): err is HubspotError {
  if (!(err instanceof HubspotError) || err.status !== 400) return false;
  return (
    err.context?.['error'] === 'invalid_grant' ||
    err.category === 'BAD_REFRESH_TOKEN' ||
    err.subCategory === 'BAD_REFRESH_TOKEN'
  );
}

function optionalNumber(value: number | string | undefined): number | undefined {
  return value === undefined || value === null || value === '' ? undefined : Number(value);
}
