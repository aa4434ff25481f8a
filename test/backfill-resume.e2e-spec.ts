import { INestApplication } from '@nestjs/common';
import { BackfillService, SyncRunView } from '@app/hubspot';
import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { BackfillAppEnv, BF_PROPERTIES, createBackfillApp } from './support/backfill-worker-app';
import { BackfillWorkerProcess } from './support/backfill-worker.process';
import { buildBackfillWorker } from './support/backfill-worker.build';
import { companyName, seedUsers } from './support/backfill-worker-source';
import { seedBackfillUsers, waitForRun } from './support/backfill-worker-seed';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { uniquePrefix } from './support/services';
import { PATHS } from './support/paths';

const USERS = 20_000;
const PORTAL = 1001;
const TOKEN = 'pat-backfill-resume';

/**
 * A 20,000-user backfill (companies, contacts, associations) against the time-scaled emulator, worked by a
 * child process that is SIGKILLed twice at random points and restarted each time. The test process only
 * starts and watches the run (its app has no queue processors), like a web pod next to worker pods.
 */
describe('backfill survives killed workers (real MariaDB, Redis, emulator)', () => {
  let emu: EmulatorHandle;
  let database: string;
  let app: INestApplication;
  let env: BackfillAppEnv;
  const workers: BackfillWorkerProcess[] = [];
  let bundle: ReturnType<typeof buildBackfillWorker> | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('bf_resume');
    bundle = buildBackfillWorker();
    emu = await startEmulator({
      portals: [
        {
          portalId: PORTAL,
          tokens: [TOKEN],
          limits: { maxPerWindow: 100, windowMs: 500, daily: 1_000_000, associationsMaxPerWindow: 100 },
          properties: BF_PROPERTIES,
        },
      ],
    });
    env = {
      database,
      redisPrefix: uniquePrefix('bf-resume'),
      emulatorUrl: emu.url,
      token: TOKEN,
      portalId: PORTAL,
      maxPerWindow: 100,
      windowMs: 500,
      worker: false,
      leaseMs: 1500,
    };
    app = await createBackfillApp(env);
    await seedBackfillUsers(app, USERS);
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await app?.close();
    await emu?.stop();
    await dropTestDatabase(database);
    bundle?.cleanup();
  });

  const waitFor = (id: number, done: (run: SyncRunView) => boolean, timeoutMs: number) =>
    waitForRun(app, id, done, timeoutMs, () => workers.flatMap((w) => w.output.slice(-30)).join('\n'));

  const bootMs: number[] = [];
  async function startWorker(): Promise<BackfillWorkerProcess> {
    const worker = new BackfillWorkerProcess({ ...env, worker: true }, bundle!.entry);
    workers.push(worker);
    const t = Date.now();
    await worker.start();
    bootMs.push(Date.now() - t);
    return worker;
  }

  it('puts every user in HubSpot exactly once with the right properties, and reports the resumes', async () => {
    const started = await app.get(BackfillService).start({ kind: 'all', requestedBy: 'e2e' });
    let worker = await startWorker();
    const counted = await waitFor(started.id, (r) => r.total > 0, 30_000);
    const total = counted.total;
    const kills = [0.1 + Math.random() * 0.3, 0.55 + Math.random() * 0.3].map((share) =>
      Math.floor(total * share),
    );
    const killedAt: number[] = [];
    for (const threshold of kills) {
      const run = await waitFor(
        started.id,
        (r) => r.processed >= threshold || r.status === 'completed',
        60_000,
      );
      expect(run.status).toBe('running');
      await worker.kill();
      killedAt.push(run.processed);
      worker = await startWorker();
    }
    const done = await waitFor(started.id, (r) => r.status === 'completed', 60_000);
    if (process.env.BF_REPORT) {
      const { total: calls, rateLimited } = emu.control.stats();
      process.stderr.write(
        `${JSON.stringify({ bootMs, total, kills, killedAt, resumed: done.resumedCount, callsUsed: done.callsUsed, calls, rateLimited, report: done.report, startedAt: done.startedAt, finishedAt: done.finishedAt })}\n`,
      );
    }

    expect(done.resumedCount).toBeGreaterThanOrEqual(2);
    expect(done.processed).toBe(total);
    expect(done.failed).toBe(0);
    expect(done.callsUsed).toBeGreaterThan(0);
    expect(killedAt[0]).toBeLessThan(killedAt[1]);

    const users = seedUsers(USERS);
    const contacts = emu.control.objects(PORTAL, 'contacts');
    expect(contacts.filter((c) => c.archived)).toHaveLength(0);
    expect(contacts).toHaveLength(USERS);
    const byEmail = new Map(contacts.map((c) => [c.properties.email, c]));
    expect(byEmail.size).toBe(USERS);
    for (const [i, u] of users.entries()) {
      const c = byEmail.get(u.email);
      expect(c?.properties).toMatchObject({ firstname: u.firstName, lastname: u.lastName, plan: u.plan });
      if (c?.properties.app_user_id !== undefined) expect(c.properties.app_user_id).toBe(String(i + 1));
    }

    const domains = [...new Set(users.map((u) => u.companyDomain).filter((d): d is string => !!d))];
    const companies = emu.control.objects(PORTAL, 'companies');
    expect(companies).toHaveLength(domains.length);
    const companyByDomain = new Map(companies.map((c) => [c.properties.app_company_domain, c]));
    for (const d of domains) expect(companyByDomain.get(d)?.properties.name).toBe(companyName(d));

    // Every user with a company is associated with exactly that company.
    const withCompany = users.filter((u) => u.companyDomain);
    const associated = await readCompanyAssociations(withCompany.map((u) => byEmail.get(u.email)!.id));
    for (const u of withCompany) {
      expect(associated.get(byEmail.get(u.email)!.id)).toEqual([companyByDomain.get(u.companyDomain!)!.id]);
    }

    const stats = emu.control.stats();
    expect(stats.rateLimited).toEqual({ TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 });
  });

  /** Batch read of contact -> company associations (1,000 ids per call). */
  async function readCompanyAssociations(contactIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (let i = 0; i < contactIds.length; i += 1000) {
      const res = await fetch(`${emu.url}${PATHS.associationBatch('contacts', 'companies', 'read')}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: contactIds.slice(i, i + 1000).map((id) => ({ id })) }),
      });
      const body = (await res.json()) as {
        results: Array<{ from: { id: string }; to: Array<{ toObjectId: string | number }> }>;
      };
      for (const r of body.results)
        out.set(
          r.from.id,
          r.to.map((t) => String(t.toObjectId)),
        );
    }
    return out;
  }
});
