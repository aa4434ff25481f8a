/**
 * Where the HTTP client gets a bearer token for a portal. Two implementations: one account's static token
 * (legacy private app, Service Key, static auth), or OAuth tokens per portal (stored encrypted, refreshed ahead of expiry).
 * The interface and the DI token share the name, as in @nestjs/throttler.
 */
export interface TokenProvider {
  readonly mode: 'static-token' | 'oauth';
  /** A valid access token for the portal (refreshing first if it is about to expire). */
  getAccessToken(portalId?: number): Promise<string>;
  /** The portal a call without an explicit portal id goes to; throws when ambiguous (OAuth, several portals). */
  defaultPortalId(): Promise<number>;
  /** Portals this process can act for. */
  portalIds(): Promise<number[]>;
}
export const TokenProvider = Symbol('TokenProvider');
