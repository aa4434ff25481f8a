import { Body, Controller, INestApplication, Post } from '@nestjs/common';
import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { WebhookEventsService } from '@app/hubspot';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { uniquePrefix } from './support/services';
import {
  bootWebhooksApp,
  event,
  eventually,
  PUBLIC_BASE,
  RecordingHandlers,
  SECRET,
  signV3,
} from './webhooks-fixtures';

@Controller('echo')
class HostEchoController {
  @Post()
  echo(@Body() body: unknown): unknown {
    return { parsed: body };
  }
}

async function rowCount(app: INestApplication): Promise<number> {
  const [row] = await app.get(DataSource).query('SELECT COUNT(*) AS n FROM hubspot_webhook_events');
  return Number(row.n);
}

describe('Webhooks intake: verification, validation, size (Test.createNestApplication)', () => {
  let database: string;
  let app: INestApplication;
  const post = (body: string, headers: Record<string, string>) =>
    request(app.getHttpServer()).post('/hubspot/webhooks').set(headers).send(body);

  beforeAll(async () => {
    database = await createTestDatabase('webhooks_intake');
    app = await bootWebhooksApp({
      database,
      prefix: uniquePrefix('wh-intake'),
      extraControllers: [HostEchoController],
    });
  });
  afterAll(async () => {
    await app?.close();
    await dropTestDatabase(database);
  });

  it('stores a signed delivery once; a HubSpot retry of it is acknowledged as duplicates', async () => {
    const body = JSON.stringify([event({ objectId: 1 }), event({ objectId: 2, propertyValue: 'customer' })]);
    const first = await post(body, signV3(body)).expect(200);
    expect(first.body).toEqual({ received: 2, stored: 2, duplicates: 0 });
    // HubSpot retries with a new timestamp, a new eventId and attemptNumber 1: same change, so no new row.
    const retried = JSON.parse(body).map((e: Record<string, number>) => ({
      ...e,
      eventId: e.eventId + 1000,
      attemptNumber: 1,
    }));
    const retryBody = JSON.stringify(retried);
    const second = await post(retryBody, signV3(retryBody, { timestamp: Date.now() + 1 })).expect(200);
    expect(second.body).toEqual({ received: 2, stored: 0, duplicates: 2 });
    expect(await rowCount(app)).toBe(2);
    await eventually(async () => expect((await app.get(WebhookEventsService).counts()).done).toBe(2));
  });

  it('verifies the exact bytes received (whitespace and a repeated key survive)', async () => {
    const b = `[ {"objectId": 5, ${JSON.stringify(event({ objectId: 5 })).slice(1, -1)} } ]`;
    await post(b, signV3(b)).expect(200);
    await eventually(async () => expect((await app.get(WebhookEventsService).counts()).done).toBe(3));
  });

  it('accepts a secret being rotated out (several secrets at once)', async () => {
    const body = JSON.stringify([event({ objectId: 3 })]);
    await post(body, signV3(body, { secret: 'old-secret-0000' })).expect(200);
    expect(await rowCount(app)).toBe(4);
  });

  describe('rejects without storing or dispatching', () => {
    let before: number;
    let callsBefore: number;
    beforeEach(async () => {
      // Deliveries accepted by earlier tests finish their handling first.
      await eventually(async () => expect((await app.get(WebhookEventsService).counts()).pending).toBe(0));
      before = await rowCount(app);
      callsBefore = app.get(RecordingHandlers).calls.length;
    });
    afterEach(async () => {
      expect(await rowCount(app)).toBe(before);
      await new Promise((r) => setTimeout(r, 100));
      expect(app.get(RecordingHandlers).calls.length).toBe(callsBefore);
    });

    const body = () => JSON.stringify([event({ objectId: 900 + Math.floor(Math.random() * 99) })]);

    it('forged: unknown secret -> 401', async () => {
      const b = body();
      await post(b, signV3(b, { secret: 'attacker-secret' })).expect(401);
    });

    it('forged: body changed after signing -> 401', async () => {
      const b = body();
      await post(b.replace('lead', 'customer'), signV3(b)).expect(401);
    });

    it('forged: signed for another URI -> 401', async () => {
      const b = body();
      await post(b, signV3(b, { base: 'https://evil.example' })).expect(401);
    });

    it('missing signature headers -> 401', async () => {
      await post(body(), { 'content-type': 'application/json' }).expect(401);
      const b = body();
      const headers = signV3(b);
      delete headers['x-hubspot-request-timestamp'];
      await post(b, headers).expect(401);
    });

    it('stale or future timestamp (over 5 minutes) -> 401', async () => {
      const b = body();
      await post(b, signV3(b, { timestamp: Date.now() - 6 * 60_000 })).expect(401);
      await post(b, signV3(b, { timestamp: Date.now() + 6 * 60_000 })).expect(401);
    });

    it('v1 signature when only v3 is enabled -> 401', async () => {
      const { createHash } = await import('node:crypto');
      const b = body();
      const sig = createHash('sha256')
        .update(SECRET + b)
        .digest('hex');
      await post(b, { 'content-type': 'application/json', 'x-hubspot-signature': sig }).expect(401);
    });

    it('malformed JSON -> 400', async () => {
      const b = '[{"eventId": 1,';
      await post(b, signV3(b)).expect(400);
    });

    it('not an array, or empty -> 400', async () => {
      const obj = JSON.stringify(event());
      await post(obj, signV3(obj)).expect(400);
      await post('[]', signV3('[]')).expect(400);
      await post('"x"', signV3('"x"')).expect(400);
    });

    it('events missing required fields or with wrong types -> 400, whole delivery refused', async () => {
      const good = event({ objectId: 950 });
      const { portalId: _p, ...noPortal } = event({ objectId: 951 });
      const b = JSON.stringify([good, noPortal]);
      const res = await post(b, signV3(b)).expect(400);
      expect(JSON.stringify(res.body)).toContain('portalId');
      const wrongType = JSON.stringify([{ ...event(), occurredAt: 'yesterday' }]);
      await post(wrongType, signV3(wrongType)).expect(400);
      const noProperty = JSON.stringify([{ ...event(), propertyName: undefined }]);
      await post(noProperty, signV3(noProperty)).expect(400);
      const noObject = JSON.stringify([{ ...event(), objectId: undefined }]);
      await post(noObject, signV3(noObject)).expect(400);
    });

    it('too large -> 413 (declared length and chunked stream)', async () => {
      const big = JSON.stringify(Array.from({ length: 400 }, (_, i) => event({ objectId: 10_000 + i })));
      expect(big.length).toBeGreaterThan(64 * 1024);
      await post(big, signV3(big)).expect(413);

      const { port } = app.getHttpServer().address() ?? (await listen(app));
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          {
            port,
            method: 'POST',
            path: '/hubspot/webhooks',
            headers: { ...signV3(big), 'transfer-encoding': 'chunked' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        for (let i = 0; i < big.length; i += 8192) req.write(big.slice(i, i + 8192));
        req.end();
      });
      expect(status).toBe(413);
    });

    it('replayed request (same signature and timestamp) -> 401', async () => {
      const b = JSON.stringify([event({ objectId: 990 })]);
      const headers = signV3(b);
      await post(b, headers).expect(200);
      before += 1;
      callsBefore = app.get(RecordingHandlers).calls.length + 2; // contact + '*' handlers of the accepted one
      await post(b, headers).expect(401);
      await eventually(() => expect(app.get(RecordingHandlers).calls.length).toBe(callsBefore));
    });
  });

  it("leaves the host's JSON body parser alone for its other routes", async () => {
    const res = await request(app.getHttpServer()).post('/echo').send({ a: 1 }).expect(201);
    expect(res.body).toEqual({ parsed: { a: 1 } });
  });

  it('rebuilds the signed URI from the public base URL, not the Host header', async () => {
    const b = JSON.stringify([event({ objectId: 4 })]);
    expect(PUBLIC_BASE).not.toContain('127.0.0.1');
    await post(b, { ...signV3(b), host: 'internal.svc:8080' }).expect(200);
  });
});

