/**
 * Lease timing of runs. A worker proves it is alive every `heartbeatMs`; a run whose heartbeat is older
 * than `leaseMs` is picked up again by any worker (its sweep runs every `sweepMs`). Every write of the
 * owner is fenced by its owner id, so a worker that lost the lease stops at its next checkpoint.
 * Provided under SYNC_RUN_TIMING so a host (or a test) can override it.
 */
export interface SyncRunTiming {
  leaseMs: number;
  heartbeatMs: number;
  sweepMs: number;
  /** How often a following CLI/admin poll should refresh; also the progress-report cadence. */
  pollMs: number;
}

export const SYNC_RUN_TIMING = Symbol('SYNC_RUN_TIMING');

export const DEFAULT_SYNC_RUN_TIMING: SyncRunTiming = {
  leaseMs: 15_000,
  heartbeatMs: 3_000,
  sweepMs: 5_000,
  pollMs: 500,
};
