/**
 * Many-portals bench: one app installed by 50+ portals (OAuth) against the time-scaled emulator (its own
 * process), worker processes as children sharing them through Redis and MariaDB. One portal has a 20,000-record
 * backlog, one has spent its daily budget, one's refresh token is revoked, the rest receive live signups while
 * the backlog goes out. Prints a summary, then ONE JSON line:
 *   {portals, processes, quietP50Ms, quietP95Ms, quietMaxMs, busyUtilization, "429s", duplicates}
 *   npm run bench:tenants -- [--processes 1] [--portals 52] [--backlog 20000] [--max 100] [--window 2000]
 *                            [--rate 50] [--concurrency 4] [--coalesce 200] [--latency 0]
 * quiet*: a quiet portal's signup from the moment it is enqueued to HubSpot (the emulator) creating it.
 * busyUtilization: the busy portal's calls against its own budget, (calls - max) / (max * span / window) with span
 * between the centroids of its first and last `max` calls, as in bench:backfill (1.0 = at its ceiling throughout).
 * 429s: every 429 the emulator answered while the workers ran. duplicates: records reported accepted twice.
 * --latency: how long the emulator takes per batch/upsert (HubSpot's own answers take a few hundred ms; the
 * emulator's take a few, which makes a small machine's CPU the limit instead).
 */
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { Command } from 'commander';
import { ContactsService } from '@app/hubspot';
import { randomBytes } from 'node:crypto';
import { buildTestWorker } from '../test/support/backfill-worker.build';
import { createTestDatabase, dropTestDatabase } from '../test/support/database';
import { forkEmulator } from './support/emulator-process';
import { uniquePrefix } from '../test/support/services';
import { createTenantApp, TenantAppEnv } from '../test/support/tenant-app';
import {
  EmulatorRemote,
  installPortals,
  revokePortal,
  spendDailyBudget,
  total429s,
} from '../test/support/tenant-backend';
import type { TenantWorkerMessage } from '../test/support/tenant-worker';
import { TenantWorkerProcess } from '../test/support/tenant-worker.process';

const CLIENT = { clientId: 'client-bench-tenants', clientSecret: 'secret-bench-tenants-0123456789' };
const BUSY = 7000;
const SPENT = 7001;
const REVOKED = 7002;
const STUCK_RECORDS = 50;

interface Options {
  processes: number;
  portals: number;
  backlog: number;
  max: number;
  window: number;
  rate: number;
  concurrency: number;
  coalesce: number;
  latency: number;
}

