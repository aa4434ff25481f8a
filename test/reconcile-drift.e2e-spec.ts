import { INestApplication } from '@nestjs/common';
import {
  BackfillService,
  ContactsService,
  DeadLettersService,
  ReconciliationService,
  SyncRunView,
} from '@app/hubspot';
import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { BF_PROPERTIES, createBackfillApp } from './support/backfill-worker-app';
import { seedUsers } from './support/backfill-worker-source';
import { seedBackfillUsers, waitForRun } from './support/backfill-worker-seed';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { uniquePrefix } from './support/services';
import { PATHS } from './support/paths';

const USERS = 500;
const PORTAL = 1002;
const TOKEN = 'pat-reconcile-drift';

/**
 * Someone edits 50 contacts and deletes 10 in HubSpot behind the integration's back. A reconciliation finds
 * all 60 and re-pushes local truth; the next one finds nothing; an incremental one checks only what HubSpot
 * changed since (search on lastmodifieddate) and repairs that.
 */
describe('reconciliation repairs drift (real MariaDB, Redis, emulator)', () => {
  let emu: EmulatorHandle;
  let database: string;
  let app: INestApplication;
  const users = seedUsers(USERS);

  beforeAll(async () => {
    database = await createTestDatabase('reconcile_drift');
    emu = await startEmulator({
      portals: [
        {
          portalId: PORTAL,
          tokens: [TOKEN],
          limits: { maxPerWindow: 100, windowMs: 500, daily: 1_000_000 },
          properties: BF_PROPERTIES,
        },
      ],
    });
    app = await createBackfillApp({
      database,
      redisPrefix: uniquePrefix('reconcile'),
      emulatorUrl: emu.url,
      token: TOKEN,
      portalId: PORTAL,
      maxPerWindow: 100,
      windowMs: 500,
      worker: true,
      withCompanies: false,
    });
    await seedBackfillUsers(app, USERS);
    const backfill = await app.get(BackfillService).start({ kind: 'contacts' });
    await waitForRun(app, backfill.id, (r) => r.status === 'completed', 30_000);
  });

  afterAll(async () => {
    await app?.close();
    await emu?.stop();
    await dropTestDatabase(database);
  });

  const contacts = () => emu.control.objects(PORTAL, 'contacts').filter((c) => !c.archived);
  const reconcile = async (incremental = false): Promise<SyncRunView> => {
    const run = await app.get(ReconciliationService).start({ incremental, kind: 'contacts' });
    return waitForRun(app, run.id, (r) => r.status === 'completed', 30_000);
  };

  function expectInStep(): void {
    const byEmail = new Map(contacts().map((c) => [c.properties.email, c]));
    expect(byEmail.size).toBe(USERS);
    for (const u of users) {
      expect(byEmail.get(u.email)?.properties).toMatchObject({
        firstname: u.firstName,
        lastname: u.lastName,
        plan: u.plan,
      });
    }
  }

  it('finds the 50 changed and 10 deleted contacts, repairs them, and then finds nothing', async () => {
    expectInStep();
    const all = contacts();
    const shuffled = [...all].sort(() => Math.random() - 0.5);
    const changed = shuffled.slice(0, 50);
    const deleted = shuffled.slice(50, 60);
    changed.forEach((c, i) =>
      emu.control.patchObject(
        PORTAL,
        'contacts',
        c.id,
        i % 2 ? { plan: 'hacked' } : { firstname: 'Mallory' },
      ),
    );
    deleted.forEach((c) => emu.control.deleteObject(PORTAL, 'contacts', c.id));
    expect(contacts()).toHaveLength(USERS - 10);

    const first = await reconcile();
    expect(first.report?.reconcile).toMatchObject({
      checked: USERS,
      missing: 10,
      drifted: 50,
      fixed: 60,
      failed: 0,
    });
    const samples = first.report!.reconcile!.samples!;
    const deletedKeys = deleted.map((c) => `email:${c.properties.email}`);
    expect(samples.missing.sort()).toEqual(deletedKeys.sort());
    expect(samples.drifted).toHaveLength(20);
    expect(first.callsUsed).toBeGreaterThan(0);
    expectInStep();

    const second = await reconcile();
    expect(second.report?.reconcile).toMatchObject({
      checked: USERS,
      missing: 0,
      drifted: 0,
      fixed: 0,
      failed: 0,
    });
  });

  it('incremental mode checks what HubSpot changed since the last run and repairs it', async () => {
    const victims = contacts().slice(0, 5);
    victims.forEach((c) => emu.control.patchObject(PORTAL, 'contacts', c.id, { lastname: 'Changed' }));
    const run = await reconcile(true);
    expect(run.incremental).toBe(true);
    const report = run.report!.reconcile!;
    expect(report.since).toBeDefined();
    expect(report).toMatchObject({ drifted: 5, fixed: 5, missing: 0, failed: 0 });
    expect(report.checked).toBeGreaterThanOrEqual(5);
    expect(report.checked).toBeLessThan(USERS + 1);
    expectInStep();
    const stats = emu.control.stats();
    expect(Object.keys(stats.requests).some((route) => route.includes('/search'))).toBe(true);
    expect(stats.rateLimited).toEqual({ TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 });
  });

  it('retries dead letters that may now pass', async () => {
    const [refused] = await app
      .get(ContactsService)
      .upsertMany([{ email: 'ghost@example.com', properties: { firstname: 'Ghost', nickname: 'boo' } }], {
        portalId: PORTAL,
      });
    expect(refused).toMatchObject({ status: 'failed' });
    const deadLetters = app.get(DeadLettersService);
    expect((await deadLetters.list({ portalId: PORTAL, status: 'open' })).total).toBe(1);
    // Someone adds the missing property in HubSpot: the write can pass now.
    const created = await fetch(`${emu.url}${PATHS.properties('contacts')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'nickname',
        label: 'Nickname',
        type: 'string',
        fieldType: 'text',
        groupName: 'contactinformation',
      }),
    });
    expect(created.status).toBe(201);

    const run = await reconcile();
    expect(run.report?.reconcile).toMatchObject({ deadLettersRetried: 1, missing: 0, drifted: 0 });
    const deadline = Date.now() + 15_000;
    while (
      (await deadLetters.list({ portalId: PORTAL, status: 'resolved' })).total < 1 &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await deadLetters.list({ portalId: PORTAL, status: 'resolved' })).total).toBe(1);
    const ghost = contacts().find((c) => c.properties.email === 'ghost@example.com');
    expect(ghost?.properties).toMatchObject({ firstname: 'Ghost', nickname: 'boo' });
  });
});
