import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { HubspotOAuthToken } from './hubspot-oauth-token.entity';
import { OAuthInstallMeta, OAuthTokenSet, StoredPortalToken } from './oauth-token.types';
import { TokenCipher, TokenContext } from './token-cipher';

const TABLE = 'hubspot_oauth_tokens';

/** The `hubspot_oauth_tokens` table: encrypts on write, decrypts on read, re-encrypts rows of rotated keys. */
@Injectable()
export class OAuthTokenStore {
  private readonly logger = new Logger(OAuthTokenStore.name);
  private cipherInstance?: TokenCipher;

  constructor(
    @InjectRepository(HubspotOAuthToken) private readonly repo: Repository<HubspotOAuthToken>,
    @InjectHubspotConfig() private readonly config: HubspotConfig,
  ) {}

  /** Built on first use so that private-app mode needs no encryption key. */
  private get cipher(): TokenCipher {
    this.cipherInstance ??= new TokenCipher(
      this.config.auth.encryptionKey ?? '',
      this.config.auth.previousEncryptionKeys ?? [],
    );
    return this.cipherInstance;
  }

  async load(portalId: number): Promise<StoredPortalToken | null> {
    const row = await this.repo.findOneBy({ portalId });
    if (!row) return null;
    const stored = this.decryptRow(row);
    if (this.needsRewrite(row)) await this.reencrypt(row, stored);
    return stored;
  }

  /** Rows without tokens: for listings and the default-portal choice. */
  rows(): Promise<HubspotOAuthToken[]> {
    return this.repo.find({
      select: {
        portalId: true,
        status: true,
        statusReason: true,
        scopes: true,
        hubDomain: true,
        appId: true,
        expiresAt: true,
        refreshCount: true,
        refreshedAt: true,
        installedAt: true,
        updatedAt: true,
        keyId: true,
        tokenVersion: true,
      },
      order: { portalId: 'ASC' },
    });
  }

  /**
   * First install or re-install: stores fresh tokens and makes the portal active again. The row is locked
   * while its next token_version is chosen, because the ciphertexts are bound to that version.
   */
  async saveInstall(portalId: number, tokens: OAuthTokenSet, meta: OAuthInstallMeta): Promise<void> {
    await this.repo.manager.transaction(async (manager) => {
      const [current] = (await manager.query(
        `SELECT token_version FROM \`${TABLE}\` WHERE portal_id = ? FOR UPDATE`,
        [portalId],
      )) as Array<{ token_version: number }>;
      const version = (current ? Number(current.token_version) : 0) + 1;
      await manager.query(
        `INSERT INTO \`${TABLE}\` (portal_id, access_token_enc, refresh_token_enc, key_id, expires_at, scopes,
           hub_domain, app_id, status, status_reason, token_version, refresh_count, installed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', NULL, ?, 0, CURRENT_TIMESTAMP(3))
         ON DUPLICATE KEY UPDATE access_token_enc = VALUES(access_token_enc),
           refresh_token_enc = VALUES(refresh_token_enc), key_id = VALUES(key_id), expires_at = VALUES(expires_at),
           scopes = VALUES(scopes), hub_domain = VALUES(hub_domain), app_id = VALUES(app_id), status = 'active',
           status_reason = NULL, token_version = VALUES(token_version), installed_at = CURRENT_TIMESTAMP(3)`,
        [
          portalId,
          this.cipher.encrypt(tokens.accessToken, context(portalId, 'access', version)),
          this.cipher.encrypt(tokens.refreshToken, context(portalId, 'refresh', version)),
          this.cipher.currentKeyId,
          tokens.expiresAt,
          meta.scopes.join(' '),
          meta.hubDomain ?? null,
          meta.appId ?? null,
          version,
        ],
      );
    });
  }

