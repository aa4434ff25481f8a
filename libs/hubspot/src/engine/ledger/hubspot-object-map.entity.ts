import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import {
  CreatedAtColumn,
  OptionalDatetimeColumn,
  PortalIdColumn,
  UpdatedAtColumn,
} from '../../model/entity-columns';

/**
 * The sync ledger: which HubSpot record a local key maps to and what was last sent for it. A row with a null
 * `hubspotId` is a claim taken before a non-idempotent create (deals, line items).
 */
@Entity('hubspot_object_map')
@Index('UQ_hubspot_object_map_key', ['portalId', 'objectType', 'localKey'], { unique: true })
@Index('IDX_hubspot_object_map_hubspot_id', ['portalId', 'objectType', 'hubspotId'])
export class HubspotObjectMap {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @PortalIdColumn()
  portalId!: number;

  /** HubSpot object type ('contacts', 'companies', 'deals', '2-1234', ...) or an 'assoc:' pseudo type. */
  @Column({ name: 'object_type', type: 'varchar', length: 64 })
  objectType!: string;

  /** The host's key: case-folded email or user id, normalised domain, sales event key, ... */
  @Column({ name: 'local_key', type: 'varchar', length: 255 })
  localKey!: string;

  @Column({ name: 'hubspot_id', type: 'varchar', length: 32, nullable: true })
  hubspotId!: string | null;

  /** sha256 of the last content HubSpot accepted for this key (see contentHash). */
  @Column({ name: 'content_hash', type: 'char', length: 64, nullable: true })
  contentHash!: string | null;

  @OptionalDatetimeColumn('last_synced_at')
  lastSyncedAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
