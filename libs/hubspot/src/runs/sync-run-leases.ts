import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { HubspotSyncRun } from './hubspot-sync-run.entity';
import { SYNC_RUN_TIMING, SyncRunTiming } from './sync-run.timing';
import { FINAL_RUN_STATUSES, SyncRunStatus } from './sync-run.types';
import { RunProgressPatch } from './sync-runs.service';

/**
 * The worker side of runs: a lease (owner id + heartbeat, judged on the database clock) so exactly one live
 * worker owns a running run, and every progress write fenced by it.
 */
@Injectable()
export class SyncRunLeases {
  constructor(
    @InjectRepository(HubspotSyncRun) private readonly repo: Repository<HubspotSyncRun>,
    @Inject(SYNC_RUN_TIMING) private readonly timing: SyncRunTiming,
  ) {}

  find(id: number): Promise<HubspotSyncRun | null> {
    return this.repo.findOneBy({ id });
  }

  /**
   * Takes the lease. Succeeds for a queued run, a parked run whose reset has passed, or a running run whose
   * owner stopped heart-beating. Picking up a run that had started before counts as a resume.
   */
  async claim(id: number, ownerId: string): Promise<HubspotSyncRun | null> {
    const leaseMicros = this.timing.leaseMs * 1000;
    const result = await this.repo
      .createQueryBuilder()
      .update(HubspotSyncRun)
      .set({
        status: 'running',
        ownerId,
        heartbeatAt: () => 'NOW(3)',
        parkedUntil: null,
        resumedCount: () => 'resumed_count + IF(started_at IS NULL, 0, 1)',
        startedAt: () => 'COALESCE(started_at, NOW(3))',
        attemptStartedAt: () => 'NOW(3)',
        attemptStartProcessed: () => 'processed',
      })
      .where('id = :id', { id })
      .andWhere(
        `(status = 'queued'
          OR (status = 'parked' AND (parked_until IS NULL OR parked_until <= NOW(3)))
          OR (status = 'running' AND (heartbeat_at IS NULL
              OR heartbeat_at < TIMESTAMPADD(MICROSECOND, -:leaseMicros, NOW(3)))))`,
        { leaseMicros },
      )
      .execute();
    if (!result.affected) return null;
    return this.find(id);
  }

  /** Saves progress and renews the lease; false when the lease is lost or the run was paused/cancelled. */
  async checkpoint(id: number, ownerId: string, patch: RunProgressPatch): Promise<boolean> {
    const result = await this.repo
      .createQueryBuilder()
      .update(HubspotSyncRun)
      .set({ ...this.toColumns(patch), heartbeatAt: () => 'NOW(3)' })
      .where("id = :id AND owner_id = :ownerId AND status = 'running'", { id, ownerId })
      .execute();
    return !!result.affected;
  }

  heartbeat(id: number, ownerId: string): Promise<boolean> {
    return this.checkpoint(id, ownerId, {});
  }

  /** Ends the owner's attempt with a final (or parked) status. */
  async finish(
    id: number,
    ownerId: string,
    status: SyncRunStatus,
    patch: RunProgressPatch & { error?: string | null; parkedUntil?: Date | null } = {},
  ): Promise<boolean> {
    const final = FINAL_RUN_STATUSES.includes(status);
    const result = await this.repo
      .createQueryBuilder()
      .update(HubspotSyncRun)
      .set({
        ...this.toColumns(patch),
        status,
        error: patch.error === undefined ? undefined : patch.error,
        parkedUntil: patch.parkedUntil ?? null,
        finishedAt: final ? () => 'NOW(3)' : undefined,
        heartbeatAt: () => 'NOW(3)',
      })
      .where("id = :id AND owner_id = :ownerId AND status = 'running'", { id, ownerId })
      .execute();
    return !!result.affected;
  }

  /** Runs whose owner stopped heart-beating, and parked runs whose reset has passed. */
  async findOrphans(): Promise<HubspotSyncRun[]> {
    return this.repo
      .createQueryBuilder('r')
      .where(
        `(r.status = 'running' AND (r.heartbeat_at IS NULL
            OR r.heartbeat_at < TIMESTAMPADD(MICROSECOND, -:leaseMicros, NOW(3))))
          OR (r.status = 'parked' AND r.parked_until <= NOW(3))`,
        { leaseMicros: this.timing.leaseMs * 1000 },
      )
      .getMany();
  }

  /** Runs that wait for a worker (used to re-enqueue when the Bull job is gone). */
  findQueued(): Promise<HubspotSyncRun[]> {
    return this.repo.find({ where: { status: In(['queued']) } });
  }

  private toColumns(patch: RunProgressPatch): QueryDeepPartialEntity<HubspotSyncRun> {
    const cols: Record<string, unknown> = {};
    for (const key of [
      'phase',
      'checkpoint',
      'total',
      'processed',
      'failed',
      'callsUsed',
      'report',
    ] as const) {
      if (patch[key] !== undefined) cols[key] = patch[key];
    }
    return cols as QueryDeepPartialEntity<HubspotSyncRun>;
  }
}
