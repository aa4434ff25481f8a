import { Injectable } from '@nestjs/common';
import { RunConflictError, RunNotFoundError } from '../errors/run-errors';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { HubspotSyncRun } from './hubspot-sync-run.entity';
import {
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

/** Runs as operators and services see them: create, find, list, and the operator transitions. */
@Injectable()
export class SyncRunsService {
  constructor(@InjectRepository(HubspotSyncRun) private readonly repo: Repository<HubspotSyncRun>) {}

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
    if (!run) throw new RunNotFoundError(id);
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
      throw new RunConflictError(`Run ${id} is ${run.status}; this needs one of: ${from.join(', ')}`);
    }
    return this.get(id);
  }
}
