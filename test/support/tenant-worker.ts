import 'reflect-metadata';
import { HubspotTelemetry, SyncEvents } from '@app/hubspot';
import { createTenantApp, TenantAppEnv } from './tenant-app';

/** What a worker tells its parent: records it saw HubSpot accept, and (for one portal) when its calls left. */
export type TenantWorkerMessage =
  | { type: 'ready'; pid: number }
  | { type: 'synced'; events: Array<{ portalId: number; localKey: string; at: number }> }
  | { type: 'skipped'; events: Array<{ portalId: number; localKey: string }> }
  | { type: 'calls'; portalId: number; starts: number[]; statuses: number[] };

/**
 * A worker process for the many-portals suites and bench: boots the app with the dispatcher on, reports every
 * 'synced' and 'skipped' record (and the calls of TENANT_WATCH_PORTAL) to its parent every 50 ms, and runs until killed
 * (SIGKILL: a crash) or asked to stop (SIGTERM: graceful shutdown).
 */
async function main(): Promise<void> {
  const env = JSON.parse(process.env.TENANT_ENV ?? '{}') as TenantAppEnv;
  const watch = Number(process.env.TENANT_WATCH_PORTAL ?? NaN);
  let synced: Array<{ portalId: number; localKey: string; at: number }> = [];
  let skipped: Array<{ portalId: number; localKey: string }> = [];
  let starts: number[] = [];
  let statuses: number[] = [];
  // Listening before init: the dispatcher starts at bootstrap and may send a batch before init resolves.
  const app = await createTenantApp({ ...env, worker: true, migrate: false }, (booting) => {
    booting
      .get(SyncEvents)
      .on('synced', (e) => synced.push({ portalId: e.portalId, localKey: e.localKey, at: Date.now() }))
      .on('skipped', (e) => skipped.push({ portalId: e.portalId, localKey: e.localKey }));
    booting.get(HubspotTelemetry).on('call', (e) => {
      if (e.portalId !== watch) return;
      starts.push(Date.now() - e.durationMs);
      statuses.push(e.status);
    });
  });
  const flush = () => {
    if (synced.length) process.send?.({ type: 'synced', events: synced } satisfies TenantWorkerMessage);
    if (skipped.length) process.send?.({ type: 'skipped', events: skipped } satisfies TenantWorkerMessage);
    if (starts.length)
      process.send?.({ type: 'calls', portalId: watch, starts, statuses } satisfies TenantWorkerMessage);
    synced = [];
    skipped = [];
    starts = [];
    statuses = [];
  };
  const timer = setInterval(flush, 50);
  process.send?.({ type: 'ready', pid: process.pid } satisfies TenantWorkerMessage);
  process.once('SIGTERM', () => {
    void app.close().then(() => {
      flush();
      clearInterval(timer);
      setTimeout(() => process.exit(0), 50);
    });
  });
}

main().catch((err) => {
  process.stderr.write(`tenant worker failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
