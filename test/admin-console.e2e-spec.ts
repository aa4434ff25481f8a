import { DeadLettersService, HubspotValidationError } from '@app/hubspot';
import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { CanActivate, ExecutionContext, INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import request from 'supertest';
import { BF_PROPERTIES, createBackfillApp } from './support/backfill-worker-app';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { REDIS_URL, uniquePrefix } from './support/services';

const PORTAL = 1016;
const TOKEN = 'pat-admin-console';
const ADMIN = '/hubspot/admin';
const CONSOLE = `${ADMIN}/console`;

/** The host's own sign-in, as the console sees it: a header stands in for the host's session cookie. */
const hostGuard: CanActivate = {
  canActivate: (ctx: ExecutionContext) =>
    ctx.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers['x-host-user'] === 'ops',
};

/** The console's routes over HTTP: off by default, the host's guard, sessions in Redis, redacted payloads. */
describe('admin console (real MariaDB, Redis, emulator)', () => {
  let emu: EmulatorHandle;
  let database: string;
  let off: INestApplication;
  let on: INestApplication;
  const prefix = uniquePrefix('console');
  const redis = new Redis(REDIS_URL);

  beforeAll(async () => {
    database = await createTestDatabase('admin_console');
    emu = await startEmulator({
      portals: [{ portalId: PORTAL, tokens: [TOKEN], properties: BF_PROPERTIES }],
    });
    const env = {
      database,
      emulatorUrl: emu.url,
      token: TOKEN,
      portalId: PORTAL,
      maxPerWindow: 100,
      windowMs: 1000,
      worker: false,
    };
    off = await createBackfillApp({
      ...env,
      redisPrefix: uniquePrefix('console-off'),
      adminToken: 'admin-token-console-off-0123',
    });
    on = await createBackfillApp({
      ...env,
      redisPrefix: prefix,
      admin: { guard: hostGuard, console: true, consoleSessionTtlMs: 60_000 },
    });
  });

  afterAll(async () => {
    await off?.close();
    await on?.close();
    await emu?.stop();
    redis.disconnect();
    await dropTestDatabase(database);
  });

  it.each([
    ['GET', CONSOLE],
    ['GET', `${CONSOLE}/api/portals`],
    ['POST', `${CONSOLE}/session`],
    ['GET', `${CONSOLE}/queues`],
  ])('%s %s answers 404 unless admin.console is on', async (method, path) => {
    const res =
      method === 'GET'
        ? await request(off.getHttpServer()).get(path)
        : await request(off.getHttpServer()).post(path);
    expect(res.status).toBe(404);
  });

  async function signIn(): Promise<{ cookie: string; csrf: string }> {
    const http = request(on.getHttpServer());
    const res = await http.post(`${CONSOLE}/session`).set('x-host-user', 'ops').expect(303);
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    const page = await http.get(CONSOLE).set('cookie', cookie).set('x-host-user', 'ops').expect(200);
    const csrf = /name="csrf-token" content="([^"]+)"/.exec(page.text)![1];
    return { cookie, csrf };
  }

  it("signs in through the host's guard, which keeps deciding on every request", async () => {
    const http = () => request(on.getHttpServer());
    const refused = await http().post(`${CONSOLE}/session`).expect(403);
    expect(refused.text).toContain('sign-in did not let you in');
    const crossSite = await http()
      .post(`${CONSOLE}/session`)
      .set('x-host-user', 'ops')
      .set('sec-fetch-site', 'cross-site');
    expect(crossSite.status).toBe(403);

    const { cookie, csrf } = await signIn();
    // The console speaks the admin API with its session.
    await http().get(`${ADMIN}/runs`).set('cookie', cookie).set('x-host-user', 'ops').expect(200);
    await http().get(`${CONSOLE}/api/portals`).set('cookie', cookie).set('x-host-user', 'ops').expect(200);
    // Signed out of the host: the console session alone is not enough.
    await http().get(`${ADMIN}/runs`).set('cookie', cookie).expect(403);
    // The host's sign-in alone is not a console session: the console's own views refuse it.
    await http().get(`${CONSOLE}/api/portals`).set('x-host-user', 'ops').expect(401);
    // Unsafe requests in a session need its CSRF token, on the admin API too.
    await http()
      .post(`${ADMIN}/backfills`)
      .set('cookie', cookie)
      .set('x-host-user', 'ops')
      .send({ dryRun: true })
      .expect(403);

    // Redis holds the session under a digest of the cookie's id, with the configured TTL.
    const keys = await redis.keys(`${prefix}:console:session:*`);
    expect(keys.length).toBeGreaterThan(0);
    const id = cookie.split('=')[1];
    expect(keys.some((k) => k.includes(id))).toBe(false);
    const ttl = await redis.pttl(keys[0]);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);

    // Signing out ends the session in Redis, not only in the browser.
    await http().post(`${CONSOLE}/session/end`).set('cookie', cookie).set('x-host-user', 'ops').expect(403);
    await http()
      .post(`${CONSOLE}/session/end`)
      .set('cookie', cookie)
      .set('x-host-user', 'ops')
      .set('x-csrf-token', csrf)
      .expect(204);
    await http().get(`${CONSOLE}/api/portals`).set('cookie', cookie).set('x-host-user', 'ops').expect(401);
  });

  it('shows dead letters with credentials in their payloads redacted, through the admin API', async () => {
    const [row] = await on.get(DeadLettersService).record({
      portalId: PORTAL,
      objectType: 'contacts',
      operation: 'upsert',
      localKey: 'ada@example.com',
      lane: 'live',
      payload: { email: 'ada@example.com', properties: { plan: 'pro', api_key: 'k-secret-123' } },
      error: new HubspotValidationError('Property values were not valid', {
        status: 400,
        category: 'VALIDATION_ERROR',
      }),
      attempts: 1,
    });
    const { cookie } = await signIn();
    const one = await request(on.getHttpServer())
      .get(`${ADMIN}/dead-letters/${row.id}`)
      .set('cookie', cookie)
      .set('x-host-user', 'ops')
      .expect(200);
    expect(one.body).toMatchObject({
      category: 'VALIDATION_ERROR',
      payload: { properties: { plan: 'pro', api_key: '[redacted]' } },
    });
    expect(one.text).not.toContain('k-secret-123');
    expect(one.headers['cache-control']).toBe('no-store');
    const list = await request(on.getHttpServer())
      .get(`${ADMIN}/dead-letters`)
      .set('cookie', cookie)
      .set('x-host-user', 'ops')
      .expect(200);
    expect(list.text).not.toContain('k-secret-123');
    expect(list.body.items[0].payload.properties.api_key).toBe('[redacted]');
  });
});
