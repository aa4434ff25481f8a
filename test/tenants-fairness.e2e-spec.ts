import { INestApplication } from '@nestjs/common';
import { ContactsService, DeadLettersService, PortalBacklogReader } from '@app/hubspot';
import { EmulatorHandle, PortalOptions, startEmulator } from '@app/hubspot-emulator';
import { randomBytes } from 'node:crypto';
import { buildTestWorker } from './support/backfill-worker.build';
import { waitUntil } from './support/crm-app';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { uniquePrefix } from './support/services';
import { createTenantApp, TenantAppEnv } from './support/tenant-app';
import {
  EmulatorRemote,
  installPortals,
  revokePortal,
  spendDailyBudget,
  total429s,
} from './support/tenant-backend';
import type { TenantWorkerMessage } from './support/tenant-worker';
import { TenantWorkerProcess } from './support/tenant-worker.process';

const BUSY = 6001;
const SPENT = 6002;
const REVOKED = 6003;
const QUIET = [6004, 6005, 6006, 6007, 6008];
const BACKLOG = 20_000;
const LIVE_PER_QUIET = 10;
/** 20 calls a second: the busy portal's 20,000 records take at least 10 s at its own ceiling. */
const LIMITS = { maxPerWindow: 20, windowMs: 1_000 };
const CLIENT = { clientId: 'client-fairness', clientSecret: 'secret-fairness-0123456789' };

/**
 * One worker process, many portals: a 20,000-record backlog on one portal, one portal out of daily budget and
 * one whose refresh token was revoked do not hold up the other portals' live signups. Those arrive while the
 * busy portal's backlog is still being sent, and the stuck portals' records wait (parked), never dead-lettered.
 */
describe('fair dispatch across portals (worker process, real MariaDB, Redis, emulator)', () => {
  let emu: EmulatorHandle;
  let remote: EmulatorRemote;
  let database: string;
  let web: INestApplication;
  let worker: TenantWorkerProcess;
  let cleanup: () => void;
  const synced = new Map<number, Set<string>>();
  const syncedTwice: string[] = [];

  beforeAll(async () => {
    const portal = (portalId: number, extra: PortalOptions['limits'] = {}): PortalOptions => ({
      portalId,
      limits: { ...LIMITS, ...extra },
    });
    emu = await startEmulator({
      portals: [portal(BUSY), portal(SPENT, { daily: 3 }), portal(REVOKED), ...QUIET.map((p) => portal(p))],
      oauthApps: [CLIENT],
    });
    remote = new EmulatorRemote(emu.url);
    database = await createTestDatabase('tenants_fairness');
    const env: TenantAppEnv = {
      database,
      redisPrefix: uniquePrefix('fairness'),
      emulatorUrl: emu.url,
      ...CLIENT,
      encryptionKey: randomBytes(32).toString('base64'),
      worker: false,
      ...LIMITS,
      coalesceWindowMs: 100,
      concurrency: 4,
    };
    web = await createTenantApp(env);
    await installPortals(web, [BUSY, SPENT, REVOKED, ...QUIET]);
    await spendDailyBudget(web, SPENT);
    await revokePortal(web, emu.url, REVOKED);
    const built = buildTestWorker('tenant-worker');
    cleanup = built.cleanup;
    worker = new TenantWorkerProcess(
      env,
      (m: TenantWorkerMessage) => {
        if (m.type !== 'synced') return;
        for (const e of m.events) {
          const keys = synced.get(e.portalId) ?? new Set<string>();
          if (keys.has(e.localKey)) syncedTwice.push(`${e.portalId}:${e.localKey}`);
          synced.set(e.portalId, keys.add(e.localKey));
        }
      },
      built.entry,
    );
  });

  afterAll(async () => {
    await worker?.stop();
    await web?.close();
    await emu?.stop();
    if (database) await dropTestDatabase(database);
    cleanup?.();
  });

  const count = (portalId: number) => synced.get(portalId)?.size ?? 0;

  it('quiet portals’ live signups arrive while the busy backlog is still going; stuck portals park', async () => {
    const contacts = web.get(ContactsService);
    const before = total429s(await remote.stats());
    for (let start = 0; start < BACKLOG; start += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, BACKLOG - start) }, (_, i) =>
          contacts.forPortal(BUSY).upsert({ email: `busy${start + i}@example.com`, properties: {} }),
        ),
      );
    }
    for (const portalId of [SPENT, REVOKED]) {
      for (let i = 0; i < 20; i++)
        await contacts.forPortal(portalId).upsert({ email: `stuck${i}@example.com`, properties: {} });
    }
    await worker.start();
    await waitUntil(() => count(BUSY) > 0, 30_000, 'the busy backlog to start going out');

    for (let i = 0; i < LIVE_PER_QUIET; i++) {
      for (const portalId of QUIET)
        await contacts.forPortal(portalId).upsert({ email: `live${i}@example.com`, properties: {} });
      await new Promise((r) => setTimeout(r, 30));
    }
    await waitUntil(
      () => QUIET.every((p) => count(p) === LIVE_PER_QUIET),
      30_000,
      'every quiet portal’s live signups',
    );
    // The point of fairness: the quiet portals did not wait for the busy portal's backlog.
    expect(count(BUSY)).toBeLessThan(BACKLOG);

    const reader = web.get(PortalBacklogReader);
    await waitUntil(
      async () => (await reader.portal(REVOKED)).parked?.reason === 'needs_reinstall',
      15_000,
      'the revoked portal to park',
    );
    expect(await reader.portal(SPENT)).toMatchObject({
      ready: 20,
      parked: { reason: 'daily_limit', scope: 'all' },
    });
    expect(await reader.portal(REVOKED)).toMatchObject({ ready: 20, parked: { reason: 'needs_reinstall' } });
    expect(await remote.objects(SPENT)).toHaveLength(0);
    expect(await remote.objects(REVOKED)).toHaveLength(0);
    expect((await web.get(DeadLettersService).list({})).total).toBe(0);

    await waitUntil(() => count(BUSY) === BACKLOG, 60_000, 'the busy backlog to finish');
    expect((await remote.objects(BUSY)).length).toBe(BACKLOG);
    for (const portalId of QUIET) expect(await remote.objects(portalId)).toHaveLength(LIVE_PER_QUIET);
    expect(syncedTwice).toEqual([]);
    expect(total429s(await remote.stats()) - before).toBe(0);
  });
});
