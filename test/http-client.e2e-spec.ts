import { INestApplicationContext, Logger } from '@nestjs/common';
import {
  HubspotAuthError,
  HubspotConflictError,
  HubspotDailyLimitError,
  HubspotError,
  HubspotHttpClient,
  HubspotNotFoundError,
  HubspotPaths,
  HubspotTelemetry,
  HubspotTransientError,
  HubspotValidationError,
} from '@app/hubspot';
import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { bootClientApp } from './support/limiter-worker-app';
import { REDIS_URL, uniquePrefix } from './support/services';

const TOKEN = 'pat-na1-client-e2e-secret';
const PORTAL = 2002;
const CONTACTS = new HubspotPaths('2026-09').objects('contacts');
/** The emulator counts requests by route pattern. */
const LIST_ROUTE = 'GET /crm/objects/:version/:objectType';
const CREATE_ROUTE = 'POST /crm/objects/:version/:objectType';
const READ_ROUTE = 'GET /crm/objects/:version/:objectType/:objectId';

/** HubspotHttpClient against the emulator: faults, classification, retries, budgets. */
describe('HubspotHttpClient (emulator, real Redis)', () => {
  let emu: EmulatorHandle;
  let app: INestApplicationContext;
  let client: HubspotHttpClient;
  let telemetry: HubspotTelemetry;
  const logged: string[] = [];
  const spies: jest.SpyInstance[] = [];

  beforeAll(async () => {
    for (const level of ['log', 'warn', 'error', 'debug', 'verbose'] as const) {
      spies.push(
        jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => {
          logged.push(
            args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' '),
          );
        }),
      );
    }
    emu = await startEmulator({
      port: 0,
      portals: [
        { portalId: PORTAL, tokens: [TOKEN], limits: { maxPerWindow: 50, windowMs: 1_000 } },
        {
          portalId: 3003,
          tokens: ['pat-small-daily'],
          limits: { maxPerWindow: 50, windowMs: 1_000, daily: 6 },
        },
      ],
    });
    ({ app, client, telemetry } = await bootClientApp({
      baseUrl: emu.url,
      token: TOKEN,
      portalId: PORTAL,
      redisUrl: REDIS_URL,
      keyPrefix: uniquePrefix('http-client'),
      limits: { maxPerWindow: 50, windowMs: 1_000 },
      http: { timeoutMs: 400, maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 1_500 },
    }));
  });
  afterAll(async () => {
    await app?.close();
    await emu?.stop();
    spies.forEach((s) => s.mockRestore());
  });
  beforeEach(() => emu.control.reset());

  const requests = (route: string) => emu.control.stats().requests[route] ?? {};

  it('round-trips JSON, builds queries, reports status and correlation id', async () => {
    const created = await client.post<{ id: string }>(CONTACTS, { properties: { email: 'ada@example.com' } });
    expect(created.status).toBe(201);
    expect(created.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    const read = await client.get<{ id: string; properties: Record<string, string> }>(
      `${CONTACTS}/${created.data.id}`,
      { query: { properties: ['email', 'firstname'], archived: false, skipped: undefined } },
    );
    expect(read.data.properties.email).toBe('ada@example.com');
    expect(read.attempts).toBe(1);
    const deleted = await client.delete(`${CONTACTS}/${created.data.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.data).toBeUndefined();
  });

  it('resolves a 207 partial batch', async () => {
    await client.post(CONTACTS, { properties: { email: 'grace@example.com' } });
    const res = await client.post<{ numErrors: number; results: unknown[] }>(`${CONTACTS}/batch/read`, {
      idProperty: 'email',
      inputs: [{ id: 'grace@example.com' }, { id: 'nobody@example.com' }],
      properties: ['email'],
    });
    expect(res.status).toBe(207);
    expect(res.data.results).toHaveLength(1);
  });

  it.each([
    ['a 5xx burst', { status: 502, count: 2 }],
    ['dropped connections', { drop: true, count: 2 }],
    ['a slow response past the timeout', { latencyMs: 1_000, count: 1 }],
    ['a malformed 200 body', { malformed: true, count: 1 }],
    ['a 503', { status: 503, count: 1 }],
  ])('retries %s and succeeds', async (_name, fault) => {
    await emu.control.faults([{ pathPattern: `^${CONTACTS}$`, method: 'GET', ...fault }]);
    const res = await client.get(CONTACTS, { query: { limit: 1 } });
    expect(res.status).toBe(200);
    expect(res.attempts).toBe((fault.count ?? 1) + 1);
  });

  it('honours Retry-After on 477 Migration in Progress', async () => {
    await emu.control.faults([{ pathPattern: `^${CONTACTS}$`, method: 'GET', status: 477, count: 1 }]);
    const started = Date.now();
    const res = await client.get(CONTACTS);
    expect(res.attempts).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('gives up after maxAttempts with a typed, retryable error', async () => {
    await emu.control.faults([{ pathPattern: `^${CONTACTS}$`, method: 'GET', status: 500 }]);
    const err = await client.get(CONTACTS, { maxAttempts: 3 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubspotTransientError);
    expect(err).toMatchObject({ status: 500, retryable: true });
    expect(requests(LIST_ROUTE)['500']).toBe(3);
  });

  it('400: not retried; HubSpot message, category and correlation id', async () => {
    const err = (await client
      .post(CONTACTS, { properties: { email: 'x@example.com', favourite_colour: 'teal' } })
      .catch((e: unknown) => e)) as HubspotValidationError;
    expect(err).toBeInstanceOf(HubspotValidationError);
    expect(err.message).toMatch(/Property values were not valid/);
    expect(err.category).toBe('VALIDATION_ERROR');
    expect(err.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(requests(CREATE_ROUTE)['400']).toBe(1);
  });

  it('404: not retried, typed', async () => {
    const err = (await client.get(`${CONTACTS}/987654321`).catch((e: unknown) => e)) as HubspotError;
    expect(err).toBeInstanceOf(HubspotNotFoundError);
    expect(err.correlationId).toBeDefined();
    expect(requests(READ_ROUTE)['404']).toBe(1);
  });

  it('409: not retried, carries the existing id', async () => {
    const first = await client.post<{ id: string }>(CONTACTS, { properties: { email: 'dup@example.com' } });
    const err = (await client
      .post(CONTACTS, { properties: { email: 'dup@example.com' } })
      .catch((e: unknown) => e)) as HubspotConflictError;
    expect(err).toBeInstanceOf(HubspotConflictError);
    expect(err.existingId).toBe(first.data.id);
    expect(err.message).toMatch(/Existing ID/);
    expect(requests(CREATE_ROUTE)['409']).toBe(1);
  });

  it('401: typed auth error; the token never shows in errors or logs', async () => {
    const other = await bootClientApp({
      baseUrl: emu.url,
      token: 'pat-na1-wrong-secret-token',
      portalId: PORTAL,
      redisUrl: REDIS_URL,
      keyPrefix: uniquePrefix('http-client-401'),
      http: { maxAttempts: 2, baseDelayMs: 10 },
    });
    try {
      await emu.control.faults([{ pathPattern: `^${CONTACTS}$`, status: 502, count: 1 }]);
      const err = (await other.client.get(CONTACTS).catch((e: unknown) => e)) as HubspotError;
      expect(err).toBeInstanceOf(HubspotAuthError);
      const everything = [JSON.stringify(err), err.message, err.stack, ...logged].join('\n');
      expect(everything).not.toContain('pat-na1-wrong-secret-token');
      expect(everything).not.toContain(TOKEN);
    } finally {
      await other.app.close();
    }
  });

  it('emits telemetry for every attempt', async () => {
    const events: Array<{ status: number; attempt: number }> = [];
    const listener = (e: { status: number; attempt: number }) => events.push(e);
    telemetry.on('call', listener);
    await emu.control.faults([{ pathPattern: `^${CONTACTS}$`, method: 'GET', status: 503, count: 1 }]);
    await client.get(CONTACTS);
    telemetry.off('call', listener);
    expect(events.map((e) => [e.status, e.attempt])).toEqual([
      [503, 1],
      [200, 2],
    ]);
  });

  it('search has its own 5/s bucket: a burst of searches never hits SECONDLY', async () => {
    await Promise.all(
      Array.from({ length: 12 }, () => client.post(`${CONTACTS}/search`, { filterGroups: [], limit: 1 })),
    );
    expect(emu.control.stats().rateLimited.SECONDLY).toBe(0);
    expect(requests(`POST /crm/objects/:version/:objectType/search`)['200']).toBe(12);
  });

  it('Redis unreachable: falls back to an in-process share of the window, says so, keeps working', async () => {
    const cut = await bootClientApp({
      baseUrl: emu.url,
      token: TOKEN,
      portalId: PORTAL,
      redisUrl: 'redis://127.0.0.1:1', // nothing listens there
      keyPrefix: uniquePrefix('http-client-noredis'),
      limits: { maxPerWindow: 50, windowMs: 1_000, fallbackShare: 0.2 },
    });
    try {
      const started = Date.now();
      await Promise.all(Array.from({ length: 15 }, () => cut.client.get(CONTACTS)));
      // 20% of 50 per second = 10 per second: 15 calls need a second window.
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(emu.control.stats().rateLimited.TEN_SECONDLY_ROLLING).toBe(0);
      expect(logged.some((l) => /Redis unreachable.*20%/.test(l))).toBe(true);
    } finally {
      await cut.app.close();
    }
  });

  it('daily governor: bulk lanes park near the end of the daily budget, live goes on; then DAILY 429', async () => {
    const small = await bootClientApp({
      baseUrl: emu.url,
      token: 'pat-small-daily',
      portalId: 3003,
      redisUrl: REDIS_URL,
      keyPrefix: uniquePrefix('http-client-daily'),
      limits: { dailyReserve: 3 },
      http: { maxAttempts: 3, baseDelayMs: 10 },
    });
    try {
      for (let i = 0; i < 4; i++) await small.client.get(CONTACTS, { lane: 'backfill' }); // 2 left
      const parked = await small.client.get(CONTACTS, { lane: 'backfill' }).catch((e: unknown) => e);
      expect(parked).toBeInstanceOf(HubspotDailyLimitError);
      expect(parked).toMatchObject({ reserveHeld: true, retryable: true });
      await small.client.get(CONTACTS, { lane: 'live' });
      await small.client.get(CONTACTS, { lane: 'webhook' }); // 0 left
      const spent = (await small.client.get(CONTACTS).catch((e: unknown) => e)) as HubspotDailyLimitError;
      expect(spent).toBeInstanceOf(HubspotDailyLimitError);
      expect(spent.reserveHeld).toBe(false);
      expect(spent.resetAt.getTime()).toBeGreaterThan(Date.now());
      expect(emu.control.stats().total).toBe(6);
    } finally {
      await small.app.close();
    }
  });
});