async function listen(app: INestApplication): Promise<AddressInfo> {
  await app.listen(0, '127.0.0.1');
  return app.getHttpServer().address() as AddressInfo;
}

describe('Webhooks intake under NestFactory.create, global prefix and custom path', () => {
  let database: string;
  let app: INestApplication;

  beforeAll(async () => {
    database = await createTestDatabase('webhooks_factory');
    app = await bootWebhooksApp({
      database,
      prefix: uniquePrefix('wh-factory'),
      via: 'factory',
      globalPrefix: 'api',
      webhooksPath: 'integrations/hubspot',
      extraControllers: [HostEchoController],
    });
  });
  afterAll(async () => {
    await app?.close();
    await dropTestDatabase(database);
  });

  it('verifies against the raw bytes (whitespace and key order preserved) at the prefixed custom path', async () => {
    const b = `[ {"objectId": 7, ${JSON.stringify(event({ objectId: 7 })).slice(1, -1)} } ]`;
    const path = '/api/integrations/hubspot';
    await request(app.getHttpServer()).post(path).set(signV3(b, { path })).send(b).expect(200);
    expect(await rowCount(app)).toBe(1);
  });

  it('caps the size and still parses JSON for the host', async () => {
    const big = JSON.stringify(Array.from({ length: 400 }, (_, i) => event({ objectId: 20_000 + i })));
    const path = '/api/integrations/hubspot';
    await request(app.getHttpServer()).post(path).set(signV3(big, { path })).send(big).expect(413);
    const res = await request(app.getHttpServer()).post('/api/echo').send({ b: 2 }).expect(201);
    expect(res.body).toEqual({ parsed: { b: 2 } });
  });
});
