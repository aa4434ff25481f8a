import { HubspotSyncRun } from './hubspot-sync-run.entity';
import { toSyncRunView } from './sync-run.view';

const base = {
  id: 1,
  kind: 'backfill',
  scope: 'all',
  dryRun: false,
  incremental: false,
  portalId: 5,
  phase: 'contacts',
  failed: 0,
  callsUsed: 10,
  resumedCount: 1,
  report: null,
  error: null,
  requestedBy: 'cli',
  createdAt: new Date(0),
  parkedUntil: null,
} as const;

describe('toSyncRunView', () => {
  it('derives percent, rate and ETA from the current attempt', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const run = {
      ...base,
      status: 'running',
      total: 1000,
      processed: 600,
      attemptStartProcessed: 400,
      attemptStartedAt: new Date(start),
      startedAt: new Date(start - 60_000),
      finishedAt: null,
    } as unknown as HubspotSyncRun;
    const view = toSyncRunView(run, start + 10_000);
    expect(view.percent).toBe(60);
    expect(view.ratePerSecond).toBe(20);
    expect(view.etaSeconds).toBe(20);
  });

  it('reports no rate or ETA before the first batch, and 0 ETA once completed', () => {
    const now = Date.now();
    const fresh = {
      ...base,
      status: 'running',
      total: 0,
      processed: 0,
      attemptStartProcessed: 0,
      attemptStartedAt: new Date(now),
      startedAt: new Date(now),
      finishedAt: null,
    } as unknown as HubspotSyncRun;
    expect(toSyncRunView(fresh, now + 1000)).toMatchObject({
      percent: null,
      ratePerSecond: null,
      etaSeconds: null,
    });
    const done = {
      ...base,
      status: 'completed',
      total: 100,
      processed: 100,
      attemptStartProcessed: 0,
      attemptStartedAt: new Date(now - 5000),
      startedAt: new Date(now - 10_000),
      finishedAt: new Date(now),
    } as unknown as HubspotSyncRun;
    expect(toSyncRunView(done, now)).toMatchObject({ percent: 100, ratePerSecond: 10, etaSeconds: 0 });
  });
});