function options(): Options {
  const raw = new Command()
    .option('--processes <n>', 'worker processes', '1')
    .option('--portals <n>', 'portals installed (busy + spent + revoked + quiet ones)', '52')
    .option('--backlog <n>', "the busy portal's backlog", '20000')
    .option('--max <n>', 'calls per rolling window, every portal', '100')
    .option('--window <ms>', 'rolling window, ms (time-scaled 5x: HubSpot uses 10,000)', '2000')
    .option('--rate <n>', 'live signups per second, spread over the quiet portals', '50')
    .option('--concurrency <n>', 'batches in flight per worker process (sync.concurrency)', '4')
    .option('--coalesce <ms>', 'sync.coalesceWindowMs', '200')
    .option('--latency <ms>', 'added to every batch/upsert answer by the emulator', '0')
    .parse(process.argv)
    .opts<Record<keyof Options, string>>();
  const o = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number(v)])) as unknown as Options;
  if (o.portals < 4) throw new Error('--portals must be at least 4 (busy, spent, revoked and a quiet one)');
  return o;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function main(): Promise<void> {
  const o = options();
  const quiet = Array.from({ length: o.portals - 3 }, (_, i) => 7003 + i);
  const emulator = await forkEmulator();
  const remote = new EmulatorRemote(emulator.url);
  const database = await createTestDatabase('bench_tenants');
  const { entry, cleanup } = buildTestWorker('tenant-worker');
  const env: TenantAppEnv = {
    database,
    redisPrefix: uniquePrefix('bench-tenants'),
    emulatorUrl: emulator.url,
    ...CLIENT,
    encryptionKey: randomBytes(32).toString('base64'),
    worker: false,
    maxPerWindow: o.max,
    windowMs: o.window,
    concurrency: o.concurrency,
    coalesceWindowMs: o.coalesce,
    portalTimeZones: Object.fromEntries([BUSY, SPENT, REVOKED, ...quiet].map((p) => [String(p), 'UTC'])),
    logger: ['error'],
  };
  const workers: TenantWorkerProcess[] = [];
  let web: INestApplication | undefined;
  try {
    await remote.addOAuthApp(CLIENT);
    for (const portalId of [BUSY, SPENT, REVOKED, ...quiet]) {
      const daily = portalId === SPENT ? 5 : 10_000_000;
      await remote.addPortal({
        portalId,
        timeZone: 'UTC',
        limits: { maxPerWindow: o.max, windowMs: o.window, daily },
      });
    }
    web = await createTenantApp(env);
    await installPortals(web, [BUSY, SPENT, REVOKED, ...quiet]);
    await spendDailyBudget(web, SPENT);
    await revokePortal(web, emulator.url, REVOKED);
    const contacts = web.get(ContactsService);
    await enqueue(o.backlog, 500, (i) =>
      contacts.forPortal(BUSY).upsert({ email: `busy${i}@bench.example`, properties: {} }),
    );
    for (const portalId of [SPENT, REVOKED])
      await enqueue(STUCK_RECORDS, STUCK_RECORDS, (i) =>
        contacts.forPortal(portalId).upsert({ email: `stuck${i}@bench.example`, properties: {} }),
      );

    const seen = new Map<string, number>();
    const busyCalls: number[] = [];
    let busySynced = 0;
    let lastBusyAt = 0;
    const onMessage = (m: TenantWorkerMessage) => {
      if (m.type === 'calls') busyCalls.push(...m.starts);
      if (m.type !== 'synced') return;
      for (const e of m.events) {
        const key = `${e.portalId}:${e.localKey}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        if (e.portalId === BUSY) {
          busySynced++;
          lastBusyAt = Math.max(lastBusyAt, e.at);
        }
      }
    };
    if (o.latency > 0) await remote.faults([{ pathPattern: 'batch/upsert', latencyMs: o.latency }]);
    const before = await remote.stats();
    const started = Date.now();
    for (let i = 0; i < o.processes; i++) workers.push(new TenantWorkerProcess(env, onMessage, entry, BUSY));
    await Promise.all(workers.map((w) => w.start()));
    await until(() => busySynced > 0, 60_000, 'the busy backlog to start');

    // Live signups round-robin over the quiet portals while the busy backlog goes out (at least 5 s).
    const enqueuedAt = new Map<string, number>();
    const liveStart = Date.now();
    const live: Array<Promise<unknown>> = [];
    for (let n = 0; busySynced < o.backlog || Date.now() - liveStart < 5_000; n++) {
      if (Date.now() - liveStart > 180_000) throw new Error('the busy backlog did not finish in 3 minutes');
      const portalId = quiet[n % quiet.length];
      const email = `live${n}@bench.example`;
      enqueuedAt.set(`${portalId}:${email}`, Date.now());
      live.push(contacts.forPortal(portalId).upsert({ email, properties: { firstname: `L${n}` } }));
      await sleep(Math.max(0, liveStart + ((n + 1) * 1000) / o.rate - Date.now()));
    }
    await Promise.all(live);
    await until(() => [...enqueuedAt.keys()].every((k) => seen.has(k)), 60_000, 'every live signup');
    const after = await remote.stats();

    const latencies: number[] = [];
    for (const portalId of quiet) {
      for (const obj of await remote.objects(portalId)) {
        const at = enqueuedAt.get(`${portalId}:${obj.properties.email}`);
        if (at !== undefined) latencies.push(Date.parse(obj.createdAt) - at);
      }
    }
    latencies.sort((a, b) => a - b);
    const busyStored = (await remote.objects(BUSY)).length;
    const stuckStored = (await remote.objects(SPENT)).length + (await remote.objects(REVOKED)).length;
    const duplicates = [...seen.values()].reduce((n, times) => n + times - 1, 0);
    busyCalls.sort((a, b) => a - b);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const span = mean(busyCalls.slice(-o.max)) - mean(busyCalls.slice(0, o.max));
    const utilization =
      busyCalls.length > o.max && span > 0 ? (busyCalls.length - o.max) / ((o.max * span) / o.window) : 0;
    const busySeconds = (lastBusyAt - busyCalls[0]) / 1000;
    console.log(
      `processes ${o.processes}: busy portal ${busyStored.toLocaleString('en-US')} records in ${busySeconds.toFixed(1)} s ` +
        `(${Math.round(busyStored / busySeconds)} records/s, ${busyCalls.length} calls; its ceiling ` +
        `${Math.round((o.max / o.window) * 1000 * 100)} records/s); quiet portals: ${latencies.length} live signups over ` +
        `${quiet.length} portals, p95 ${percentile(latencies, 95)} ms; stuck portals sent ${stuckStored} records; ` +
        `run ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log(
      JSON.stringify({
        portals: o.portals,
        processes: o.processes,
        quietP50Ms: percentile(latencies, 50),
        quietP95Ms: percentile(latencies, 95),
        quietMaxMs: latencies[latencies.length - 1],
        busyUtilization: Number(utilization.toFixed(3)),
        '429s': total429s(after) - total429s(before),
        duplicates,
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await web?.close();
    await emulator.stop();
    await dropTestDatabase(database);
    cleanup();
  }
}

async function enqueue(count: number, chunk: number, one: (i: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < count; start += chunk)
    await Promise.all(Array.from({ length: Math.min(chunk, count - start) }, (_, i) => one(start + i)));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(20);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
