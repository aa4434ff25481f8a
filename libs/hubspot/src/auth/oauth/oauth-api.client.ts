import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { HubspotError } from '../../errors/hubspot.error';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { OAuthTokenSet } from './oauth-token.types';

/** Attempts of one refresh grant: the refresher holds the portal's refresh lock meanwhile. */
export const REFRESH_ATTEMPTS = 2;

interface TokenResponse {
  token_type?: string;
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

/** What `GET /oauth/v1/access-tokens/{token}` tells about a token. */
export interface TokenIntrospection {
  hubId: number;
  appId?: number;
  scopes: string[];
  hubDomain?: string;
  expiresInSec?: number;
}

/**
 * HubSpot's OAuth endpoints, called through HubspotHttpClient (the one way out) with `anonymous: true`.
 * The client is looked up lazily: it depends on TokenProvider, which depends on this class.
 */
@Injectable()
export class OAuthApiClient {
  private httpClient?: HubspotHttpClient;

  constructor(
    private readonly moduleRef: ModuleRef,
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

  async introspect(accessToken: string): Promise<TokenIntrospection> {
    const res = await redacting(accessToken, () =>
      this.http.request<{
        hub_id: number;
        app_id?: number;
        scopes?: string[];
        hub_domain?: string;
        expires_in?: number;
      }>({
        method: 'GET',
        path: `/oauth/v1/access-tokens/${encodeURIComponent(accessToken)}`,
        anonymous: true,
        lane: 'live',
        // One attempt: the client's retry log names the path, and this path holds the token.
        maxAttempts: 1,
      }),
    );
    const data = res.data;
    if (!Number.isInteger(Number(data.hub_id))) throw new Error('Token introspection returned no hub_id');
    return {
      hubId: Number(data.hub_id),
      appId: data.app_id === undefined ? undefined : Number(data.app_id),
      scopes: data.scopes ?? [],
      hubDomain: data.hub_domain,
      expiresInSec: data.expires_in,
    };
  }

  async revoke(refreshToken: string, portalId: number): Promise<void> {
    await redacting(refreshToken, () =>
      this.http.request({
        method: 'DELETE',
        path: `/oauth/v1/refresh-tokens/${encodeURIComponent(refreshToken)}`,
        anonymous: true,
        portalId,
        lane: 'live',
        // One attempt: the client's retry log names the path, and this path holds the token.
        maxAttempts: 1,
      }),
    );
  }

  private async token(
    grant: Record<string, string>,
    portalId: number | undefined,
    maxAttempts: number | undefined,
  ): Promise<OAuthTokenSet> {
    const body = new URLSearchParams({
      ...grant,
      client_id: this.config.auth.clientId ?? '',
      client_secret: this.config.auth.clientSecret ?? '',
    });
    const startedAt = Date.now();
    const res = await this.http.request<TokenResponse>({
      method: 'POST',
      path: '/oauth/v1/token',
      body,
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
}

/** HubSpot answers a revoked/unknown refresh token with 400 and status/category BAD_REFRESH_TOKEN. */
export function isBadRefreshToken(err: unknown): boolean {
  if (!(err instanceof HubspotError) || err.status !== 400) return false;
  const context = JSON.stringify(err.context ?? {});
  return (
    err.category === 'BAD_REFRESH_TOKEN' ||
    err.subCategory === 'BAD_REFRESH_TOKEN' ||
    context.includes('BAD_REFRESH_TOKEN') ||
    /refresh token/i.test(err.message)
  );
}

/** Two OAuth endpoints carry a token in their path: keep it out of the error's message, path and stack. */
async function redacting<T>(secret: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof Error) {
      const scrub = (text?: string) =>
        text?.split(encodeURIComponent(secret)).join('[redacted]').split(secret).join('[redacted]');
      for (const field of ['message', 'stack', 'path'] as const) {
        const value = (err as unknown as Record<string, unknown>)[field];
        if (typeof value === 'string') {
          Object.defineProperty(err, field, { value: scrub(value), writable: true, configurable: true });
        }
      }
    }
    throw err;
  }
}
