import { HubspotSyncRun } from './hubspot-sync-run.entity';
import { RunProgressPatch } from './sync-runs.service';
import { SyncRunKind } from './sync-run.types';

/** What an executor gets for one attempt at a run. */
export interface RunContext {
  /** The run as claimed (checkpoint, counts and report of earlier attempts included). */
  readonly run: HubspotSyncRun;
  /** Aborted when the run is paused or cancelled, its lease is lost, or the process shuts down. */
  readonly signal: AbortSignal;
  /** Calls spent by this run so far, across attempts. */
  callsUsed(): number;
  /** Saves progress and renews the lease; throws RunStoppedError when the run must stop. */
  save(patch: RunProgressPatch): Promise<void>;
}

/** Runs of one kind; returns the final progress to store with status 'completed'. */
export interface RunExecutor {
  readonly kind: SyncRunKind;
  execute(context: RunContext): Promise<RunProgressPatch>;
}

/** The run must stop here: paused, cancelled, taken over by another worker, or the process is stopping. */
export class RunStoppedError extends Error {
  constructor(readonly runId: number) {
    super(`Run ${runId} stopped (paused, cancelled, lease lost or shutting down)`);
    this.name = 'RunStoppedError';
  }
}

export const RUN_JOB = 'run';

export interface RunJobData {
  runId: number;
}

/** Deterministic job id per attempt, so sweeps on several pods enqueue one job per attempt. */
export function runJobId(run: Pick<HubspotSyncRun, 'id' | 'startedAt' | 'resumedCount'>): string {
  return `run-${run.id}-${run.startedAt ? run.resumedCount + 1 : 0}`;
}

/** DI token: the executors (backfill, reconcile) the worker dispatches to by kind. */
export const RUN_EXECUTORS = Symbol('RUN_EXECUTORS');
