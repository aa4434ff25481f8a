import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import {
  CreatedAtColumn,
  OptionalDatetimeColumn,
  PortalIdColumn,
  UpdatedAtColumn,
} from '../model/entity-columns';
import {
  RunCheckpoint,
  SyncRunKind,
  SyncRunPhase,
  SyncRunReport,
  SyncRunScope,
  SyncRunStatus,
} from './sync-run.types';

/** One backfill or reconciliation: its progress, checkpoint, lease and report. */
@Entity('hubspot_sync_runs')
@Index('IDX_hubspot_sync_runs_portal_kind', ['portalId', 'kind', 'createdAt'])
@Index('IDX_hubspot_sync_runs_status_heartbeat', ['status', 'heartbeatAt'])
export class HubspotSyncRun {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: SyncRunKind;

  @Column({ type: 'varchar', length: 16, default: 'all' })
  scope!: SyncRunScope;

  @Column({ name: 'dry_run', type: 'boolean', default: false })
  dryRun!: boolean;

  @Column({ type: 'boolean', default: false })
  incremental!: boolean;

  @PortalIdColumn()
  portalId!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: SyncRunStatus;

  @Column({ type: 'varchar', length: 16, nullable: true })
  phase!: SyncRunPhase | null;

  /** Checkpoint saved after every batch: a restarted worker continues from here. */
  @Column({ type: 'simple-json', nullable: true })
  checkpoint!: RunCheckpoint | null;

  @Column({ name: 'batch_size', type: 'int', default: 100 })
  batchSize!: number;

  @Column({ type: 'int', default: 0 })
  total!: number;

  @Column({ type: 'int', default: 0 })
  processed!: number;

  @Column({ type: 'int', default: 0 })
  failed!: number;

  @Column({ name: 'calls_used', type: 'int', default: 0 })
  callsUsed!: number;

  /** How many times a worker picked the run up again after another one died or the run was parked/paused. */
  @Column({ name: 'resumed_count', type: 'int', default: 0 })
  resumedCount!: number;

  @Column({ type: 'simple-json', nullable: true })
  report!: SyncRunReport | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** Who asked: 'admin', 'cli', 'cron', or the host's label. */
  @Column({ name: 'requested_by', type: 'varchar', length: 64, nullable: true })
  requestedBy!: string | null;

  /** Cron slot that created the run; unique, so a slot runs once cluster-wide. */
  @Column({ name: 'slot_key', type: 'varchar', length: 128, nullable: true, unique: true })
  slotKey!: string | null;

  /** Lease: the worker holding the run and when it last proved it is alive. */
  @Column({ name: 'owner_id', type: 'varchar', length: 64, nullable: true })
  ownerId!: string | null;

  @OptionalDatetimeColumn('heartbeat_at')
  heartbeatAt!: Date | null;

  @OptionalDatetimeColumn('parked_until')
  parkedUntil!: Date | null;

  /** When the current attempt (first start or latest resume) began, with the processed count then: for rate/ETA. */
  @OptionalDatetimeColumn('attempt_started_at')
  attemptStartedAt!: Date | null;

  @Column({ name: 'attempt_start_processed', type: 'int', default: 0 })
  attemptStartProcessed!: number;

  @OptionalDatetimeColumn('started_at')
  startedAt!: Date | null;

  @OptionalDatetimeColumn('finished_at')
  finishedAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
