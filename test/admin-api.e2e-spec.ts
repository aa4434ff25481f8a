import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import request from 'supertest';
import { ContactsService } from '@app/hubspot';
import { PortalStateStore } from '@app/hubspot/testing';
import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { BF_PROPERTIES, createBackfillApp } from './support/backfill-worker-app';
import { seedBackfillUsers } from './support/backfill-worker-seed';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { uniquePrefix } from './support/services';

const PORTAL = 1003;
const TOKEN = 'pat-admin-api';
const ADMIN = 'admin-token-for-e2e-0123456789';

/** The admin REST surface: guarded (401), validated (400), and doing what it says. */
describe('admin API (real MariaDB, Redis, emulator)', () => {
  let emu: EmulatorHandle;
  let database: string;
  let app: INestApplication;
  const auth = { authorization: `Bearer ${ADMIN}` };
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    database = await createTestDatabase('admin_api');
    emu = await startEmulator({
      portals: [{ portalId: PORTAL, tokens: [TOKEN], properties: BF_PROPERTIES }],
    });
    // No queue processors: runs stay queued, so the state transitions are deterministic.
    app = await createBackfillApp({
      database,
      redisPrefix: uniquePrefix('admin'),
      emulatorUrl: emu.url,
      token: TOKEN,
      portalId: PORTAL,
      maxPerWindow: 100,
      windowMs: 1000,
      worker: false,
      adminToken: ADMIN,
    });
    await seedBackfillUsers(app, 10);
  });

  afterAll(async () => {
    await app?.close();
    await emu?.stop();
    await dropTestDatabase(database);
  });

  it.each([
    ['GET', '/hubspot/admin/runs'],
    ['GET', '/hubspot/admin/runs/1'],
    ['POST', '/hubspot/admin/backfills'],
    ['POST', '/hubspot/admin/reconciliations'],
    ['POST', '/hubspot/admin/runs/1/pause'],
    ['GET', '/hubspot/admin/dead-letters'],
    ['POST', '/hubspot/admin/dead-letters/replay'],
    ['GET', '/hubspot/admin/portals'],
    ['POST', `/hubspot/admin/portals/${PORTAL}/resume`],
    ['GET', '/hubspot/admin/outbox'],
  ])('%s %s answers 401 without the admin credential, and with a wrong one', async (method, path) => {
    const call = () => (method === 'GET' ? http().get(path) : http().post(path).send({}));
    const missing = await call();
    expect(missing.status).toBe(401);
    const wrong = await call().set('authorization', `Bearer ${ADMIN}x`);
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.body)).not.toContain(ADMIN);
  });

  it.each([
    ['POST', '/hubspot/admin/backfills', { kind: 'everything' }],
    ['POST', '/hubspot/admin/backfills', { batchSize: 500 }],
    ['POST', '/hubspot/admin/backfills', { batchSize: 0 }],
    ['POST', '/hubspot/admin/backfills', { dryRun: 'yes' }],
    ['POST', '/hubspot/admin/backfills', { portalId: -1 }],
    ['POST', '/hubspot/admin/backfills', { unknown: 1 }],
    ['POST', '/hubspot/admin/reconciliations', { incremental: 'sometimes' }],
    ['GET', '/hubspot/admin/runs?limit=0', undefined],
    ['GET', '/hubspot/admin/runs?status=sleeping', undefined],
    ['GET', '/hubspot/admin/runs?portalId=abc', undefined],
    ['GET', '/hubspot/admin/runs/abc', undefined],
    ['POST', '/hubspot/admin/runs/abc/cancel', undefined],
    ['GET', '/hubspot/admin/dead-letters?limit=5000', undefined],
    ['POST', '/hubspot/admin/dead-letters/replay', { portalId: 'x' }],
    ['GET', '/hubspot/admin/portals/abc', undefined],
  ])('%s %s %j answers 400', async (method, path, body) => {
    const res =
      method === 'GET'
        ? await http().get(path).set(auth)
        : await http()
            .post(path)
            .set(auth)
            .send(body ?? {});
    expect(res.status).toBe(400);
    expect(res.body.message).toBeDefined();
  });

  it('starts, lists, inspects, pauses, resumes and cancels runs', async () => {
    const started = await http()
      .post('/hubspot/admin/backfills')
      .set(auth)
      .send({ kind: 'contacts', batchSize: 50 });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      kind: 'backfill',
      scope: 'contacts',
      status: 'queued',
      portalId: PORTAL,
    });
    const id = started.body.id as number;

    const again = await http().post('/hubspot/admin/backfills').set(auth).send({});
    expect(again.status).toBe(409);

    const list = await http().get(`/hubspot/admin/runs?portalId=${PORTAL}&kind=backfill`).set(auth);
    expect(list.status).toBe(200);
    expect(list.body.map((r: { id: number }) => r.id)).toContain(id);
    expect(
      (
        await http()
          .get(`/hubspot/admin/runs?portalId=${PORTAL + 1}`)
          .set(auth)
      ).body,
    ).toEqual([]);

    const one = await http().get(`/hubspot/admin/runs/${id}`).set(auth);
    expect(one.body).toMatchObject({ id, percent: null, etaSeconds: null, callsUsed: 0 });

    expect((await http().post(`/hubspot/admin/runs/${id}/pause`).set(auth)).body.status).toBe('paused');
    expect((await http().post(`/hubspot/admin/runs/${id}/pause`).set(auth)).status).toBe(409);
    expect((await http().post(`/hubspot/admin/runs/${id}/resume`).set(auth)).body.status).toBe('queued');
    expect((await http().post(`/hubspot/admin/runs/${id}/cancel`).set(auth)).body.status).toBe('cancelled');
    expect((await http().post(`/hubspot/admin/runs/${id}/cancel`).set(auth)).status).toBe(409);
    expect((await http().get('/hubspot/admin/runs/999999').set(auth)).status).toBe(404);

    const reconcile = await http()
      .post('/hubspot/admin/reconciliations')
      .set(auth)
      .send({ incremental: true });
    expect(reconcile.status).toBe(202);
    expect(reconcile.body).toMatchObject({ kind: 'reconcile', incremental: true, status: 'queued' });
  });

  it('lists dead letters and refuses to replay unknown ones', async () => {
    const list = await http().get('/hubspot/admin/dead-letters').set(auth);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [], total: 0 });
    expect((await http().post('/hubspot/admin/dead-letters/12345/replay').set(auth)).status).toBe(404);
    const all = await http().post('/hubspot/admin/dead-letters/replay').set(auth).send({ portalId: PORTAL });
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ replayed: 0 });
  });

  it("shows each portal's queued records, budget and park, and lifts a park on request", async () => {
    const contacts = app.get(ContactsService);
    for (let i = 0; i < 3; i++) await contacts.upsert({ email: `queued${i}@example.com`, properties: {} });
    await app.get(PortalStateStore).park(PORTAL, 'outage', 60_000, 'all');
    const list = await http().get('/hubspot/admin/portals').set(auth);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      expect.objectContaining({
        portalId: PORTAL,
        lanes: { live: 3, webhook: 0, reconcile: 0, backfill: 0 },
        ready: 3,
        inFlight: 0,
        parked: { reason: 'outage', until: expect.any(String), scope: 'all' },
        // The window as HubSpot's headers taught it (boot already spent calls ensuring the properties).
        budget: expect.objectContaining({ max: 100, used: expect.any(Number), windowMs: expect.any(Number) }),
        outbox: { size: 0, waiting: 0, oldestAgeSeconds: 0 },
        oauth: null,
      }),
    ]);
    const { budget } = list.body[0] as { budget: { used: number; max: number; usedRatio: number } };
    expect(budget.usedRatio).toBeCloseTo(budget.used / budget.max, 3);
    const outbox = await http().get('/hubspot/admin/outbox').set(auth);
    expect(outbox.status).toBe(200);
    expect(outbox.body).toEqual({
      size: 0,
      waiting: 0,
      oldestAgeSeconds: 0,
      relay: { running: true, paused: false, relayedRows: 0 },
    });
    const resumed = await http().post(`/hubspot/admin/portals/${PORTAL}/resume`).set(auth);
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ portalId: PORTAL, ready: 3, parked: null });
    expect(
      (
        await http()
          .get(`/hubspot/admin/portals/${PORTAL + 5}`)
          .set(auth)
      ).body,
    ).toMatchObject({
      portalId: PORTAL + 5,
      ready: 0,
    });
  });

  it('documents the routes with OpenAPI (bearer, request and response schemas)', () => {
    const doc = SwaggerModule.createDocument(app, new DocumentBuilder().addBearerAuth().build());
    const backfills = doc.paths['/hubspot/admin/backfills']?.post;
    expect(backfills?.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(backfills?.responses ?? {})).toEqual(
      expect.arrayContaining(['202', '400', '401', '409']),
    );
    for (const path of [
      '/hubspot/admin/runs',
      '/hubspot/admin/runs/{id}',
      '/hubspot/admin/dead-letters',
      '/hubspot/admin/portals',
      '/hubspot/admin/outbox',
    ]) {
      expect(doc.paths[path]?.get).toBeDefined();
    }
    // Inputs read through the module's own decorators (not @Query/@Body) are documented all the same.
    const params = (path: string) =>
      (doc.paths[path]?.get?.parameters ?? []) as Array<{ name: string; in: string; schema?: object }>;
    expect(params('/hubspot/admin/runs').map((p) => p.name)).toEqual(
      expect.arrayContaining(['kind', 'status', 'portalId', 'limit', 'offset']),
    );
    expect(params('/hubspot/admin/runs').find((p) => p.name === 'offset')?.schema).toMatchObject({
      type: 'integer',
      maximum: 1_000_000,
    });
    expect(params('/hubspot/admin/runs/{id}')).toEqual([
      expect.objectContaining({
        name: 'id',
        in: 'path',
        schema: expect.objectContaining({ type: 'integer' }),
      }),
    ]);
    expect(JSON.stringify(backfills?.requestBody)).toContain('#/components/schemas/StartBackfillDto');
    const schemas = doc.components?.schemas as Record<
      string,
      { properties: Record<string, { enum?: string[] }> }
    >;
    expect(schemas.StartBackfillDto.properties.kind.enum).toEqual(['contacts', 'companies', 'all']);
    expect(Object.keys(schemas.SyncRunViewDto.properties)).toEqual(
      expect.arrayContaining(['processed', 'total', 'percent', 'ratePerSecond', 'etaSeconds', 'callsUsed']),
    );
  });
});
