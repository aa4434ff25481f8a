import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import {
  RunCheckpoint,
  SyncRunKind,
  SyncRunPhase,
  SyncRunReport,
  SyncRunScope,
  SyncRunStatus,
} from './sync-run.types';

const bigintAsNumber = {
  to: (value?: number | null) => value,
  from: (value?: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};

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

  @Column({ name: 'portal_id', type: 'bigint', transformer: bigintAsNumber })
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

  @Column({ name: 'heartbeat_at', type: 'datetime', precision: 3, nullable: true })
  heartbeatAt!: Date | null;

  @Column({ name: 'parked_until', type: 'datetime', precision: 3, nullable: true })
  parkedUntil!: Date | null;

  /** When the current attempt (first start or latest resume) began, with the processed count then: for rate/ETA. */
  @Column({ name: 'attempt_started_at', type: 'datetime', precision: 3, nullable: true })
  attemptStartedAt!: Date | null;

  @Column({ name: 'attempt_start_processed', type: 'int', default: 0 })
  attemptStartProcessed!: number;

  @Column({ name: 'started_at', type: 'datetime', precision: 3, nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true })
  finishedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
