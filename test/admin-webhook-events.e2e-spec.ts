import { INestApplication, Injectable, Module } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import request from 'supertest';
import {
  HUBSPOT_ENTITIES,
  HUBSPOT_MIGRATIONS,
  HubspotModule,
  HubspotWebhookEvent,
  HubspotWebhookHandler,
  WebhookEventsService,
} from '@app/hubspot';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { DB, REDIS_URL, uniquePrefix } from './support/services';
import { APP_ID, event, eventually, PORTAL, PUBLIC_BASE, SECRET, signV3 } from './webhooks-fixtures';

const ADMIN = 'admin-token-webhook-events-0123';
const BASE = '/hubspot/admin/webhook-events';
const OTHER_PORTAL = PORTAL + 1;
const FLAKY_OBJECT = 666;

/** A host handler that throws the first time it sees FLAKY_OBJECT, plus a catch-all that always succeeds. */
@Injectable()
class FlakyHandlers {
  readonly contactCalls: number[] = [];
  readonly anyCalls: number[] = [];
  private thrown = false;

  @HubspotWebhookHandler('contact.propertyChange')
  onContact(e: HubspotWebhookEvent): void {
    this.contactCalls.push(e.objectId ?? -1);
    if (e.objectId === FLAKY_OBJECT && !this.thrown) {
      this.thrown = true;
      throw new Error('downstream unavailable');
    }
  }

  @HubspotWebhookHandler('*')
  onAny(e: HubspotWebhookEvent): void {
    this.anyCalls.push(e.objectId ?? -1);
  }
}

async function boot(database: string, prefix: string, webhooks: boolean): Promise<INestApplication> {
  @Module({
    imports: [
      TypeOrmModule.forRoot({
        type: 'mysql',
        ...DB,
        database,
        entities: [...HUBSPOT_ENTITIES],
        migrations: [...HUBSPOT_MIGRATIONS],
        migrationsRun: true,
        logging: false,
        retryAttempts: 0,
      }),
      HubspotModule.forRootAsync({
        useFactory: () => ({
          auth: { type: 'static-token', accessToken: 'pat-test-token' },
          baseUrl: 'http://127.0.0.1:9',
          redis: { url: REDIS_URL, keyPrefix: prefix },
          admin: { token: ADMIN },
          // maxAttempts 1: the first throw marks the event failed, so only a replay can finish it.
          webhooks: webhooks
            ? {
                clientSecrets: [SECRET],
                publicBaseUrl: PUBLIC_BASE,
                appId: APP_ID,
                settleMs: 20,
                maxAttempts: 1,
              }
            : undefined,
        }),
      }),
    ],
    providers: webhooks ? [FlakyHandlers] : [],
  })
  class AdminWebhookEventsTestModule {}

  const moduleRef = await Test.createTestingModule({ imports: [AdminWebhookEventsTestModule] }).compile();
  moduleRef.useLogger(['error']);
  const app = moduleRef.createNestApplication();
  await app.init();
  return app;
}

