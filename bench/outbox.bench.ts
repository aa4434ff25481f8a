/**
 * Outbox bench: signups written as a host writes them (the user row, then the contact intent) through the real
 * module (MariaDB, a redis-server of its own, the time-scaled emulator in its own process), and prints ONE
 * JSON line:
 *   {signups, redisDownSeconds, delivered, duplicates, lost, p95MsOutbox, p95MsDirect, relayRowsPerSec}
 *   npm run bench:outbox -- [--signups 3000] [--down 5] [--samples 400] [--rate 100] [--window 2000]
 * p95MsDirect / p95MsOutbox: commit of the host's transaction -> HubSpot accepting the record, Redis up, at
 * `--rate` signups per second: `contacts.upsert` after the commit (direct to Redis), or inside the
 * transaction (`{ transaction }`, relayed from hubspot_outbox).
 * The outage run: `--signups` signups at `--rate`/s through the outbox while Redis is stopped for `--down`
 * seconds in the middle (stopped with its data: a Redis that was away). delivered: users found in HubSpot with
 * their values once it settled; lost: users never found; duplicates: contacts HubSpot holds beyond one per user.
 * relayRowsPerSec: rows per second of relay work (claim, read, stage in Redis, mark) while it drained the
 * backlog written during the outage, from Redis' return until nothing waited.
 */
import 'reflect-metadata';
import { Command } from 'commander';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ContactsService, SyncEvents } from '@app/hubspot';
import { OutboxRelay, OutboxStore } from '@app/hubspot/testing';

import { CRM_PROPERTIES, createCrmApp, waitUntil } from '../test/support/crm-app';
import { createTestDatabase, dropTestDatabase } from '../test/support/database';
import { OB_USERS_DDL, OutboxTestUser, signupInTransaction } from '../test/support/outbox-host';
import { TestRedisServer } from '../test/support/redis-server';
import { uniquePrefix } from '../test/support/services';
import { EmulatorProcess, emulatorProcess } from './support/emulator-process';

const PORTAL = 1097;
const TOKEN = 'pat-bench-outbox';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Runs `signup(i)` for i < count at `rate` per second (each started on schedule, whatever the others do). */
async function paced(count: number, rate: number, signup: (i: number) => Promise<void>): Promise<void> {
  const start = Date.now();
  const running: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    running.push(signup(i));
  }
  await Promise.all(running);
}

/** Commit -> HubSpot latency (ms) of `count` signups, with the intent written inside or after the commit. */
async function latencies(
  app: INestApplication,
  prefix: string,
  count: number,
  rate: number,
  viaOutbox: boolean,
): Promise<number[]> {
  const committedAt = new Map<string, number>();
  const samples: number[] = [];
  const onSynced = (e: { localKey: string }) => {
    const at = committedAt.get(e.localKey);
    if (at !== undefined) samples.push(Date.now() - at);
  };
  app.get(SyncEvents).on('synced', onSynced);
  const ds = app.get(DataSource);
  const contacts = app.get(ContactsService);
  await paced(count, rate, async (i) => {
    const email = `${prefix}${i}@bench.example`;
    if (viaOutbox) {
      await signupInTransaction(app, email);
      committedAt.set(email, Date.now());
    } else {
      const { insertId } = (await ds.query('INSERT INTO ob_users (email, plan) VALUES (?, ?)', [
        email,
        'free',
      ])) as { insertId: number };
      committedAt.set(email, Date.now());
      await contacts.upsert({
        email,
        userId: String(insertId),
        properties: { plan: 'free', firstname: `U${insertId}` },
      });
    }
  });
  await waitUntil(() => samples.length >= count, 120_000, `${prefix} signups to reach HubSpot`);
  app.get(SyncEvents).off('synced', onSynced);
  return samples.sort((a, b) => a - b);
}

/** Users of the run found in HubSpot with their values, and contacts beyond one per user. */
async function tally(app: INestApplication, emu: EmulatorProcess, prefix: string) {
  const users = (await app
    .get(DataSource)
    .query('SELECT id, email, plan FROM ob_users WHERE email LIKE ?', [`${prefix}%`])) as Array<{
    id: number;
    email: string;
    plan: string;
  }>;
  const stored = (await emu.objects(PORTAL, 'contacts')).filter((c) =>
    c.properties.email?.startsWith(prefix),
  );
  const byEmail = new Map(stored.map((c) => [c.properties.email, c]));
  const delivered = users.filter((u) => {
    const c = byEmail.get(u.email);
    return c?.properties.plan === u.plan && c.properties.app_user_id === String(u.id);
  }).length;
  return { users: users.length, delivered, duplicates: stored.length - byEmail.size };
}

