import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AssociationsService,
  CompaniesService,
  ContactsService,
  DealsService,
  HubspotHealthIndicator,
  OutboxTransactionError,
  PortalBacklogReader,
  SyncedEvent,
} from '@app/hubspot';
import {
  DispatchStore,
  HUBSPOT_REDIS,
  memberOf,
  OutboxRelay,
  QueueBacklogReader,
} from '@app/hubspot/testing';
import type { HubspotRedis } from '../libs/hubspot/src/redis/hubspot-redis.types';
import type { EmulatorHandle } from '@app/hubspot-emulator';
import { buildBackfillWorker } from './support/backfill-worker.build';
import {
  CrmAppEnv,
  CrmBackend,
  createCrmApp,
  liveObjects,
  recordSynced,
  startCrmBackend,
  waitUntil,
} from './support/crm-app';
import { OutboxChildEnv } from './support/outbox-child';
import { OB_USERS_DDL, OutboxTestUser, signupInTransaction } from './support/outbox-host';
import { fork } from 'node:child_process';

const PORTAL = 1301;
const TOKEN = 'pat-outbox-transactions';

/**
 * `{ transaction }` on the CRM writes: the intent is a row of hubspot_outbox in the host's transaction, relayed
 * into the Redis pipeline once committed. Real MariaDB, Redis and the emulator over HTTP.
 */
