import { OAuthPortalStatus } from './hubspot-oauth-token.entity';

/** What HubSpot's token endpoint hands us, with expires_in turned into an absolute time. */
export interface OAuthTokenSet {
  accessToken: string;
  refreshToken: string;
  /** epoch ms */
  expiresAt: number;
}

/** A portal's row with its tokens decrypted: in memory only, never logged or returned over HTTP. */
export interface StoredPortalToken extends OAuthTokenSet {
  portalId: number;
  status: OAuthPortalStatus;
  statusReason: string | null;
  scopes: string[];
  tokenVersion: number;
}

/** Install metadata learned from the token introspection. */
export interface OAuthInstallMeta {
  scopes: string[];
  hubDomain?: string | null;
  appId?: number | null;
}

/** Token-free view of an installed portal, for admins. */
export interface OAuthPortalInfo {
  portalId: number;
  status: OAuthPortalStatus;
  statusReason: string | null;
  scopes: string[];
  hubDomain: string | null;
  appId: number | null;
  expiresAt: string;
  refreshCount: number;
  refreshedAt: string | null;
  installedAt: string;
  updatedAt: string;
}
