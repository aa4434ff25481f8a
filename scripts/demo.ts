/**
 * `npm run demo`: the example app against the embedded emulator, end to end, in well under a minute.
 * Needs only MySQL/MariaDB and Redis (DB_HOST/DB_PORT/DB_USER/DB_PASSWORD, REDIS_URL). Recreates the
 * database `hubspot_demo`, seeds legacy users, backfills them, runs live signups/upgrades/cancels, lets
 * HubSpot's webhooks come in, repairs drift with a reconciliation and prints a report. Exit 0 only when
 * HubSpot (the emulator) ends up exactly matching the database.
 */
import 'reflect-metadata';
import { HUBSPOT_CONFIG, HubspotConfig } from '@app/hubspot/testing';
import type { EmulatorHandle } from '@app/hubspot-emulator';
import { startApp } from '../src/bootstrap';
import { databaseUrl, dbSettings, DEMO_DB, recreateDatabase, seedUsers } from './demo/demo-database';
import { DemoHttp, inParallel, waitUntil } from './demo/demo-http';
import { followRun, RunView } from './demo/demo-progress';
import { clearRedisPrefix } from './demo/demo-redis';
import { printReport } from './demo/demo-report';
import { verify } from './demo/demo-verify';
import { dealsWonLocally, driftBehindOurBack, webhookCounts, winDeals } from './demo/demo-crm-side';

const SEEDED = Number(process.env.DEMO_USERS ?? 3000);
const COMPANIES = 150;
const SIGNUPS = 40;
const ADMIN_TOKEN = 'demo-admin-token-0123456789';
const API_TOKEN = 'demo-api-token-0123456789';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = 'hubspot-demo';

async function main(): Promise<number> {
  const t0 = Date.now();
  const step = (text: string) =>
    console.log(`\n[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${text}`);
  const db = dbSettings();

  step(`Preparing database ${DEMO_DB} and Redis prefix ${PREFIX}`);
  await recreateDatabase(db, DEMO_DB);
  await clearRedisPrefix(REDIS_URL, PREFIX);
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl(db, DEMO_DB),
    REDIS_URL,
    REDIS_PREFIX: PREFIX,
    HUBSPOT_ACCESS_TOKEN: '',
    HUBSPOT_ADMIN_TOKEN: ADMIN_TOKEN,
    APP_API_TOKEN: API_TOKEN,
    METRICS_ENABLED: 'true',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });

  step('Starting the example app (migrations run at boot) with the embedded HubSpot emulator');
  const { app, url, target } = await startApp({ port: 0, host: '127.0.0.1' });
  const emulator = target.embedded as EmulatorHandle;
  const portalId = target.portalId as number;
  const config = app.get<HubspotConfig>(HUBSPOT_CONFIG);
  const http = new DemoHttp(url, { api: API_TOKEN, admin: ADMIN_TOKEN });
  console.log(`  app ${url}, emulator ${emulator.url}, portal ${portalId}`);
  const timings: Record<string, number> = {};
  const time = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const start = Date.now();
    try {
      return await fn();
    } finally {
      timings[name] = Date.now() - start;
    }
  };

  try {
    step(`Seeding ${SEEDED} existing users (${COMPANIES} companies) straight into MySQL`);
    await seedUsers(db, DEMO_DB, SEEDED, COMPANIES);

    step('Backfill: companies, contacts, associations, at the portal ceiling, checkpointed');
    const backfill = await time('backfill', async () =>
      followRun(http, await http.admin<RunView>('POST', '/backfills', { kind: 'all' }), 'backfill', 45_000),
    );
    if (backfill.status !== 'completed')
      throw new Error(`backfill ended ${backfill.status}: ${backfill.error}`);

    step(`Live traffic: ${SIGNUPS} signups, then upgrades and cancellations through the REST API`);
    const live = await time('live', async () => {
      const users = await inParallel(
        Array.from({ length: SIGNUPS }, (_, i) => i),
        8,
        (i) =>
          http.json<{ id: number }>('POST', '/users', {
            email: `newcomer${i}@example.org`,
            firstName: 'New',
            lastName: `Comer ${i}`,
          }),
      );
      const upgraded = users.filter((_, i) => i % 3 === 0);
      await inParallel(upgraded, 8, (u) =>
        http.json('POST', `/users/${u.id}/upgrade`, {
          plan: 'pro',
          companyName: `Startup ${u.id % 7}`,
          companyDomain: `startup${u.id % 7}.example.org`,
        }),
      );
      const cancelled = users.filter((_, i) => i % 5 === 4);
      await inParallel(cancelled, 8, (u) => http.json('POST', `/users/${u.id}/cancel`, { reason: 'demo' }));
      await converge(http, () => verify(db, DEMO_DB, emulator, portalId, config.sync.companyKeyProperty));
      // One deal per upgrade, written with the upgrade (outbox) and made once.
      await waitUntil(
        'a deal per upgrade',
        async () => emulator.control.objects(portalId, 'deals').length === upgraded.length,
        20_000,
      );
      return { signups: users.length, upgrades: upgraded.length, cancels: cancelled.length };
    });

    step(
      'Webhooks: a sales rep wins deals in HubSpot; HubSpot tells the app (signed, deduplicated, echoes dropped)',
    );
    const webhooks = await time('webhooks', async () => {
      const won = winDeals(emulator, portalId, 10);
      const recorded = await waitUntil(
        'the won deals to be recorded by the app',
        async () => {
          const n = await dealsWonLocally(app, won);
          return n === won.length ? n : undefined;
        },
        20_000,
      );
      await emulator.control.waitForWebhooks(10_000);
      return {
        won: won.length,
        recorded,
        counts: await webhookCounts(app),
        stats: emulator.control.stats().webhooks,
      };
    });

    step('Reconciliation: someone changed and deleted records behind our back; local truth is re-pushed');
    const drift = driftBehindOurBack(emulator, portalId, 12, 3);
    const reconciliation = await time('reconciliation', async () =>
      followRun(http, await http.admin<RunView>('POST', '/reconciliations', {}), 'reconciliation', 45_000),
    );
    const final = await converge(http, () =>
      verify(db, DEMO_DB, emulator, portalId, config.sync.companyKeyProperty),
    );

    printReport({
      seconds: (Date.now() - t0) / 1000,
      timings,
      seeded: SEEDED,
      backfill,
      live,
      webhooks,
      drift,
      reconciliation,
      final,
      stats: emulator.control.stats(),
    });
    return final.ok && reconciliation.status === 'completed' ? 0 : 1;
  } finally {
    await app.close();
    await clearRedisPrefix(REDIS_URL, PREFIX);
  }
}

interface HealthBody {
  details: {
    hubspot: { records: number; outbox?: { size: number } };
  };
}

/** Waits until no record is queued and the emulator matches the database (or gives up after 20 s). */
async function converge(http: DemoHttp, check: () => ReturnType<typeof verify>) {
  let last = await check();
  await waitUntil(
    'HubSpot to match the database',
    async () => {
      const health = await http
        .json<HealthBody>('GET', '/health/details', undefined, 'admin')
        .catch(() => null);
      // Records still queued or in flight in any portal, or outbox rows not settled yet.
      const busy =
        (health?.details.hubspot.records ?? 1) > 0 || (health?.details.hubspot.outbox?.size ?? 0) > 0;
      last = await check();
      return last.ok && health && !busy;
    },
    20_000,
  ).catch(() => undefined);
  return last;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('\nDemo failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