describe('admin webhook-event routes (real MariaDB + Redis)', () => {
  let database: string;
  let app: INestApplication;
  let handlers: FlakyHandlers;
  const auth = { authorization: `Bearer ${ADMIN}` };
  const http = () => request(app.getHttpServer());

  const deliver = async (batch: HubspotWebhookEvent[]) => {
    const body = JSON.stringify(batch);
    await http().post('/hubspot/webhooks').set(signV3(body)).send(body).expect(200);
  };
  const counts = async () => (await http().get(`${BASE}/counts`).set(auth).expect(200)).body;

  beforeAll(async () => {
    database = await createTestDatabase('admin_webhook_events');
    app = await boot(database, uniquePrefix('admin-wh'), true);
    handlers = app.get(FlakyHandlers);
  });
  afterAll(async () => {
    await app?.close();
    await dropTestDatabase(database);
  });

  it.each([
    ['GET', BASE],
    ['GET', `${BASE}/counts`],
    ['GET', `${BASE}/1`],
    ['POST', `${BASE}/1/replay`],
    ['POST', `${BASE}/replay-failed`],
  ])('%s %s answers 401 without the admin token, and with a wrong one', async (method, path) => {
    const call = () => (method === 'GET' ? http().get(path) : http().post(path).send({}));
    expect((await call()).status).toBe(401);
    const wrong = await call().set('authorization', `Bearer ${ADMIN}x`);
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.body)).not.toContain(ADMIN);
  });

  it.each([
    ['GET', `${BASE}?status=sleeping`, undefined],
    ['GET', `${BASE}?portalId=abc`, undefined],
    ['GET', `${BASE}?portalId=-1`, undefined],
    ['GET', `${BASE}?subscriptionType=${encodeURIComponent('contact creation')}`, undefined],
    ['GET', `${BASE}?limit=0`, undefined],
    ['GET', `${BASE}?limit=501`, undefined],
    ['GET', `${BASE}?beforeId=abc`, undefined],
    ['GET', `${BASE}?unknown=1`, undefined],
    ['GET', `${BASE}/abc`, undefined],
    ['POST', `${BASE}/0/replay`, undefined],
    ['POST', `${BASE}/replay-failed`, { portalId: 'x' }],
    ['POST', `${BASE}/replay-failed`, { limit: 0 }],
    ['POST', `${BASE}/replay-failed`, { everything: true }],
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

  it('lists, filters, pages, counts and inspects events stored through the real webhooks endpoint', async () => {
    expect(await counts()).toEqual({ pending: 0, done: 0, skipped: 0, echo: 0, failed: 0 });
    await deliver([
      event({ objectId: 601 }),
      event({ objectId: 602 }),
      event({ objectId: FLAKY_OBJECT }),
      event({ subscriptionType: 'company.creation', objectId: 603, propertyName: undefined }),
    ]);
    await deliver([event({ portalId: OTHER_PORTAL, objectId: 701 })]);
    await eventually(async () => expect((await counts()).pending).toBe(0));
    expect(await counts()).toEqual({ pending: 0, done: 4, skipped: 0, echo: 0, failed: 1 });

    const all = (await http().get(BASE).set(auth).expect(200)).body;
    expect(all.items).toHaveLength(5);
    expect(all.nextBeforeId).toBeNull();
    const ids = all.items.map((e: { id: string }) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const byPortal = (await http().get(`${BASE}?portalId=${OTHER_PORTAL}`).set(auth).expect(200)).body;
    expect(byPortal.items.map((e: { objectId: string }) => e.objectId)).toEqual(['701']);
    const companies = (await http().get(`${BASE}?subscriptionType=company.creation`).set(auth).expect(200))
      .body;
    expect(companies.items.map((e: { objectId: string }) => e.objectId)).toEqual(['603']);
    const failed = (await http().get(`${BASE}?status=failed&portalId=${PORTAL}`).set(auth).expect(200)).body;
    expect(failed.items).toHaveLength(1);
    expect(failed.items[0]).toMatchObject({ objectId: String(FLAKY_OBJECT), status: 'failed', attempts: 1 });
    expect(failed.items[0].lastError).toContain('downstream unavailable');

    const page1 = (await http().get(`${BASE}?limit=2`).set(auth).expect(200)).body;
    expect(page1.items).toHaveLength(2);
    const page2 = (await http().get(`${BASE}?limit=2&beforeId=${page1.nextBeforeId}`).set(auth).expect(200))
      .body;
    const page3 = (await http().get(`${BASE}?limit=2&beforeId=${page2.nextBeforeId}`).set(auth).expect(200))
      .body;
    expect(page3.items).toHaveLength(1);
    expect(page3.nextBeforeId).toBeNull();
    const paged = [...page1.items, ...page2.items, ...page3.items].map((e: { id: string }) => Number(e.id));
    expect(paged).toEqual(ids);

    const one = (await http().get(`${BASE}/${failed.items[0].id}`).set(auth).expect(200)).body;
    expect(one).toMatchObject({ id: failed.items[0].id, subscriptionType: 'contact.propertyChange' });
    expect(one.payload).toMatchObject({ objectId: FLAKY_OBJECT, portalId: PORTAL });
    const missing = await http().get(`${BASE}/999999`).set(auth);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toContain('999999');
    expect((await http().post(`${BASE}/999999/replay`).set(auth)).status).toBe(404);
  });

  it('replays a failed event: only the handler that failed runs again, and it ends done', async () => {
    const [failed] = await app.get(WebhookEventsService).list({ status: 'failed' });
    const replayed = await http().post(`${BASE}/${failed.id}/replay`).set(auth).expect(200);
    expect(replayed.body).toEqual({ replayed: 1 });
    await eventually(async () => expect((await counts()).pending).toBe(0));
    expect(await counts()).toMatchObject({ done: 5, failed: 0 });
    expect(handlers.contactCalls.filter((id) => id === FLAKY_OBJECT)).toHaveLength(2);
    // The catch-all already succeeded on the first attempt: the replay keeps it as completed.
    expect(handlers.anyCalls.filter((id) => id === FLAKY_OBJECT)).toHaveLength(1);
    expect((await http().get(`${BASE}/${failed.id}`).set(auth).expect(200)).body).toMatchObject({
      status: 'done',
      lastError: null,
    });
    // Nothing failed is left: replay-failed has nothing to do.
    expect((await http().post(`${BASE}/replay-failed`).set(auth).send({}).expect(200)).body).toEqual({
      replayed: 0,
    });
  });

  it('replay-failed requeues every failed event of the chosen portal only', async () => {
    handlers.contactCalls.length = 0;
    await deliver([event({ objectId: FLAKY_OBJECT + 1 }), event({ portalId: OTHER_PORTAL, objectId: 702 })]);
    await eventually(async () => expect((await counts()).pending).toBe(0));
    // Mark both failed by hand (the flaky handler only throws once per suite).
    const service = app.get(WebhookEventsService);
    const rows = [
      ...(await service.list({ objectId: FLAKY_OBJECT + 1 })),
      ...(await service.list({ objectId: 702 })),
    ];
    await app
      .get(DataSource)
      .query(`UPDATE hubspot_webhook_events SET status = 'failed' WHERE id IN (?, ?)`, [
        rows[0].id,
        rows[1].id,
      ]);
    expect((await counts()).failed).toBe(2);

    const res = await http()
      .post(`${BASE}/replay-failed`)
      .set(auth)
      .send({ portalId: OTHER_PORTAL })
      .expect(200);
    expect(res.body).toEqual({ replayed: 1 });
    await eventually(async () => expect((await counts()).pending).toBe(0));
    expect((await counts()).failed).toBe(1);
    const stillFailed = (await http().get(`${BASE}?status=failed`).set(auth).expect(200)).body;
    expect(stillFailed.items.map((e: { objectId: string }) => e.objectId)).toEqual([
      String(FLAKY_OBJECT + 1),
    ]);
  });
  it('documents the routes with OpenAPI (bearer, query filters, response schemas)', () => {
    const doc = SwaggerModule.createDocument(app, new DocumentBuilder().addBearerAuth().build());
    const list = doc.paths[BASE]?.get;
    expect(list?.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(list?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '404']));
    const params = (list?.parameters ?? []) as Array<{ name: string }>;
    expect(params.map((p) => p.name)).toEqual(
      expect.arrayContaining(['status', 'portalId', 'subscriptionType', 'limit', 'beforeId']),
    );
    expect(doc.paths[`${BASE}/counts`]?.get).toBeDefined();
    expect(doc.paths[`${BASE}/{id}`]?.get).toBeDefined();
    expect(doc.paths[`${BASE}/{id}/replay`]?.post).toBeDefined();
    expect(doc.paths[`${BASE}/replay-failed`]?.post).toBeDefined();
    const schemas = doc.components?.schemas as Record<string, { properties: Record<string, unknown> }>;
    expect(Object.keys(schemas.WebhookEventPageDto.properties)).toEqual(['items', 'nextBeforeId']);
    expect(Object.keys(schemas.WebhookEventViewDto.properties)).toEqual(
      expect.arrayContaining(['status', 'attempts', 'lastError', 'payload']),
    );
  });
});

describe('admin webhook-event routes without webhooks configured', () => {
  let database: string;
  let app: INestApplication;

  beforeAll(async () => {
    database = await createTestDatabase('admin_webhook_events_off');
    app = await boot(database, uniquePrefix('admin-wh-off'), false);
  });
  afterAll(async () => {
    await app?.close();
    await dropTestDatabase(database);
  });

  it('answers 401 before anything else, then 404 with a clear message', async () => {
    expect((await request(app.getHttpServer()).get(BASE)).status).toBe(401);
    for (const call of [
      () => request(app.getHttpServer()).get(BASE),
      () => request(app.getHttpServer()).get(`${BASE}/counts`),
      () => request(app.getHttpServer()).post(`${BASE}/replay-failed`).send({}),
    ]) {
      const res = await call().set('authorization', `Bearer ${ADMIN}`);
      expect(res.status).toBe(404);
      expect(res.body.message).toContain('webhooks are not configured');
    }
  });
});
