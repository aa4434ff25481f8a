import { OAuthAppOptions } from '../emulator.options';

export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  appId: number;
  accessTokenTtlSeconds: number;
  scopes: string[];
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
}

export type OAuthFailure = { error: string; message: string };
export type TokenResponse = {
  token_type: 'bearer';
  access_token: string;
  refresh_token: string;
  expires_in: number;
};

export const DEFAULT_OAUTH_APP: OAuthAppOptions = {
  clientId: 'emulator-client-id',
  clientSecret: 'emulator-client-secret',
  appId: 4242,
};
