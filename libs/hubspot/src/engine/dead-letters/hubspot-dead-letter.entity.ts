import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import {
  CreatedAtColumn,
  OptionalDatetimeColumn,
  PortalIdColumn,
  UpdatedAtColumn,
} from '../../model/entity-columns';
import { jsonText } from '../../model/column-transformers';

export type DeadLetterStatus = 'open' | 'replaying' | 'resolved';

/** A write HubSpot refused (or that kept failing): kept with HubSpot's reason until replayed or resolved. */
@Entity('hubspot_dead_letters')
@Index('IDX_hubspot_dead_letters_portal_status', ['portalId', 'status', 'id'])
@Index('IDX_hubspot_dead_letters_key', ['portalId', 'objectType', 'localKey'])
export class HubspotDeadLetter {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @PortalIdColumn()
  portalId!: number;

  @Column({ name: 'object_type', type: 'varchar', length: 64 })
  objectType!: string;

  /** What was attempted: 'upsert', 'associate', ... (picks the replayer). */
  @Column({ type: 'varchar', length: 32 })
  operation!: string;

  @Column({ name: 'local_key', type: 'varchar', length: 255, nullable: true })
  localKey!: string | null;

  @Column({ type: 'varchar', length: 16 })
  lane!: string;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status!: DeadLetterStatus;

  /** HubSpot's category (VALIDATION_ERROR, CONFLICT, ...) or ours (NETWORK_ERROR, TIMEOUT, ...). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  category!: string | null;

  /** HubSpot's message, verbatim. */
  @Column({ type: 'text' })
  message!: string;

  @Column({ name: 'status_code', type: 'int', nullable: true })
  statusCode!: number | null;

  @Column({ name: 'correlation_id', type: 'varchar', length: 64, nullable: true })
  correlationId!: string | null;

  /** Everything needed to send it again. */
  @Column({ type: 'mediumtext', transformer: jsonText })
  payload!: Record<string, unknown>;

  /** HubSpot's error details (errors[], context), token-free. */
  @Column({ type: 'text', nullable: true, transformer: jsonText })
  details!: Record<string, unknown> | null;

  @Column({ type: 'int', default: 1 })
  attempts!: number;

  @Column({ name: 'replay_count', type: 'int', default: 0 })
  replayCount!: number;

  @Column({ name: 'job_id', type: 'varchar', length: 255, nullable: true })
  jobId!: string | null;

  @OptionalDatetimeColumn('resolved_at')
  resolvedAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
