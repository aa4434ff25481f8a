/** What a run does. */
export type SyncRunKind = 'backfill' | 'reconcile';

/** Which records a run covers; backfills of 'all' go companies, contacts, associations. */
export type SyncRunScope = 'contacts' | 'companies' | 'all';

/** Phases in the order a backfill runs them. */
export type SyncRunPhase = 'companies' | 'contacts' | 'associations';
export const SYNC_RUN_PHASES: readonly SyncRunPhase[] = ['companies', 'contacts', 'associations'];

/**
 * queued: waiting for a worker; running: a worker holds its lease; paused: an operator stopped it;
 * parked: the portal's daily budget is spent, waits for the reset; completed / failed / cancelled: final.
 */
export type SyncRunStatus = 'queued' | 'running' | 'paused' | 'parked' | 'completed' | 'failed' | 'cancelled';
export const FINAL_RUN_STATUSES: readonly SyncRunStatus[] = ['completed', 'failed', 'cancelled'];
/** Statuses a worker may pick a run up from (running only when the previous owner's lease expired). */
export const CLAIMABLE_RUN_STATUSES: readonly SyncRunStatus[] = ['queued', 'parked', 'running'];

/** Per-phase counters of a backfill. */
export interface PhaseCounts {
  total: number;
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

/** What a dry run found and what the real run would cost. */
export interface DryRunEstimate {
  wouldCreate: number;
  wouldUpdate: number;
  unchanged: number;
  /** Write calls the real run would make (batches of upserts and associations). */
  estimatedCalls: number;
  /** Calls the dry run itself spent reading HubSpot. */
  readCalls: number;
  dailyLimit?: number;
  dailyRemaining?: number;
  /** estimatedCalls / dailyLimit (null when HubSpot does not report a daily limit, e.g. OAuth). */
  shareOfDailyBudget: number | null;
}

/** Report of a reconciliation. */
export interface ReconcileReport {
  checked: number;
  missing: number;
  drifted: number;
  fixed: number;
  failed: number;
  /** Open dead letters sent again at the end of the run (they resolve as their writes succeed). */
  deadLettersRetried: number;
  /** HubSpot calls the run spent (reads, searches, repairs), as on the run row. */
  callsUsed?: number;
  /** Incremental runs: HubSpot's and the sources' local changes in [since, until) were checked (epoch ms). */
  since?: number;
  until?: number;
  /** Incremental runs: records the sources reported as changed locally (`changedSince`). */
  localChanges?: number;
  /** A few examples of what was found (keys only), for operators. */
  samples?: { missing: string[]; drifted: string[] };
}

export interface SyncRunReport {
  phases?: Partial<Record<SyncRunPhase, PhaseCounts>>;
  dryRun?: DryRunEstimate;
  reconcile?: ReconcileReport;
}

/** Where a run stands: phase plus the source's opaque cursor (null = start of the phase); 'done' after the last. */
export interface RunCheckpoint {
  phase: SyncRunPhase | 'done';
  cursor: string | null;
}