describe('transactional outbox: commit, rollback, crash, two relays', () => {
  let emu: EmulatorHandle;
  let backend: CrmBackend;
  let env: CrmAppEnv;
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    backend = await startCrmBackend('outbox-tx', TOKEN, PORTAL);
    emu = backend.emu;
    env = {
      ...backend.env,
      entities: [OutboxTestUser],
      coalesceWindowMs: 50,
      outbox: { batchSize: 20, maxPollMs: 1_000 },
    };
    const app = await boot();
    await app.get(DataSource).query(OB_USERS_DDL);
  });

  afterAll(async () => {
    for (const app of [...apps]) await close(app);
    await backend?.stop();
  });

  async function boot(overrides: Partial<CrmAppEnv> = {}): Promise<INestApplication> {
    const app = await createCrmApp({ ...env, ...overrides });
    apps.push(app);
    return app;
  }

  async function close(app: INestApplication): Promise<void> {
    apps.splice(apps.indexOf(app), 1);
    await app.close().catch(() => undefined);
  }

  const contacts = (email: string) =>
    liveObjects(emu, PORTAL, 'contacts').filter((c) => c.properties.email === email);

  async function outboxRows(app: INestApplication): Promise<number> {
    const [row] = (await app.get(DataSource).query('SELECT COUNT(*) AS n FROM hubspot_outbox')) as Array<{
      n: string;
    }>;
    return Number(row.n);
  }

  /** Outbox empty, nothing queued or in flight in the portal's queues, the sales queue idle. */
  async function settled(app: INestApplication, what: string, timeoutMs = 30_000): Promise<void> {
    const queues = app.get(QueueBacklogReader);
    const portals = app.get(PortalBacklogReader);
    await waitUntil(
      async () => {
        if ((await outboxRows(app)) > 0) return false;
        const portal = await portals.portal(PORTAL);
        if (portal.ready + portal.inFlight > 0) return false;
        const backlog = await queues.backlog();
        return backlog
          .filter((q) => q.queue === 'hubspot-sales')
          .every((q) => q.waiting + q.active + q.delayed === 0);
      },
      timeoutMs,
      what,
    );
  }

  it('sends the intent once its transaction commits, and deletes the row once HubSpot has it', async () => {
    const app = apps[0];
    const ds = app.get(DataSource);
    const queued = await ds.transaction(async (manager) => {
      await manager.query('INSERT INTO ob_users (email, plan) VALUES (?, ?)', ['ada@example.com', 'pro']);
      const result = await app
        .get(ContactsService)
        .upsert({ email: 'ada@example.com', properties: { plan: 'pro' } }, { transaction: manager });
      // Other connections (the relay) cannot see it before the commit.
      expect(await outboxRows(app)).toBe(0);
      return result;
    });
    expect(queued).toEqual({ key: 'ada@example.com', jobId: null, outboxId: expect.any(Number) });
    await waitUntil(() => contacts('ada@example.com').length === 1, 15_000, 'the contact');
    expect(contacts('ada@example.com')[0].properties.plan).toBe('pro');
    await settled(app, 'the row to be settled');
  });

  it('sends nothing for a transaction that rolls back', async () => {
    const app = apps[0];
    const ds = app.get(DataSource);
    const rollback = ds.transaction(async (manager) => {
      await manager.query('INSERT INTO ob_users (email, plan) VALUES (?, ?)', [
        'declined@example.com',
        'pro',
      ]);
      await app
        .get(ContactsService)
        .upsert({ email: 'declined@example.com', properties: { plan: 'pro' } }, { transaction: manager });
      await app
        .get(CompaniesService)
        .upsert({ domain: 'declined.example', properties: { name: 'Declined' } }, { transaction: manager });
      await app
        .get(AssociationsService)
        .contactToCompany('declined@example.com', 'declined.example', { transaction: manager });
      await app
        .get(DealsService)
        .recordSale(
          { eventKey: 'declined-order', properties: { dealname: 'Declined', pipeline: 'default' } },
          { transaction: manager },
        );
      throw new Error('payment declined');
    });
    await expect(rollback).rejects.toThrow('payment declined');
    // A signup committed afterwards has a higher row id; once it arrived, the relay is past the rolled-back ones.
    await signupInTransaction(app, 'after-rollback@example.com');
    await waitUntil(() => contacts('after-rollback@example.com').length === 1, 15_000, 'the later signup');
    await settled(app, 'the later signup to be settled');
    expect(contacts('declined@example.com')).toHaveLength(0);
    expect(
      liveObjects(emu, PORTAL, 'companies').filter((c) => c.properties.name === 'Declined'),
    ).toHaveLength(0);
    expect(liveObjects(emu, PORTAL, 'deals')).toHaveLength(0);
    expect(await ds.query("SELECT id FROM ob_users WHERE email = 'declined@example.com'")).toHaveLength(0);
  });

  it('refuses a transaction argument that is no running transaction, and writes nothing', async () => {
    const app = apps[0];
    const ds = app.get(DataSource);
    const service = app.get(ContactsService);
    await expect(
      service.upsert({ email: 'nobody@example.com', properties: {} }, { transaction: ds.manager }),
    ).rejects.toThrow(OutboxTransactionError);
    const runner = ds.createQueryRunner();
    try {
      await expect(
        service.upsert({ email: 'nobody@example.com', properties: {} }, { transaction: runner }),
      ).rejects.toThrow('no transaction is active');
    } finally {
      await runner.release();
    }
    // Bad input is refused before anything is written, and the host's transaction rolls back with it.
    await expect(
      ds.transaction((manager) => service.upsert({ properties: { plan: 'x' } }, { transaction: manager })),
    ).rejects.toThrow();
    expect(await outboxRows(app)).toBe(0);
  });

  it('relays companies, associations, churn and a deal written in transactions; the deal once per event key', async () => {
    const app = apps[0];
    const ds = app.get(DataSource);
    const email = 'buyer@acme.example';
    const sale = {
      eventKey: 'order-1',
      properties: { dealname: 'Acme order 1', amount: 100, pipeline: 'default', dealstage: 'qualifiedtobuy' },
      contact: { email },
      companyDomain: 'acme.example',
    };
    await ds.transaction(async (transaction) => {
      await transaction.query('INSERT INTO ob_users (email, plan) VALUES (?, ?)', [email, 'pro']);
      await app
        .get(CompaniesService)
        .upsert({ domain: 'https://www.Acme.example/', properties: { name: 'Acme' } }, { transaction });
      await app.get(ContactsService).upsert({ email, properties: { plan: 'pro' } }, { transaction });
      await app.get(AssociationsService).contactToCompany({ email }, 'acme.example', { transaction });
      const queuedSale = await app.get(DealsService).recordSale(sale, { transaction });
      expect(queuedSale).toEqual({ eventKey: 'order-1', outboxId: expect.any(Number) });
    });
    await ds.transaction(async (transaction) => {
      await app.get(DealsService).recordSale(sale, { transaction });
      await app.get(ContactsService).markChurned(email, new Date('2026-03-01T10:00:00Z'), { transaction });
    });
    await waitUntil(() => contacts(email)[0]?.properties.churned === 'true', 20_000, 'the churn');
    // Settled: every row deleted and nothing left in the queues (polled locally, not through HubSpot's budget).
    await settled(app, 'every row to be settled');
    const contact = contacts(email)[0];
    expect(contact.properties).toMatchObject({ plan: 'pro', churn_date: '2026-03-01' });
    const [company] = liveObjects(emu, PORTAL, 'companies').filter((c) => c.properties.name === 'Acme');
    const associations = app.get(AssociationsService);
    expect((await associations.list('contacts', contact.id, 'companies')).map((l) => l.toObjectId)).toEqual([
      company.id,
    ]);
    const deals = liveObjects(emu, PORTAL, 'deals');
    expect(deals).toHaveLength(1);
    expect((await associations.list('deals', deals[0].id, 'contacts')).map((l) => l.toObjectId)).toEqual([
      contact.id,
    ]);
    expect(await app.get(DealsService).dealIdFor('order-1')).toBe(liveObjects(emu, PORTAL, 'deals')[0].id);
  });

  it('relays with two instances at once: each row relayed by one of them, each record sent once', async () => {
    const USERS = 1_000;
    const first = apps[0];
    const second = await boot();
    const events: SyncedEvent[][] = [recordSynced(first), recordSynced(second)];
    const before = [first, second].map((app) => app.get(OutboxRelay).state.relayedRows);
    // Ten host transactions of a hundred signups each: every commit wakes both relays (in process, and
    // through Redis pub/sub for the other one).
    await Promise.all(
      Array.from({ length: 10 }, (_, t) =>
        first.get(DataSource).transaction(async (transaction) => {
          for (let i = t * 100; i < (t + 1) * 100; i++) {
            const email = `pair${i}@example.com`;
            await transaction.query('INSERT INTO ob_users (email, plan) VALUES (?, ?)', [email, 'free']);
            await first.get(ContactsService).upsert({ email, properties: { plan: 'free' } }, { transaction });
          }
        }),
      ),
    );
    await settled(first, 'all pair signups to be settled', 60_000);
    const relayed = [first, second].map((app, i) => app.get(OutboxRelay).state.relayedRows - before[i]);
    expect(relayed[0]).toBeGreaterThan(0);
    expect(relayed[1]).toBeGreaterThan(0);
    expect(relayed[0] + relayed[1]).toBe(USERS);
    const sent = events.flat().filter((e) => e.localKey.startsWith('pair'));
    expect(sent).toHaveLength(USERS);
    expect(new Set(sent.map((e) => e.localKey)).size).toBe(USERS);
    expect(sent.filter((e) => e.created)).toHaveLength(USERS);
    const stored = liveObjects(emu, PORTAL, 'contacts').filter((c) => c.properties.email?.startsWith('pair'));
    expect(stored).toHaveLength(USERS);
    await close(second);
  });

  it('loses nothing when the process is SIGKILLed right after a commit', async () => {
    // No other instance runs while the child works: what it leaves behind is only in MySQL (and Redis).
    for (const app of [...apps]) await close(app);
    const { entry, cleanup } = buildBackfillWorker('outbox-child');
    let output = '';
    try {
      const childEnv: OutboxChildEnv = {
        database: backend.env.database,
        redisPrefix: backend.env.redisPrefix,
        emulatorUrl: backend.env.emulatorUrl,
        token: TOKEN,
        portalId: PORTAL,
        killAfter: 150,
        writers: 4,
      };
      const child = fork(entry, [], {
        env: { ...process.env, OUTBOX_CHILD_ENV: JSON.stringify(childEnv) },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
        child.once('exit', (_code, sig) => resolve(sig)),
      );
      expect(signal).toBe('SIGKILL');
    } finally {
      cleanup();
    }
    const printed = output
      .split('\n')
      .filter((l) => l.startsWith('committed '))
      .map((l) => l.slice(10));
    expect(printed.length).toBeGreaterThanOrEqual(150);

    const app = await boot({ outbox: { ...env.outbox, relay: false } });
    const ds = app.get(DataSource);
    const users = (await ds.query(
      "SELECT id, email, plan FROM ob_users WHERE email LIKE 'crash%'",
    )) as Array<{
      id: number;
      email: string;
      plan: string;
    }>;
    // Every commit the child reported is in MySQL; rolled-back (killed mid-transaction) writers left nothing.
    expect(users.map((u) => u.email)).toEqual(expect.arrayContaining(printed));
    // The crash window was real: the last commit (at least) never reached the relay. Health shows the rows.
    const health = await app.get(HubspotHealthIndicator).isHealthy('hubspot', { maxOutboxAgeMs: 0 });
    expect(health.hubspot).toMatchObject({
      status: 'down',
      message: expect.stringContaining('oldest outbox row'),
      outbox: { size: expect.any(Number), relay: { running: false } },
    });
    expect((health.hubspot.outbox as { waiting: number }).waiting).toBeGreaterThan(0);
    // The portal's own view shows them too: rows that never reached its queue in Redis.
    const portal = await app.get(PortalBacklogReader).portal(PORTAL);
    expect(portal.outbox.waiting).toBe((health.hubspot.outbox as { waiting: number }).waiting);
    await close(app);

    const recovered = await boot();
    await settled(recovered, 'the crashed pod’s rows to be delivered', 60_000);
    for (const user of users) {
      const stored = contacts(user.email);
      expect(stored).toHaveLength(1);
      expect(stored[0].properties).toMatchObject({ plan: user.plan, app_user_id: String(user.id) });
    }
    const strays = liveObjects(emu, PORTAL, 'contacts').filter(
      (c) => c.properties.email?.startsWith('crash') && !users.some((u) => u.email === c.properties.email),
    );
    expect(strays).toHaveLength(0);
  });

  it('relays again, after redeliverAfterMs, a row whose staged record Redis lost (its epoch kept), and delivers it', async () => {
    for (const app of [...apps]) await close(app);
    // A relaying pod that sends nothing: the staged record is at Redis' mercy until a worker comes.
    const relayOnly = await boot({ worker: false, outbox: { maxPollMs: 200, redeliverAfterMs: 1_000 } });
    const ds = relayOnly.get(DataSource);
    await ds.transaction(async (manager) => {
      await manager.query('INSERT INTO ob_users (email, plan) VALUES (?, ?)', ['lost@example.com', 'team']);
      await relayOnly
        .get(ContactsService)
        .upsert({ email: 'lost@example.com', properties: { plan: 'team' } }, { transaction: manager });
    });
    const relayed = async () =>
      Number(
        (
          (await ds.query('SELECT COUNT(*) AS n FROM hubspot_outbox WHERE relayed_at IS NOT NULL')) as [
            { n: string },
          ]
        )[0].n,
      );
    await waitUntil(async () => (await relayed()) === 1, 10_000, 'the row to be relayed');
    const store = relayOnly.get(DispatchStore);
    const member = memberOf('upsert', 'contacts|lost@example.com');
    expect((await store.inspect(PORTAL, member)).pending).toMatchObject({ 'p:plan': '"team"' });

    // Redis drops the staged record and its sequence (AOF everysec loses the last writes; a script is all or
    // nothing), but not the epoch: only the row's age tells the relay.
    const redis = relayOnly.get<HubspotRedis>(HUBSPOT_REDIS);
    const keys = store.keys.portal(PORTAL);
    await redis.hdel(keys[0], member);
    for (const ready of keys.slice(5)) await redis.zrem(ready, member);
    await redis.del(store.keys.sequence(PORTAL, member));

    await boot();
    await settled(relayOnly, 'the lost record to be relayed again, sent and settled', 30_000);
    expect(contacts('lost@example.com')).toHaveLength(1);
    expect(contacts('lost@example.com')[0].properties.plan).toBe('team');
  });
});
