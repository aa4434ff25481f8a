import { Column, Entity, PrimaryColumn, ValueTransformer } from 'typeorm';
import { OptionalDatetimeColumn, UpdatedAtColumn } from '../../model/entity-columns';

/** MySQL BIGINT comes back as a string; hub ids and epoch-ms fit a JS number. */
const bigintAsNumber: ValueTransformer = {
  to: (value?: number | null) => value,
  from: (value?: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};

export type OAuthPortalStatus = 'active' | 'needs_reinstall';

/** One installed portal's OAuth tokens. Token columns hold AES-256-GCM ciphertext only. */
@Entity({ name: 'hubspot_oauth_tokens' })
export class HubspotOAuthToken {
  @PrimaryColumn({ name: 'portal_id', type: 'bigint', transformer: bigintAsNumber })
  portalId!: number;

  @Column({ name: 'access_token_enc', type: 'varbinary', length: 1024 })
  accessTokenEnc!: Buffer;

  @Column({ name: 'refresh_token_enc', type: 'varbinary', length: 1024 })
  refreshTokenEnc!: Buffer;

  /** Which encryption key wrote the two blobs (see TokenCipher.keyId). */
  @Column({ name: 'key_id', type: 'varchar', length: 16 })
  keyId!: string;

  /** Access token expiry, epoch ms. */
  @Column({ name: 'expires_at', type: 'bigint', transformer: bigintAsNumber })
  expiresAt!: number;

  /** Space-separated scopes granted at install. */
  @Column({ name: 'scopes', type: 'text' })
  scopes!: string;

  @Column({ name: 'hub_domain', type: 'varchar', length: 255, nullable: true })
  hubDomain!: string | null;

  @Column({ name: 'app_id', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  appId!: number | null;

  @Column({ name: 'status', type: 'varchar', length: 32, default: 'active' })
  status!: OAuthPortalStatus;

  @Column({ name: 'status_reason', type: 'varchar', length: 255, nullable: true })
  statusReason!: string | null;

  /** Bumped on every token write; refreshes write conditionally on it (compare-and-set). */
  @Column({ name: 'token_version', type: 'int', default: 1 })
  tokenVersion!: number;

  @Column({ name: 'refresh_count', type: 'int', default: 0 })
  refreshCount!: number;

  @OptionalDatetimeColumn('refreshed_at')
  refreshedAt!: Date | null;

  /** Last (re)install through the callback. */
  @Column({ name: 'installed_at', type: 'datetime', precision: 3 })
  installedAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
