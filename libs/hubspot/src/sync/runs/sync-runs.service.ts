import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { HubspotSyncRun } from './hubspot-sync-run.entity';
import { SYNC_RUN_TIMING, SyncRunTiming } from './sync-run.timing';
import {
  FINAL_RUN_STATUSES,
  RunCheckpoint,
  SyncRunKind,
  SyncRunPhase,
  SyncRunReport,
  SyncRunScope,
  SyncRunStatus,
} from './sync-run.types';

export interface CreateRunInput {
  kind: SyncRunKind;
  portalId: number;
  scope?: SyncRunScope;
  dryRun?: boolean;
  incremental?: boolean;
  batchSize?: number;
  requestedBy?: string;
  slotKey?: string;
}

export interface ListRunsFilter {
  portalId?: number;
  kind?: SyncRunKind;
  status?: SyncRunStatus;
  limit?: number;
  offset?: number;
}

/** What the owner of a run writes at every checkpoint (absolute values: only the owner writes them). */
export interface RunProgressPatch {
  phase?: SyncRunPhase | null;
  checkpoint?: RunCheckpoint | null;
  total?: number;
  processed?: number;
  failed?: number;
  callsUsed?: number;
  report?: SyncRunReport | null;
}

/** Persistence of runs, with a lease so exactly one live worker owns a running run. */
@Injectable()
export class SyncRunsService {
  constructor(
    @InjectRepository(HubspotSyncRun) private readonly repo: Repository<HubspotSyncRun>,
    @Inject(SYNC_RUN_TIMING) private readonly timing: SyncRunTiming,
  ) {}

  create(input: CreateRunInput): Promise<HubspotSyncRun> {
    return this.repo.save(
      this.repo.create({
        kind: input.kind,
        portalId: input.portalId,
        scope: input.scope ?? 'all',
        dryRun: input.dryRun ?? false,
        incremental: input.incremental ?? false,
        batchSize: input.batchSize ?? 100,
        requestedBy: input.requestedBy ?? null,
        slotKey: input.slotKey ?? null,
        status: 'queued',
      }),
    );
  }

  find(id: number): Promise<HubspotSyncRun | null> {
    return this.repo.findOneBy({ id });
  }

  async get(id: number): Promise<HubspotSyncRun> {
    const run = await this.find(id);
    if (!run) throw new NotFoundException(`Run ${id} does not exist`);
    return run;
  }

  list(filter: ListRunsFilter = {}): Promise<HubspotSyncRun[]> {
    return this.repo.find({
      // TypeORM 1 rejects undefined in where clauses: only the filters given.
      where: Object.fromEntries(
        Object.entries({ portalId: filter.portalId, kind: filter.kind, status: filter.status }).filter(
          ([, value]) => value !== undefined,
        ),
      ),
      order: { id: 'DESC' },
      take: filter.limit ?? 50,
      skip: filter.offset ?? 0,
    });
  }

  /** A run of this kind for the portal that is not final yet (queued, running, parked or paused). */
  findActive(kind: SyncRunKind, portalId: number): Promise<HubspotSyncRun | null> {
    return this.repo.findOne({
      where: { kind, portalId, status: In(['queued', 'running', 'parked', 'paused']) },
      order: { id: 'DESC' },
    });
  }

  /** The latest completed run of this kind (for incremental reconciliation's "since"). */
  lastCompleted(kind: SyncRunKind, portalId: number, excludeId?: number): Promise<HubspotSyncRun | null> {
    return this.repo
      .createQueryBuilder('r')
      .where('r.kind = :kind AND r.portal_id = :portalId AND r.status = :status', {
        kind,
        portalId,
        status: 'completed',
      })
      .andWhere('r.dry_run = 0')
      .andWhere(excludeId ? 'r.id <> :excludeId' : '1=1', { excludeId })
      .orderBy('r.started_at', 'DESC')
      .getOne();
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

  /** Operator transitions; each returns the run after the change, or throws if it does not apply. */
  pause(id: number): Promise<HubspotSyncRun> {
    return this.transition(id, ['queued', 'running', 'parked'], { status: 'paused' });
  }

  resume(id: number): Promise<HubspotSyncRun> {
    return this.transition(id, ['paused'], { status: 'queued' });
  }

  cancel(id: number): Promise<HubspotSyncRun> {
    return this.transition(id, ['queued', 'running', 'parked', 'paused'], {
      status: 'cancelled',
      finishedAt: () => 'NOW(3)',
    });
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

  private async transition(
    id: number,
    from: SyncRunStatus[],
    set: QueryDeepPartialEntity<HubspotSyncRun>,
  ): Promise<HubspotSyncRun> {
    const run = await this.get(id);
    const result = await this.repo
      .createQueryBuilder()
      .update(HubspotSyncRun)
      .set(set)
      .where('id = :id AND status IN (:...from)', { id, from })
      .execute();
    if (!result.affected) {
      throw new RunStateConflictError(id, run.status, from);
    }
    return this.get(id);
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

/** An operator asked for a transition the run's current status does not allow (HTTP 409). */
export class RunStateConflictError extends ConflictException {
  constructor(
    readonly runId: number,
    readonly runStatus: SyncRunStatus,
    readonly allowedFrom: SyncRunStatus[],
  ) {
    super(`Run ${runId} is ${runStatus}; this needs one of: ${allowedFrom.join(', ')}`);
  }
}
