import type { EmulatorHandle } from '@app/hubspot-emulator';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startApp } from '../src/bootstrap';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { TestRedisServer } from './support/redis-server';
import { DB, uniquePrefix } from './support/services';

const SIGNUPS = 1_000;
const PLANS = ['free', 'pro', 'enterprise'];

/**
 * The example host on a Redis of the suite's own, which the suite stops and starts while users sign up
 * through the REST API. Writes land in MySQL with their intents (the outbox); the relay delivers them when
 * Redis is back, whether it kept its data or came back empty.
 */
/** The example app's bearer token for its user routes. */
const API_TOKEN = 'outage-e2e-api-token-0123';

describe('Example host through a Redis outage: every signup answered, every contact delivered once', () => {
  let redis: TestRedisServer;
  let database: string;
  let app: INestApplication;
  let url: string;
  let emulator: EmulatorHandle;
  let portalId: number;
  const saved = { ...process.env };
  const logs: string[] = [];
  const writes = { out: process.stdout.write, err: process.stderr.write };

  beforeAll(async () => {
    redis = await TestRedisServer.create();
    await redis.start();
    database = await createTestDatabase('outbox_outage');
    const auth = DB.password ? `${DB.username}:${encodeURIComponent(DB.password)}` : DB.username;
    Object.assign(process.env, {
      DATABASE_URL: `mysql://${auth}@${DB.host}:${DB.port}/${database}`,
      REDIS_URL: redis.url,
      REDIS_PREFIX: uniquePrefix('outage'),
      HUBSPOT_ACCESS_TOKEN: '',
      HUBSPOT_ADMIN_TOKEN: '',
      APP_API_TOKEN: API_TOKEN,
      METRICS_ENABLED: 'false',
      LOG_LEVEL: 'log',
    });
    // The app's log lines are kept (to count what the relay said), not printed.
    const capture = (chunk: string | Uint8Array) => {
      logs.push(...chunk.toString().split('\n').filter(Boolean));
      if (logs.length > 20_000) logs.splice(0, logs.length - 20_000);
      return true;
    };
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
    const started = await startApp({ port: 0, host: '127.0.0.1' });
    ({ app, url } = started);
    emulator = started.target.embedded as EmulatorHandle;
    portalId = started.target.portalId as number;
  });

  afterAll(async () => {
    await app?.close();
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    process.env = saved;
    await redis?.destroy();
    if (database) await dropTestDatabase(database);
  });

  const said = (text: string) => logs.filter((line) => line.includes(text)).length;

  /**
   * SIGNUPS signups through the REST API, 8 at a time, every tenth user cancelling right after: the first 300
   * with Redis up, the next 400 with Redis stopped (kept down at least 3 s), the last 300 after it is back.
   */
  async function signupsThroughOutage(prefix: string, data: 'save' | 'discard') {
    const statuses: number[] = [];
    const cancelled = new Set<string>();
    const signup = async (i: number) => {
      const email = `${prefix}${i}@example.com`;
      const res = await request(url)
        .post('/users')
        .set('authorization', `Bearer ${API_TOKEN}`)
        .send({ email, firstName: 'Out', lastName: `Age ${i}`, plan: PLANS[i % 3] });
      statuses.push(res.status);
      if (res.status === 201 && i % 10 === 0) {
        const cancel = await request(url)
          .post(`/users/${res.body.id}/cancel`)
          .set('authorization', `Bearer ${API_TOKEN}`)
          .send({ reason: 'outage test' });
        statuses.push(cancel.status === 200 ? 201 : cancel.status);
        cancelled.add(email);
      }
    };
    const batch = async (from: number, to: number) => {
      let next = from;
      const worker = async () => {
        for (let i = next++; i < to; i = next++) await signup(i);
      };
      await Promise.all(Array.from({ length: 8 }, worker));
    };
    await batch(0, 300);
    await redis.stop(data);
    const down = Date.now();
    const before = statuses.length;
    await batch(300, 700);
    const whileDown = statuses.length - before;
    await new Promise((r) => setTimeout(r, Math.max(0, 3_000 - (Date.now() - down))));
    await redis.start();
    const downSeconds = (Date.now() - down) / 1000;
    await batch(700, SIGNUPS);
    return { statuses, cancelled, downSeconds, whileDown };
  }

  /** Waits until HubSpot has every user of the run with its latest values; returns the emulator's contacts. */
  async function delivered(prefix: string, cancelled: Set<string>) {
    const users = (await app
      .get(DataSource)
      .query(`SELECT id, email, plan, status FROM users WHERE email LIKE ?`, [`${prefix}%`])) as Array<{
      id: number;
      email: string;
      plan: string;
      status: string;
    }>;
    expect(users).toHaveLength(SIGNUPS);
    expect(
      users
        .filter((u) => u.status === 'churned')
        .map((u) => u.email)
        .sort(),
    ).toEqual([...cancelled].sort());
    const matches = () => {
      const byEmail = new Map(
        emulator.control
          .objects(portalId, 'contacts')
          .filter((c) => c.properties.email?.startsWith(prefix))
          .map((c) => [c.properties.email, c]),
      );
      return users.every((u) => {
        const c = byEmail.get(u.email);
        return (
          c &&
          c.properties.plan === u.plan &&
          c.properties.app_user_id === String(u.id) &&
          (c.properties.churned === 'true') === (u.status === 'churned')
        );
      });
    };
    const deadline = Date.now() + 90_000;
    while (!matches()) {
      if (Date.now() > deadline) throw new Error(`not every ${prefix} contact reached HubSpot in time`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // Exactly once: no record twice, archived or not.
    const stored = emulator.control
      .objects(portalId, 'contacts')
      .filter((c) => c.properties.email?.startsWith(prefix));
    expect(stored).toHaveLength(SIGNUPS);
    expect(new Set(stored.map((c) => c.properties.email)).size).toBe(SIGNUPS);
    // And nothing is left to send.
    await until(async () => {
      const [row] = (await app.get(DataSource).query('SELECT COUNT(*) AS n FROM hubspot_outbox')) as Array<{
        n: string;
      }>;
      return Number(row.n) === 0;
    }, 30_000);
  }

  it('answers 1,000 signups while Redis is away, then delivers each contact once with its latest values', async () => {
    const { statuses, cancelled, downSeconds, whileDown } = await signupsThroughOutage('away', 'save');
    expect(statuses.filter((s) => s !== 201)).toEqual([]);
    expect(statuses).toHaveLength(SIGNUPS + cancelled.size);
    expect(whileDown).toBe(440);
    expect(downSeconds).toBeGreaterThanOrEqual(3);
    await delivered('away', cancelled);
    expect(said('Outbox relay paused')).toBe(1);
    expect(said('Outbox relay resumed')).toBe(1);
  });

  it('does the same when Redis comes back empty (restarted without its data)', async () => {
    const { statuses, cancelled, whileDown } = await signupsThroughOutage('empty', 'discard');
    expect(statuses.filter((s) => s !== 201)).toEqual([]);
    expect(whileDown).toBe(440);
    await delivered('empty', cancelled);
    expect(said('Outbox relay paused')).toBe(2);
    expect(said('Redis lost the relayed intents')).toBe(1);
  });
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
