import type { EmulatorHandle } from '@app/hubspot-emulator';
import { INestApplication } from '@nestjs/common';
import { createConnection } from 'mysql2/promise';
import request from 'supertest';
import { seedUsers } from '../scripts/demo/demo-database';
import { verify } from '../scripts/demo/demo-verify';
import { startApp } from '../src/bootstrap';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { DB, REDIS_URL, uniquePrefix } from './support/services';
import { PATHS } from './support/paths';

const ADMIN = 'host-backfill-admin-token';

/** The host's ContactSource/CompanySource under the module's backfill and reconciliation, through the admin API. */
describe('Example host: backfill and reconciliation of the users table', () => {
  let database: string;
  let app: INestApplication;
  let url: string;
  let emulator: EmulatorHandle;
  let portalId: number;
  const saved = { ...process.env };
  const db = { host: DB.host, port: DB.port, user: DB.username, password: DB.password };
  const check = () => verify(db, database, emulator, portalId, 'app_company_domain');

  beforeAll(async () => {
    database = await createTestDatabase('host_backfill');
    const auth = DB.password ? `${DB.username}:${encodeURIComponent(DB.password)}` : DB.username;
    Object.assign(process.env, {
      DATABASE_URL: `mysql://${auth}@${DB.host}:${DB.port}/${database}`,
      REDIS_URL,
      REDIS_PREFIX: uniquePrefix('hostbf'),
      HUBSPOT_ACCESS_TOKEN: '',
      HUBSPOT_ADMIN_TOKEN: ADMIN,
      LOG_LEVEL: 'error',
    });
    const started = await startApp({ port: 0, host: '127.0.0.1' });
    ({ app, url } = started);
    emulator = started.target.embedded as EmulatorHandle;
    portalId = started.target.portalId as number;
    await seedUsers(db, database, 250, 20);
  });

  afterAll(async () => {
    await app?.close();
    process.env = saved;
    await dropTestDatabase(database);
  });

  async function runToEnd(path: string, body: object) {
    const started = await request(url)
      .post(`/hubspot/admin/${path}`)
      .auth(ADMIN, { type: 'bearer' })
      .send(body);
    expect(started.status).toBe(202);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const view = await request(url)
        .get(`/hubspot/admin/runs/${started.body.id}`)
        .auth(ADMIN, { type: 'bearer' });
      if (['completed', 'failed', 'cancelled'].includes(view.body.status)) return view.body;
      if (Date.now() > deadline) throw new Error(`run ${started.body.id} still ${view.body.status}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('refuses the admin API without the token', async () => {
    expect((await request(url).post('/hubspot/admin/backfills').send({})).status).toBe(401);
  });

  it('a dry run reports the work and its cost, and writes nothing', async () => {
    const run = await runToEnd('backfills', { kind: 'all', dryRun: true });
    expect(run.status).toBe('completed');
    expect(JSON.stringify(run.report)).toMatch(/250/);
    expect(emulator.control.objects(portalId, 'contacts')).toHaveLength(0);
  });

  it('backfills every user once, with companies and associations, from the users table', async () => {
    const run = await runToEnd('backfills', { kind: 'all' });
    expect(run).toMatchObject({ status: 'completed', failed: 0 });
    const result = await check();
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({ ok: true, users: 250, contacts: 250 });
    // Users of a company are associated with it (one third of the seed has one).
    const withCompany = emulator.control
      .objects(portalId, 'contacts')
      .find((c) => c.properties.email === 'customer3@example.com');
    const res = await fetch(
      `${emulator.url}${PATHS.recordAssociations('contacts', withCompany!.id, 'companies')}`,
      {
        headers: { authorization: 'Bearer emulator-token' },
      },
    );
    const linked = ((await res.json()) as { results: unknown[] }).results;
    expect(linked).toHaveLength(1);
  });

  it('reconciliation puts back what was changed or deleted in HubSpot behind our back', async () => {
    const contacts = emulator.control.objects(portalId, 'contacts').filter((c) => !c.archived);
    for (const c of contacts.slice(0, 5))
      emulator.control.patchObject(portalId, 'contacts', c.id, { plan: 'enterprise' });
    for (const c of contacts.slice(5, 7)) emulator.control.deleteObject(portalId, 'contacts', c.id);
    expect((await check()).ok).toBe(false);

    const run = await runToEnd('reconciliations', {});
    expect(run.status).toBe('completed');
    const deadline = Date.now() + 15_000;
    let result = await check();
    while (!result.ok && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      result = await check();
    }
    expect(result.problems).toEqual([]);
  });

  it('users changed locally since the backfill are pushed by the next reconciliation too', async () => {
    const conn = await createConnection({ ...db, database });
    await conn.query("UPDATE users SET plan = 'enterprise' WHERE email = 'customer10@example.com'");
    await conn.end();
    await runToEnd('reconciliations', {});
    const deadline = Date.now() + 15_000;
    let result = await check();
    while (!result.ok && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      result = await check();
    }
    expect(result.problems).toEqual([]);
  });

  it('an incremental reconciliation finds users changed by bulk SQL, without checking everyone', async () => {
    const conn = await createConnection({ ...db, database });
    try {
      // As if the last reconciliation had just run: HubSpot changed nothing since.
      await conn.query(
        "UPDATE hubspot_sync_runs SET started_at = NOW(3) + INTERVAL 59 SECOND WHERE kind = 'reconcile' AND status = 'completed'",
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      // Ten users change outside the app: a bulk SQL update, no module call.
      const [result] = (await conn.query(
        "UPDATE users SET plan = 'enterprise' WHERE id BETWEEN 30 AND 39 AND plan <> 'enterprise'",
      )) as unknown as Array<{ affectedRows: number }>;
      expect(result.affectedRows).toBeGreaterThan(0);
      expect((await check()).ok).toBe(false);
      const run = await runToEnd('reconciliations', { incremental: true });
      expect(run.status).toBe('completed');
      const report = run.report.reconcile;
      // The ten users (and their companies) came from the source's local changes; the drift is theirs.
      expect(report.localChanges).toBeGreaterThanOrEqual(result.affectedRows);
      expect(report.drifted).toBe(result.affectedRows);
      expect(report.checked).toBeLessThan(50);
    } finally {
      await conn.end();
    }
    const deadline = Date.now() + 15_000;
    let verified = await check();
    while (!verified.ok && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      verified = await check();
    }
    expect(verified.problems).toEqual([]);
  });
});
