import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintAsNumber } from '../../model/column-transformers';

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

  @Column({ name: 'portal_id', type: 'bigint', transformer: bigintAsNumber })
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

  @Column({ name: 'last_synced_at', type: 'datetime', precision: 3, nullable: true })
  lastSyncedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