/**
 * Times the relay's transactions that moved rows and started after `reset()` (the bench's own instrumentation
 * of this instance): one already waiting on the vanished Redis when it was reset would count the outage.
 */
function timeRelayWork(store: OutboxStore) {
  const relayDue = store.relayDue.bind(store);
  let since = Infinity;
  let rows = 0;
  let busyMs = 0;
  store.relayDue = async (...args: Parameters<OutboxStore['relayDue']>) => {
    const started = performance.now();
    const claimed = await relayDue(...args);
    if (claimed > 0 && started >= since) {
      rows += claimed;
      busyMs += performance.now() - started;
    }
    return claimed;
  };
  return {
    reset: () => {
      since = performance.now();
      rows = 0;
      busyMs = 0;
    },
    rowsPerSecond: () => (busyMs > 0 ? rows / (busyMs / 1000) : 0),
  };
}

async function main(): Promise<void> {
  const opts = new Command()
    .option('--signups <n>', 'signups of the outage run', '3000')
    .option('--down <s>', 'seconds Redis is stopped in the middle of the outage run', '5')
    .option('--samples <n>', 'signups per latency measurement (direct, outbox)', '400')
    .option('--rate <n>', 'signups per second', '100')
    .option('--window <ms>', 'rolling window, ms (time-scaled 5x: HubSpot uses 10,000)', '2000')
    .parse(process.argv)
    .opts<{ signups: string; down: string; samples: string; rate: string; window: string }>();
  const signups = Number(opts.signups);
  const downMs = Number(opts.down) * 1000;
  const samples = Number(opts.samples);
  const rate = Number(opts.rate);
  const windowMs = Number(opts.window);

  const redis = await TestRedisServer.create();
  await redis.start();
  const database = await createTestDatabase('bench_outbox');
  const emu = await emulatorProcess({
    portalId: PORTAL,
    tokens: [TOKEN],
    limits: { maxPerWindow: 100, windowMs, daily: 10_000_000 },
    properties: CRM_PROPERTIES,
  });
  const app = await createCrmApp({
    database,
    redisPrefix: uniquePrefix('bench-outbox'),
    redisUrl: redis.url,
    emulatorUrl: emu.url,
    token: TOKEN,
    portalId: PORTAL,
    windowMs,
    entities: [OutboxTestUser],
    logger: false,
  });
  try {
    await app.get(DataSource).query(OB_USERS_DDL);
    const direct = await latencies(app, 'direct', samples, rate, false);
    const outbox = await latencies(app, 'outbox', samples, rate, true);

    // The outage run: Redis stops a third of the way in, for `down` seconds.
    const relay = app.get(OutboxRelay);
    const work = timeRelayWork(app.get(OutboxStore));
    let drain: Promise<number> | undefined;
    const outage = (async () => {
      await new Promise((r) => setTimeout(r, (signups / rate) * 333));
      await redis.stop('save');
      const stopped = Date.now();
      await new Promise((r) => setTimeout(r, downMs));
      work.reset();
      await redis.start();
      const downSeconds = (Date.now() - stopped) / 1000;
      drain = (async () => {
        await waitUntil(
          async () => (await relay.status()).waiting === 0,
          120_000,
          'the backlog to be relayed',
        );
        return work.rowsPerSecond();
      })();
      return downSeconds;
    })();
    await paced(signups, rate, (i) =>
      signupInTransaction(app, `outage${i}@bench.example`).then(() => undefined),
    );
    const redisDownSeconds = await outage;
    const relayRowsPerSec = await drain!;
    // Settled when every user is in HubSpot with its values (or give up after 3 minutes: those are lost).
    for (const deadline = Date.now() + 180_000; Date.now() < deadline;) {
      if ((await tally(app, emu, 'outage')).delivered === signups) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const result = await tally(app, emu, 'outage');

    console.log(
      JSON.stringify({
        signups: result.users,
        redisDownSeconds: Math.round(redisDownSeconds * 10) / 10,
        delivered: result.delivered,
        duplicates: result.duplicates,
        lost: result.users - result.delivered,
        p95MsOutbox: percentile(outbox, 95),
        p95MsDirect: percentile(direct, 95),
        relayRowsPerSec: Math.round(relayRowsPerSec),
      }),
    );
  } finally {
    await app.close();
    await emu.stop();
    await redis.destroy();
    await dropTestDatabase(database);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
