import { Injectable, Logger } from '@nestjs/common';
import { HubspotError } from '../../errors/hubspot.error';
import { HubspotPortalNotInstalledError } from '../../errors/hubspot-portal-not-installed.error';
import { OAuthApiClient } from './oauth-api.client';
import { OAuthTokenProvider } from './oauth-token.provider';
import { OAuthTokenStore } from './oauth-token.store';
import { OAuthPortalInfo } from './oauth-token.types';
import { HubspotOAuthToken } from './hubspot-oauth-token.entity';

export interface OAuthDisconnectResult {
  portalId: number;
  /** False when HubSpot no longer knew the refresh token (already revoked or uninstalled). */
  revoked: boolean;
}

/** Installed portals for admins (no tokens), disconnect, and key rotation. */
@Injectable()
export class OAuthPortalsService {
  private readonly logger = new Logger(OAuthPortalsService.name);

  constructor(
    private readonly store: OAuthTokenStore,
    private readonly api: OAuthApiClient,
    private readonly tokens: OAuthTokenProvider,
  ) {}

  /** Every installed portal; `status: 'needs_reinstall'` marks the ones whose work is parked. */
  async list(filter: { status?: OAuthPortalInfo['status'] } = {}): Promise<OAuthPortalInfo[]> {
    const rows = await this.store.rows();
    return rows.filter((row) => !filter.status || row.status === filter.status).map(toInfo);
  }

  async get(portalId: number): Promise<OAuthPortalInfo | undefined> {
    return (await this.list()).find((p) => p.portalId === portalId);
  }

  /**
   * Revokes the portal's refresh token at HubSpot and forgets its tokens. HubSpot's revoke answers alike for
   * known and unknown tokens, so introspection tells first whether there is anything to revoke. A transient
   * failure throws (nothing is forgotten, try again); a token HubSpot no longer knows is simply forgotten.
   */
  async disconnect(portalId: number): Promise<OAuthDisconnectResult> {
    const stored = await this.store.load(portalId);
    if (!stored) throw new HubspotPortalNotInstalledError(portalId);
    let revoked = false;
    try {
      if (await this.api.inspect(stored.refreshToken, 'refresh_token', portalId)) {
        await this.api.revoke(stored.refreshToken, portalId);
        revoked = true;
      }
    } catch (err) {
      if (!(err instanceof HubspotError) || err.disposition !== 'fail') throw err;
    }
    await this.store.remove(portalId);
    this.tokens.forget(portalId);
    this.logger.log(
      `Portal ${portalId} disconnected (refresh token ${revoked ? 'revoked' : 'already unknown'})`,
    );
    return { portalId, revoked };
  }

  /** After adding a new encryption key: re-encrypts every row still under a previous key. */
  rotateEncryptionKey(): Promise<number> {
    return this.store.reencryptAll();
  }
}

function toInfo(row: HubspotOAuthToken): OAuthPortalInfo {
  return {
    portalId: row.portalId,
    status: row.status,
    statusReason: row.statusReason,
    scopes: row.scopes ? row.scopes.split(' ').filter(Boolean) : [],
    hubDomain: row.hubDomain,
    appId: row.appId,
    expiresAt: new Date(row.expiresAt).toISOString(),
    refreshCount: row.refreshCount,
    refreshedAt: row.refreshedAt ? row.refreshedAt.toISOString() : null,
    installedAt: row.installedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
