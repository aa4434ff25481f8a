import { INestApplication } from '@nestjs/common';
import { ContactsService, PortalBacklogReader } from '@app/hubspot';
import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { randomBytes } from 'node:crypto';
import { buildTestWorker } from './support/backfill-worker.build';
import { waitUntil } from './support/crm-app';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { uniquePrefix } from './support/services';
import { createTenantApp, TenantAppEnv } from './support/tenant-app';
import { EmulatorRemote, installPortals, total429s } from './support/tenant-backend';
import type { TenantWorkerMessage } from './support/tenant-worker';
import { TenantWorkerProcess } from './support/tenant-worker.process';

const PORTALS = [6101, 6102, 6103, 6104];
const LIMITS = { maxPerWindow: 20, windowMs: 1_000 };
const CLIENT = { clientId: 'client-workers', clientSecret: 'secret-workers-0123456789' };

/**
 * Worker processes sharing the portals through Redis: no record is sent twice, every portal stays inside its
 * own budget, and a worker killed with batches in flight loses nothing: its leases expire and another worker
 * sends those records.
 */
describe('worker processes sharing portals (real MariaDB, Redis, emulator)', () => {
  let emu: EmulatorHandle;
  let remote: EmulatorRemote;
  let database: string;
  let env: TenantAppEnv;
  let web: INestApplication;
  let entry: string;
  let cleanup: () => void;
  const workers: TenantWorkerProcess[] = [];
  /** Who reported each record as accepted by HubSpot: "<portal>:<key>" -> worker index. */
  const syncedBy = new Map<string, number[]>();
  /**
   * Records a worker found already in HubSpot (ledger) when it claimed them: a killed worker may have written
   * the ledger and died before its report left.
   */
  const skippedBy = new Map<string, number[]>();
  const arrived = (key: string) => syncedBy.has(key) || skippedBy.has(key);

  beforeAll(async () => {
    emu = await startEmulator({
      portals: PORTALS.map((portalId) => ({ portalId, limits: LIMITS })),
      oauthApps: [CLIENT],
    });
    remote = new EmulatorRemote(emu.url);
    database = await createTestDatabase('tenants_workers');
    env = {
      database,
      redisPrefix: uniquePrefix('workers'),
      emulatorUrl: emu.url,
      ...CLIENT,
      encryptionKey: randomBytes(32).toString('base64'),
      worker: false,
      ...LIMITS,
      batchSize: 50,
      coalesceWindowMs: 50,
      concurrency: 3,
      leaseMs: 1_500,
    };
    web = await createTenantApp(env);
    await installPortals(web, PORTALS);
    ({ entry, cleanup } = buildTestWorker('tenant-worker'));
  });

  afterAll(async () => {
    for (const w of workers) await w.stop();
    await web?.close();
    await emu?.stop();
    if (database) await dropTestDatabase(database);
    cleanup?.();
  });

  async function spawnWorker(): Promise<TenantWorkerProcess> {
    const index = workers.length;
    const worker = new TenantWorkerProcess(
      env,
      (m: TenantWorkerMessage) => {
        if (m.type !== 'synced' && m.type !== 'skipped') return;
        const by = m.type === 'synced' ? syncedBy : skippedBy;
        for (const e of m.events) {
          const key = `${e.portalId}:${e.localKey}`;
          by.set(key, [...(by.get(key) ?? []), index]);
        }
      },
      entry,
    );
    workers.push(worker);
    await worker.start();
    return worker;
  }

  async function signups(prefix: string, perPortal: number): Promise<string[]> {
    const contacts = web.get(ContactsService);
    const keys: string[] = [];
    await Promise.all(
      PORTALS.flatMap((portalId) =>
        Array.from({ length: perPortal }, (_, i) => {
          const email = `${prefix}${i}@example.com`;
          keys.push(`${portalId}:${email}`);
          return contacts.forPortal(portalId).upsert({ email, properties: { firstname: `${prefix}${i}` } });
        }),
      ),
    );
    return keys;
  }

  it('two workers share four portals: every record once, each portal inside its budget, no 429', async () => {
    await spawnWorker();
    await spawnWorker();
    const keys = await signups('shared', 400);
    await waitUntil(() => keys.every((k) => syncedBy.has(k)), 60_000, 'every record to be synced');
    expect(skippedBy.size).toBe(0);

    expect([...syncedBy.values()].filter((by) => by.length > 1)).toEqual([]);
    // Both processes did part of the work.
    const perWorker = [0, 1].map((w) => [...syncedBy.values()].filter((by) => by[0] === w).length);
    expect(perWorker.every((n) => n > 0)).toBe(true);
    for (const portalId of PORTALS) expect(await remote.objects(portalId)).toHaveLength(400);
    const stats = await remote.stats();
    expect(total429s(stats)).toBe(0);
    for (const portalId of PORTALS) expect(stats.maxInAnyWindow[String(portalId)]).toBeLessThanOrEqual(20);
  });

  it('a worker killed with batches in flight loses nothing: its leases expire and a new worker sends them', async () => {
    // Only the victim runs, and HubSpot is slow: batches are in flight when it dies.
    await workers[1].stop();
    await remote.faults([{ pathPattern: 'batch/upsert', latencyMs: 700 }]);
    const keys = await signups('crash', 150);
    const reader = web.get(PortalBacklogReader);
    const inFlight = async () => (await reader.portals(PORTALS)).reduce((n, p) => n + p.inFlight, 0);
    await waitUntil(async () => (await inFlight()) > 0, 20_000, 'batches in flight');
    await workers[0].kill();
    const stranded = await inFlight();
    expect(stranded).toBeGreaterThan(0);

    await remote.clearFaults();
    await spawnWorker();
    await waitUntil(() => keys.every(arrived), 60_000, 'every record after the crash');
    await waitUntil(async () => (await inFlight()) === 0, 10_000, 'no lease left');

    // Each record reported accepted at most once across both workers, and each in HubSpot exactly once.
    expect(keys.filter((k) => (syncedBy.get(k)?.length ?? 0) > 1)).toEqual([]);
    for (const portalId of PORTALS) {
      const crash = (await remote.objects(portalId)).filter((o) => o.properties.email?.startsWith('crash'));
      expect(crash).toHaveLength(150);
      expect(new Set(crash.map((o) => o.properties.email)).size).toBe(150);
    }
    // What the dead worker held when it died went out through the new worker, after its leases expired.
    const byNewWorker = keys.filter((k) => syncedBy.get(k)?.[0] === 2 || skippedBy.get(k)?.[0] === 2);
    expect(byNewWorker.length).toBeGreaterThanOrEqual(stranded);
  });
});
