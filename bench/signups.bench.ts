/**
 * Signups bench: N signups issued at once through ContactsService.upsert (queued, coalesced) against the
 * emulator, through the real module (MariaDB ledger, Redis queue and limiter). Prints ONE JSON line:
 *   {intents, calls, recordsPerCall, p50Ms, p95Ms, maxMs, seconds, coalesceWindowMs, batchSize}
 * p50/p95: from an intent's enqueue (staged in Redis) to HubSpot accepting the batch that carried it.
 *   npm run bench:signups -- [--intents 2000] [--window 200] [--concurrency 4]
 */
import 'reflect-metadata';
import { Command } from 'commander';
import { ContactsService } from '@app/hubspot';
import { startEmulator } from '@app/hubspot-emulator';
import { CRM_PROPERTIES, createCrmApp, recordSynced, waitUntil } from '../test/support/crm-app';
import { createTestDatabase, dropTestDatabase } from '../test/support/database';
import { uniquePrefix } from '../test/support/services';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const opts = new Command()
    .option('--intents <n>', 'signups issued at once', '2000')
    .option('--window <ms>', 'sync.coalesceWindowMs', '200')
    .option('--concurrency <n>', 'sync.concurrency (batches in flight)', '4')
    .parse(process.argv)
    .opts<{ intents: string; window: string; concurrency: string }>();
  const intents = Number(opts.intents);
  const coalesceWindowMs = Number(opts.window);
  const portalId = 1098;
  const token = 'pat-bench-signups';
  const database = await createTestDatabase('bench_signups');
  const emu = await startEmulator({
    portals: [
      {
        portalId,
        tokens: [token],
        limits: { maxPerWindow: 100, windowMs: 10_000 },
        properties: CRM_PROPERTIES,
      },
    ],
  });
  const app = await createCrmApp({
    database,
    redisPrefix: uniquePrefix('bench-signups'),
    emulatorUrl: emu.url,
    token,
    portalId,
    coalesceWindowMs,
    concurrency: Number(opts.concurrency),
    logger: false,
  });
  try {
    const synced = recordSynced(app);
    const contacts = app.get(ContactsService);
    const before = emu.control.stats().total;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: intents }, (_, i) =>
        contacts.upsert({
          email: `signup${i}@bench.example`,
          userId: `b${i}`,
          properties: { firstname: `S${i}`, plan: 'free' },
        }),
      ),
    );
    await waitUntil(() => synced.length >= intents, 120_000, 'all signups');
    const seconds = (Date.now() - started) / 1000;
    const calls = emu.control.stats().total - before;
    const latencies = synced.map((e) => e.latencyMs).sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        intents,
        calls,
        recordsPerCall: Math.round((intents / calls) * 10) / 10,
        p50Ms: percentile(latencies, 50),
        p95Ms: percentile(latencies, 95),
        maxMs: latencies[latencies.length - 1],
        seconds: Math.round(seconds * 100) / 100,
        coalesceWindowMs,
        batchSize: 100,
      }),
    );
  } finally {
    await app.close();
    await emu.stop();
    await dropTestDatabase(database);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
