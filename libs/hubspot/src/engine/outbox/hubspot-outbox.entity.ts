import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintAsNumber } from '../../model/column-transformers';

/** What an outbox row asks for: a queued upsert, a queued association, or a deal for a sales event. */
export type OutboxKind = 'upsert' | 'associate' | 'sale';

/**
 * One intent written inside the host's transaction. It exists only if that transaction committed; the relay
 * hands it to the Redis queues, and it is deleted once its delivery is settled (HubSpot accepted it, or it
 * was dead-lettered with HubSpot's reason).
 */
@Entity('hubspot_outbox')
@Index('IDX_hubspot_outbox_due', ['relayedAt', 'id'])
@Index('IDX_hubspot_outbox_record', ['recordHash', 'id'])
export class HubspotOutbox {
  /** BIGINT (mysql2 returns it as a string); ids within Number.MAX_SAFE_INTEGER are used as numbers. */
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: OutboxKind;

  @Column({ name: 'portal_id', type: 'bigint', transformer: bigintAsNumber })
  portalId!: number;

  @Column({ name: 'object_type', type: 'varchar', length: 64 })
  objectType!: string;

  @Column({ name: 'local_key', type: 'varchar', length: 255 })
  localKey!: string;

  /** sha1 of kind, portal, object type and key: the rows of one record, relayed together in order. */
  @Column({ name: 'record_hash', type: 'char', length: 40, charset: 'ascii', collation: 'ascii_bin' })
  recordHash!: string;

  /** The intent as JSON (MEDIUMTEXT). */
  @Column({ type: 'mediumtext' })
  payload!: string;

  /** When the host's transaction wrote it (the writer's clock). */
  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  /** When the relay last handed it to Redis; null while it waits for the relay. */
  @Column({ name: 'relayed_at', type: 'datetime', precision: 3, nullable: true })
  relayedAt!: Date | null;

  /** The Redis data set it was handed to (changes when Redis comes back empty). */
  @Column({ name: 'relay_epoch', type: 'varchar', length: 32, nullable: true })
  relayEpoch!: string | null;

  @Column({ name: 'relay_count', type: 'int', default: 0 })
  relayCount!: number;
}
