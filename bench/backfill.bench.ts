/**
 * Backfill bench: seeds N users, backfills them as contacts against the time-scaled emulator through the
 * real module (Redis limiter, MariaDB ledger and checkpoints), and prints ONE JSON line:
 *   {records, calls, recordsPerCall, rateLimited429s, seconds, utilization, maxPerWindow, windowMs,
 *    projected50kAt100per10sSeconds}
 *   npm run bench:backfill -- [--records 30000] [--max 100] [--window 2000] [--concurrency 4] [--in-process]
 * utilization: as in bench:limiter, (calls - max) / (max * span / window), span = between the centroids of the
 * first and the last `max` calls: 1.0 means the window budget was used at HubSpot's ceiling throughout.
 */
import 'reflect-metadata';
import { Command } from 'commander';
import { BackfillService, HubspotTelemetry, SyncRunsControl } from '@app/hubspot';
import { EmulatorStats, PortalOptions, startEmulator } from '@app/hubspot-emulator';
import { BF_PROPERTIES, createBackfillApp } from '../test/support/backfill-worker-app';
import { seedBackfillUsers, waitForRun } from '../test/support/backfill-worker-seed';
import { createTestDatabase, dropTestDatabase } from '../test/support/database';
import { emulatorProcess } from './support/emulator-process';
import { uniquePrefix } from '../test/support/services';

async function main(): Promise<void> {
  const opts = new Command()
    .option('--records <n>', 'users to backfill', '30000')
    .option('--max <n>', 'calls per rolling window', '100')
    .option('--window <ms>', 'rolling window, ms (time-scaled 5x: HubSpot uses 10,000)', '2000')
    .option('--concurrency <n>', 'batches in flight (sync.concurrency)', '4')
    .option(
      '--in-process',
      'run the emulator in this process (default: its own process, like a remote HubSpot)',
    )
    .parse(process.argv)
    .opts<{ records: string; max: string; window: string; concurrency: string; inProcess?: boolean }>();
  const records = Number(opts.records);
  const max = Number(opts.max);
  const windowMs = Number(opts.window);
  const portalId = 1099;
  const token = 'pat-bench-backfill';

  const database = await createTestDatabase('bench_backfill');
  const portal: PortalOptions = {
    portalId,
    tokens: [token],
    limits: { maxPerWindow: max, windowMs, daily: 10_000_000 },
    properties: BF_PROPERTIES,
  };
  const emu = opts.inProcess ? await inProcessEmulator(portal) : await emulatorProcess(portal);
  const app = await createBackfillApp({
    database,
    redisPrefix: uniquePrefix('bench-backfill'),
    emulatorUrl: emu.url,
    token,
    portalId,
    maxPerWindow: max,
    windowMs,
    worker: true,
    withCompanies: false,
    concurrency: Number(opts.concurrency),
  });
  try {
    await seedBackfillUsers(app, records);
    const starts: number[] = [];
    app.get(HubspotTelemetry).on('call', (e) => {
      if (e.lane === 'backfill') starts.push(Date.now() - e.durationMs);
    });
    const run = await app.get(BackfillService).start({ kind: 'contacts', requestedBy: 'bench' });
    await waitForRun(app, run.id, (r) => r.status === 'completed', 30 * 60_000);
    const done = await app.get(SyncRunsControl).view(run.id);
    const stats = await emu.stats();
    const calls = starts.length;
    starts.sort((a, b) => a - b);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const span = mean(starts.slice(-max)) - mean(starts.slice(0, max));
    const utilization = calls > max && span > 0 ? (calls - max) / ((max * span) / windowMs) : null;
    const recordsPerCall = records / calls;
    const calls50k = Math.ceil(50_000 / recordsPerCall);
    const projected = ((Math.max(0, calls50k - 100) / 100) * 10) / (utilization ?? 1);
    console.log(
      JSON.stringify({
        records: done.processed,
        calls,
        recordsPerCall: Number(recordsPerCall.toFixed(2)),
        rateLimited429s:
          stats.rateLimited.TEN_SECONDLY_ROLLING + stats.rateLimited.SECONDLY + stats.rateLimited.DAILY,
        seconds: Number(((done.finishedAt!.getTime() - done.startedAt!.getTime()) / 1000).toFixed(2)),
        utilization: utilization === null ? null : Number(utilization.toFixed(3)),
        maxPerWindow: max,
        windowMs,
        maxInAnyWindow: stats.maxInAnyWindow[String(portalId)] ?? 0,
        projected50kAt100per10sSeconds: Number(projected.toFixed(1)),
      }),
    );
  } finally {
    await app.close();
    await emu.stop();
    await dropTestDatabase(database);
  }
}

interface Emulator {
  url: string;
  stats(): Promise<EmulatorStats>;
  stop(): Promise<void>;
}

async function inProcessEmulator(portal: PortalOptions): Promise<Emulator> {
  const emu = await startEmulator({ portals: [portal] });
  return { url: emu.url, stats: async () => emu.control.stats(), stop: () => emu.stop() };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
