import { HubspotSyncRun } from './hubspot-sync-run.entity';
import { SyncRunKind, SyncRunPhase, SyncRunReport, SyncRunScope, SyncRunStatus } from './sync-run.types';

/** A run as operators see it: progress, rate and ETA derived from the row. */
export interface SyncRunView {
  id: number;
  kind: SyncRunKind;
  scope: SyncRunScope;
  dryRun: boolean;
  incremental: boolean;
  portalId: number;
  status: SyncRunStatus;
  phase: SyncRunPhase | null;
  processed: number;
  total: number;
  failed: number;
  /** 0..100, null while the total is unknown. */
  percent: number | null;
  /** Records per second over the current attempt. */
  ratePerSecond: number | null;
  etaSeconds: number | null;
  callsUsed: number;
  resumedCount: number;
  report: SyncRunReport | null;
  error: string | null;
  requestedBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  parkedUntil: Date | null;
}

export function toSyncRunView(run: HubspotSyncRun, now = Date.now()): SyncRunView {
  const percent = run.total > 0 ? Math.min(100, Math.round((run.processed / run.total) * 1000) / 10) : null;
  let ratePerSecond: number | null = null;
  let etaSeconds: number | null = null;
  if (run.status === 'running' && run.attemptStartedAt) {
    const elapsed = (now - run.attemptStartedAt.getTime()) / 1000;
    const done = run.processed - run.attemptStartProcessed;
    if (elapsed > 0 && done > 0) {
      ratePerSecond = Math.round((done / elapsed) * 10) / 10;
      if (run.total > 0) etaSeconds = Math.max(0, Math.ceil((run.total - run.processed) / (done / elapsed)));
    }
  } else if (run.finishedAt && run.startedAt && run.processed > 0) {
    const elapsed = (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000;
    if (elapsed > 0) ratePerSecond = Math.round((run.processed / elapsed) * 10) / 10;
    etaSeconds = run.status === 'completed' ? 0 : null;
  }
  return {
    id: run.id,
    kind: run.kind,
    scope: run.scope,
    dryRun: run.dryRun,
    incremental: run.incremental,
    portalId: run.portalId,
    status: run.status,
    phase: run.phase,
    processed: run.processed,
    total: run.total,
    failed: run.failed,
    percent,
    ratePerSecond,
    etaSeconds,
    callsUsed: run.callsUsed,
    resumedCount: run.resumedCount,
    report: run.report,
    error: run.error,
    requestedBy: run.requestedBy,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    parkedUntil: run.parkedUntil,
  };
}
