import type { EmulatorHandle } from '@app/hubspot-emulator';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startApp } from '../src/bootstrap';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { DB, REDIS_URL, uniquePrefix } from './support/services';
import { PATHS } from './support/paths';

const ADMIN_TOKEN = 'host-e2e-admin-token';
const API_TOKEN = 'host-e2e-api-token-0123';

/** The example host end to end: its REST API -> its domain code -> the module -> the (embedded) emulator. */
describe('Example host: signup, upgrade, cancel reach HubSpot', () => {
  let database: string;
  let app: INestApplication;
  let url: string;
  let emulator: EmulatorHandle;
  let portalId: number;
  const saved = { ...process.env };

  beforeAll(async () => {
    database = await createTestDatabase('host_users');
    const auth = DB.password ? `${DB.username}:${encodeURIComponent(DB.password)}` : DB.username;
    Object.assign(process.env, {
      DATABASE_URL: `mysql://${auth}@${DB.host}:${DB.port}/${database}`,
      REDIS_URL,
      REDIS_PREFIX: uniquePrefix('host'),
      HUBSPOT_ACCESS_TOKEN: '',
      HUBSPOT_ADMIN_TOKEN: ADMIN_TOKEN,
      APP_API_TOKEN: API_TOKEN,
      METRICS_ENABLED: 'true',
      LOG_LEVEL: 'error',
    });
    const started = await startApp({ port: 0, host: '127.0.0.1' });
    ({ app, url } = started);
    emulator = started.target.embedded as EmulatorHandle;
    portalId = started.target.portalId as number;
  });

  afterAll(async () => {
    await app?.close();
    process.env = saved;
    await dropTestDatabase(database);
  });

  /** The example's user routes, with its API token. */
  const api = (method: 'get' | 'post', path: string) =>
    request(url)[method](path).set('authorization', `Bearer ${API_TOKEN}`);

  const contact = (email: string) =>
    emulator.control.objects(portalId, 'contacts').find((c) => !c.archived && c.properties.email === email);

  async function eventually<T>(
    probe: () => T | undefined | false | Promise<T | undefined>,
    timeoutMs = 15_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error('condition not reached in time');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('signup creates the contact in HubSpot with the user id and plan', async () => {
    const res = await api('post', '/users').send({
      email: 'Ada@Example.com',
      firstName: 'Ada',
      lastName: 'L',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(Number), email: 'ada@example.com', plan: 'free' });
    const found = await eventually(() => contact('ada@example.com'));
    expect(found.properties).toMatchObject({
      firstname: 'Ada',
      lastname: 'L',
      plan: 'free',
      app_user_id: String(res.body.id),
    });
  });

  it('upgrade creates the company once (by domain) and associates the contact with it', async () => {
    const a = (await api('post', '/users').send({ email: 'grace@navy.example' })).body;
    const b = (await api('post', '/users').send({ email: 'kathleen@navy.example' })).body;
    for (const user of [a, b]) {
      const res = await api('post', `/users/${user.id}/upgrade`).send({
        plan: 'pro',
        companyName: 'US Navy',
        companyDomain: 'https://www.Navy.example/',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ plan: 'pro', companyDomain: 'navy.example' });
    }
    const companies = await eventually(() => {
      const list = emulator.control
        .objects(portalId, 'companies')
        .filter((c) => !c.archived && c.properties.domain === 'navy.example');
      return list.length ? list : undefined;
    });
    expect(companies).toHaveLength(1);
    expect(companies[0].properties.name).toBe('US Navy');
    for (const email of ['grace@navy.example', 'kathleen@navy.example']) {
      const upgraded = await eventually(() =>
        contact(email)?.properties.plan === 'pro' ? contact(email) : undefined,
      );
      const linked = await eventually(async () => {
        const ids = await associatedCompanies(upgraded.id);
        return ids.length ? ids : undefined;
      });
      expect(linked).toEqual([companies[0].id]);
    }
    // A deal per upgrade (the app's own queue), once: repeating the request does not make another.
    await api('post', `/users/${a.id}/upgrade`)
      .send({ plan: 'pro', companyName: 'US Navy', companyDomain: 'navy.example' })
      .expect(200);
    const deals = await eventually(() => {
      const list = emulator.control
        .objects(portalId, 'deals')
        .filter((d) => d.properties.dealname?.startsWith('US Navy'));
      return list.length === 2 ? list : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(emulator.control.objects(portalId, 'deals')).toHaveLength(2);
    expect(deals.map((d) => d.properties.amount).sort()).toEqual(['588', '588']);
  });

  it('cancel marks the contact churned with a churn date, and never deletes it', async () => {
    const user = (await api('post', '/users').send({ email: 'leaving@example.com' })).body;
    await eventually(() => contact('leaving@example.com'));
    const res = await api('post', `/users/${user.id}/cancel`).send({ reason: 'too expensive' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'churned', churnedAt: expect.any(String) });
    const churned = await eventually(() =>
      contact('leaving@example.com')?.properties.churned === 'true'
        ? contact('leaving@example.com')
        : undefined,
    );
    expect(churned.properties.churn_date).toBe(res.body.churnedAt.slice(0, 10));
  });

  it('rejects bad input and conflicts with the right status codes', async () => {
    expect((await api('post', '/users').send({ email: 'not-an-email' })).status).toBe(400);
    expect((await api('post', '/users').send({ email: 'ada@example.com' })).status).toBe(409);
    expect(
      (
        await api('post', '/users/999999/upgrade').send({
          plan: 'pro',
          companyName: 'X',
          companyDomain: 'x.example',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api('post', '/users/1/upgrade').send({
          plan: 'pro',
          companyName: 'X',
          companyDomain: 'not a domain',
        })
      ).status,
    ).toBe(400);
  });

  it('serves health (HubSpot up, backlog drained) and Prometheus metrics with the calls made', async () => {
    const open = await request(url).get('/health');
    expect(open.status).toBe(200);
    expect(open.body).toEqual({ status: 'ok' });
    const res = await request(url).get('/health/details').set('authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.body.details.hubspot).toMatchObject({
      status: 'up',
      portals: [{ portalId, reachable: true, authorised: true }],
    });
    const metrics = await request(url).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(
      /hubspot_api_calls_total\{portal="\d+",method="POST",route="\/crm\/objects\/2026-09\/contacts\/batch\/upsert",status="200",lane="live"\} \d+/,
    );
    expect(metrics.text).toContain('hubspot_rate_limited_total');
  });

  it('health turns down (503, saying why) when HubSpot starts rejecting the token, and the write is kept', async () => {
    emulator.control.faults([
      {
        pathPattern: '^/crm/',
        status: 401,
        body: {
          status: 'error',
          message: 'Authentication credentials not found.',
          category: 'INVALID_AUTHENTICATION',
        },
      },
    ]);
    try {
      await api('post', '/users').send({ email: 'revoked@example.com' }).expect(201);
      const res = await eventually(async () => {
        const health = await request(url)
          .get('/health/details')
          .set('authorization', `Bearer ${ADMIN_TOKEN}`);
        return health.status === 503 ? health : undefined;
      });
      expect((await request(url).get('/health')).body).toEqual({ status: 'error' });
      expect(res.body.error.hubspot).toMatchObject({
        status: 'down',
        message: expect.stringContaining('token rejected'),
      });
      // The refused write is parked as a dead letter with HubSpot's reason, not lost.
      const parked = await eventually(async () => {
        const health = await request(url)
          .get('/health/details')
          .set('authorization', `Bearer ${ADMIN_TOKEN}`);
        return health.body.details?.hubspot?.deadLetters > 0
          ? health.body.details.hubspot.deadLetters
          : undefined;
      });
      expect(parked).toBeGreaterThan(0);
    } finally {
      emulator.control.clearFaults();
    }
  });

  it('keeps the user routes behind the API token', async () => {
    expect((await request(url).post('/users').send({ email: 'anon@example.com' })).status).toBe(401);
    expect(
      (await request(url).get('/users/1').set('authorization', 'Bearer wrong-token-0123456')).status,
    ).toBe(401);
    expect((await request(url).get('/health/details')).status).toBe(401);
  });

  it('echoes a correlation id and keeps tokens out of responses', async () => {
    const res = await api('get', '/users/1').set('x-correlation-id', 'trace-123');
    expect(res.headers['x-correlation-id']).toBe('trace-123');
    expect(JSON.stringify(res.body)).not.toContain('emulator-token');
  });

  async function associatedCompanies(contactId: string): Promise<string[]> {
    const res = await fetch(
      `${emulator.url}${PATHS.recordAssociations('contacts', contactId, 'companies')}`,
      {
        headers: { authorization: 'Bearer emulator-token' },
      },
    );
    const body = (await res.json()) as { results: Array<{ toObjectId: number | string }> };
    return body.results.map((r) => String(r.toObjectId));
  }
});
