import { Injectable } from '@nestjs/common';
import { TokenProvider } from '../../http/token-provider';
import { HubspotPortalNotInstalledError } from '../../errors/hubspot-portal-not-installed.error';
import { HubspotPortalRequiredError } from '../../errors/hubspot-portal-required.error';
import { HubspotReinstallRequiredError } from '../../errors/hubspot-reinstall-required.error';
import { OAuthRefreshService } from './oauth-refresh.service';
import { OAuthTokenStore } from './oauth-token.store';
import { StoredPortalToken } from './oauth-token.types';

/** How long a token read from the table is reused before the row is read again (status, re-installs). */
const CACHE_MS = 5_000;

/** OAuth: tokens per installed portal, read from `hubspot_oauth_tokens` and refreshed ahead of expiry. */
@Injectable()
export class OAuthTokenProvider implements TokenProvider {
  readonly mode = 'oauth' as const;
  private readonly cache = new Map<number, { token: StoredPortalToken; readAt: number }>();

  constructor(
    private readonly store: OAuthTokenStore,
    private readonly refresher: OAuthRefreshService,
  ) {}

  async getAccessToken(portalId?: number): Promise<string> {
    const id = portalId ?? (await this.defaultPortalId());
    let token = await this.read(id);
    if (this.refresher.needsRefresh(token)) {
      try {
        token = await this.refresher.ensureFresh(id);
      } catch (err) {
        this.cache.delete(id);
        throw err;
      }
      this.cache.set(id, { token, readAt: Date.now() });
    }
    return token.accessToken;
  }

  async defaultPortalId(): Promise<number> {
    const active = await this.portalIds();
    if (active.length !== 1) throw new HubspotPortalRequiredError(active.length);
    return active[0];
  }

  async portalIds(): Promise<number[]> {
    return (await this.store.rows()).filter((row) => row.status === 'active').map((row) => row.portalId);
  }

  /** Drops this process's copy after an install, refresh failure or disconnect. */
  forget(portalId: number): void {
    this.cache.delete(portalId);
  }

  private async read(portalId: number): Promise<StoredPortalToken> {
    const cached = this.cache.get(portalId);
    let token = cached && Date.now() - cached.readAt < CACHE_MS ? cached.token : undefined;
    if (!token) {
      const loaded = await this.store.load(portalId);
      if (!loaded) {
        this.cache.delete(portalId);
        throw new HubspotPortalNotInstalledError(portalId);
      }
      token = loaded;
      // A parked portal is re-read on every call, so a re-install elsewhere un-parks it at once.
      if (token.status === 'active') this.cache.set(portalId, { token, readAt: Date.now() });
    }
    // Fail fast: no call leaves for a portal whose refresh token was refused.
    if (token.status === 'needs_reinstall') throw new HubspotReinstallRequiredError(portalId);
    return token;
  }
}
