import { OAuthAppOptions } from '../emulator.options';

export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  appId: number;
  accessTokenTtlSeconds: number;
  scopes: string[];
  privateDistribution: boolean;
}

export interface AuthCode {
  clientId: string;
  redirectUri: string;
  portalId: number;
  scopes: string[];
  expiresAt: number;
}

export interface RefreshGrant {
  token: string;
  clientId: string;
  portalId: number;
  appId: number;
  scopes: string[];
  userId: number;
}

/**
 * An OAuth failure: the HTTP status, HubSpot's legacy `status` code (BAD_REFRESH_TOKEN, ...) and the
 * RFC 6749 `error` code (invalid_grant, ...).
 */
export interface OAuthFailure {
  httpStatus: number;
  status: string;
  error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_token';
  message: string;
}

/** Answer of `POST /oauth/v1/token`. */
export type TokenResponse = {
  token_type: 'bearer';
  access_token: string;
  refresh_token: string;
  expires_in: number;
};

/** Answer of `POST /oauth/{version}/token`: the v1 fields plus token_use, hub_id, user_id and scopes. */
export type DatedTokenResponse = TokenResponse & {
  token_use: 'access_token';
  hub_id: number;
  user_id: number;
  scopes: string[];
};

export const DEFAULT_OAUTH_APP: OAuthAppOptions = {
  clientId: 'emulator-client-id',
  clientSecret: 'emulator-client-secret',
  appId: 4242,
};

export function isFailure(x: unknown): x is OAuthFailure {
  return typeof x === 'object' && x !== null && 'error' in x && 'httpStatus' in x;
}