  /**
   * Writes refreshed tokens only if nobody wrote since `expectedVersion` was read (compare-and-set), so a
   * refresh that outlived its lock cannot overwrite a newer install. Returns whether it wrote.
   */
  async saveRefreshed(portalId: number, expectedVersion: number, tokens: OAuthTokenSet): Promise<boolean> {
    const version = expectedVersion + 1;
    const result = await this.repo
      .createQueryBuilder()
      .update(HubspotOAuthToken)
      .set({
        accessTokenEnc: this.cipher.encrypt(tokens.accessToken, context(portalId, 'access', version)),
        refreshTokenEnc: this.cipher.encrypt(tokens.refreshToken, context(portalId, 'refresh', version)),
        keyId: this.cipher.currentKeyId,
        expiresAt: tokens.expiresAt,
        tokenVersion: version,
        refreshCount: () => 'refresh_count + 1',
        refreshedAt: () => 'CURRENT_TIMESTAMP(3)',
      })
      .where('portal_id = :portalId AND token_version = :expectedVersion AND status = :active', {
        portalId,
        expectedVersion,
        active: 'active',
      })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /**
   * Parks the portal. token_version stays (the blobs are bound to it); a refresh still in flight cannot
   * write over this because saveRefreshed only writes active rows.
   */
  async markNeedsReinstall(portalId: number, reason: string): Promise<void> {
    await this.repo.update({ portalId }, { status: 'needs_reinstall', statusReason: reason.slice(0, 255) });
  }

  async remove(portalId: number): Promise<boolean> {
    const result = await this.repo.delete({ portalId });
    return (result.affected ?? 0) > 0;
  }

  /**
   * Re-encrypts every row still under a previous key or in the format that did not bind token_version;
   * returns how many rows it rewrote.
   */
  async reencryptAll(): Promise<number> {
    let rewritten = 0;
    for (const { portalId } of await this.rows()) {
      const row = await this.repo.findOneBy({ portalId });
      if (row && this.needsRewrite(row) && (await this.reencrypt(row, this.decryptRow(row)))) rewritten++;
    }
    return rewritten;
  }

  private needsRewrite(row: HubspotOAuthToken): boolean {
    return (
      this.cipher.needsRewrite(row.accessTokenEnc, row.keyId) ||
      this.cipher.needsRewrite(row.refreshTokenEnc, row.keyId)
    );
  }

  private decryptRow(row: HubspotOAuthToken): StoredPortalToken {
    return {
      portalId: row.portalId,
      accessToken: this.cipher.decrypt(
        row.accessTokenEnc,
        row.keyId,
        context(row.portalId, 'access', row.tokenVersion),
      ),
      refreshToken: this.cipher.decrypt(
        row.refreshTokenEnc,
        row.keyId,
        context(row.portalId, 'refresh', row.tokenVersion),
      ),
      expiresAt: row.expiresAt,
      status: row.status,
      statusReason: row.statusReason,
      scopes: row.scopes ? row.scopes.split(' ').filter(Boolean) : [],
      tokenVersion: row.tokenVersion,
    };
  }

  private async reencrypt(row: HubspotOAuthToken, stored: StoredPortalToken): Promise<boolean> {
    // Same token_version and key_id guard: a concurrent refresh or install wins over the rotation.
    const version = row.tokenVersion;
    const result = await this.repo
      .createQueryBuilder()
      .update(HubspotOAuthToken)
      .set({
        accessTokenEnc: this.cipher.encrypt(stored.accessToken, context(row.portalId, 'access', version)),
        refreshTokenEnc: this.cipher.encrypt(stored.refreshToken, context(row.portalId, 'refresh', version)),
        keyId: this.cipher.currentKeyId,
      })
      .where('portal_id = :portalId AND token_version = :version AND key_id = :keyId', {
        portalId: row.portalId,
        version: row.tokenVersion,
        keyId: row.keyId,
      })
      .execute();
    const wrote = (result.affected ?? 0) > 0;
    if (wrote) this.logger.log(`Re-encrypted the tokens of portal ${row.portalId} (current key and format)`);
    return wrote;
  }
}

/** GCM additional data: binds a blob to its portal, column and the row's token_version. */
function context(portalId: number, column: 'access' | 'refresh', version: number): TokenContext {
  return { row: `hubspot_oauth_tokens:${portalId}:${column}`, version };
}
