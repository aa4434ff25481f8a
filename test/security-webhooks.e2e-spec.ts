import { INestApplication } from '@nestjs/common';
import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CapturingLogger } from './support/capturing-logger';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { uniquePrefix } from './support/services';
import { bootWebhooksApp, event, RecordingHandlers, signV3 } from './webhooks-fixtures';

const STAGING = 'http://staging.example.com';
const HOOKS_HOST = 'hooks.example.test';

/** Nest's loggers are process-wide: every app of this suite writes here. */
const logs = new CapturingLogger();

/** One app per way of rebuilding the signed URI, each with its own database and Redis prefix. */
interface Booted {
  app: INestApplication;
  database: string;
}

async function boot(name: string, webhooks: Record<string, unknown>): Promise<Booted> {
  const database = await createTestDatabase(`security_wh_${name}`);
  const app = await bootWebhooksApp({
    database,
    prefix: uniquePrefix(`sec-wh-${name}`),
    logger: logs,
    webhooks: { maxBodyBytes: 1024 * 1024, ...webhooks },
  });
  await app.listen(0, '127.0.0.1');
  return { app, database };
}

/**
 * Hostile webhook deliveries: signed for another host, spoofed Host and forwarded headers, oversized,
 * deep and overlong bodies, unsigned bodies, floods of forgeries. Each case checks the status and that no
 * event was stored and no handler ran.
 */
describe('security: webhook intake (MariaDB, Redis)', () => {
  const apps: Booted[] = [];
  let publicUrl: Booted;
  let allowList: Booted;
  let proxied: Booted;

  beforeAll(async () => {
    publicUrl = await boot('public', {});
    allowList = await boot('hosts', { publicBaseUrl: undefined, allowedHosts: [HOOKS_HOST] });
    proxied = await boot('proxy', {
      publicBaseUrl: undefined,
      allowedHosts: [HOOKS_HOST],
      trustForwardedHeaders: true,
    });
    apps.push(publicUrl, allowList, proxied);
  });

  afterAll(async () => {
    for (const { app, database } of apps) {
      await app.close();
      await dropTestDatabase(database);
    }
  });

  const rows = async ({ app }: Booted) =>
    Number((await app.get(DataSource).query('SELECT COUNT(*) AS n FROM hubspot_webhook_events'))[0].n);
  const calls = ({ app }: Booted) => app.get(RecordingHandlers).calls.length;
  const post = ({ app }: Booted, body: string, headers: Record<string, string>) =>
    request(app.getHttpServer()).post('/hubspot/webhooks').set(headers).send(body);

  /** Runs `attack`, then checks that no event was stored and (after the settle time) no handler ran. */
  async function nothingStored(target: Booted, attack: () => Promise<void>): Promise<void> {
    const [before, handled] = [await rows(target), calls(target)];
    await attack();
    await new Promise((r) => setTimeout(r, 100));
    expect(await rows(target)).toBe(before);
    expect(calls(target)).toBe(handled);
  }

  const delivery = (objectId: number) => JSON.stringify([event({ objectId })]);

  describe('the signed URI cannot be chosen by the caller', () => {
    it('public URL configured: a delivery signed for another host that shares the secret -> 401, whatever Host says', async () => {
      const body = delivery(101);
      await nothingStored(publicUrl, async () => {
        const res = await post(publicUrl, body, {
          ...signV3(body, { base: STAGING }),
          host: 'staging.example.com',
        });
        expect(res.status).toBe(401);
        expect(res.body.error).toBe('bad-signature');
      });
      // The same delivery signed for the configured public URL is taken (the Host header plays no part).
      const ok = delivery(102);
      await post(publicUrl, ok, { ...signV3(ok), host: 'internal.svc:8080' }).expect(200);
    });

    it('allow-list, no public URL: a spoofed Host outside the list -> 401 before the body is read', async () => {
      const body = delivery(201);
      await nothingStored(allowList, async () => {
        const res = await post(allowList, body, {
          ...signV3(body, { base: STAGING }),
          host: 'staging.example.com',
        });
        expect(res.status).toBe(401);
        expect(res.body.error).toBe('untrusted-host');
      });
      const ok = delivery(202);
      await post(allowList, ok, { ...signV3(ok, { base: `http://${HOOKS_HOST}` }), host: HOOKS_HOST }).expect(
        200,
      );
    });

    it("behind a trusted proxy: the client's own (leftmost) X-Forwarded-Host is never used", async () => {
      const body = delivery(301);
      await nothingStored(proxied, async () => {
        // The client sent staging; the proxy appended the host it really served.
        const spoofed = await post(proxied, body, {
          ...signV3(body, { base: STAGING }),
          'x-forwarded-host': `staging.example.com, ${HOOKS_HOST}`,
          'x-forwarded-proto': 'http, http',
        });
        expect(spoofed.status).toBe(401);
        expect(spoofed.body.error).toBe('bad-signature');
        // A proxy that passes the client's value through alone: not on the allow-list.
        const passedThrough = await post(proxied, body, {
          ...signV3(body, { base: STAGING }),
          'x-forwarded-host': 'staging.example.com',
        });
        expect(passedThrough.status).toBe(401);
        expect(passedThrough.body.error).toBe('untrusted-host');
      });
      const ok = delivery(302);
      await post(proxied, ok, {
        ...signV3(ok, { base: `https://${HOOKS_HOST}` }),
        'x-forwarded-host': `evil.example, ${HOOKS_HOST}`,
        'x-forwarded-proto': 'http, https',
      }).expect(200);
    });
  });

  describe('signed but unbounded bodies are refused with 400/413, never 500', () => {
    it('more than 100 events in one delivery -> 413', async () => {
      const body = JSON.stringify(Array.from({ length: 9_000 }, (_, i) => event({ objectId: 10_000 + i })));
      await nothingStored(publicUrl, async () => {
        const res = await post(publicUrl, body, signV3(body));
        expect(res.status).toBe(413);
        expect(res.body.error).toBe('too-large');
      });
      const justOver = JSON.stringify(Array.from({ length: 101 }, (_, i) => event({ objectId: 20_000 + i })));
      await nothingStored(publicUrl, async () => {
        expect((await post(publicUrl, justOver, signV3(justOver))).status).toBe(413);
      });
    });

    it('a deeply nested body -> 400 (no stack overflow)', async () => {
      const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
      const body = `[${JSON.stringify(event({ objectId: 401 })).slice(0, -1)},"extra":${deep}}]`;
      await nothingStored(publicUrl, async () => {
        const res = await post(publicUrl, body, signV3(body));
        expect(res.status).toBe(400);
        expect(res.body.error).toBe('malformed');
      });
      const nestedObjects = `[${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}]`;
      await nothingStored(publicUrl, async () => {
        expect((await post(publicUrl, nestedObjects, signV3(nestedObjects))).status).toBe(400);
      });
    });

    it('a property value longer than HubSpot allows (65,536 characters) -> 413, not stored to fail its handler', async () => {
      const body = JSON.stringify([event({ objectId: 501, propertyValue: 'x'.repeat(200_000) })]);
      await nothingStored(publicUrl, async () => {
        const res = await post(publicUrl, body, signV3(body));
        expect(res.status).toBe(413);
        expect(res.body.error).toBe('too-large');
      });
    });

    it('a body over maxBodyBytes -> 413', async () => {
      const body = JSON.stringify([event({ objectId: 601, propertyValue: 'y'.repeat(1024 * 1024) })]);
      await nothingStored(publicUrl, async () => {
        expect((await post(publicUrl, body, signV3(body))).status).toBe(413);
      });
    });
  });

  describe('unsigned deliveries are refused from their headers', () => {
    /** Sends only the headers of a large request and waits for an answer without ever sending the body. */
    function headersOnly(target: Booted, headers: Record<string, string>): Promise<number> {
      const { port } = target.app.getHttpServer().address() as AddressInfo;
      return new Promise((resolve, reject) => {
        const req = httpRequest({
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: '/hubspot/webhooks',
          headers: { 'content-type': 'application/json', 'content-length': '500000', ...headers },
        });
        const timer = setTimeout(() => {
          req.destroy();
          reject(new Error('no answer: the server waited for the body'));
        }, 5_000);
        req.on('response', (res) => {
          clearTimeout(timer);
          res.resume();
          req.destroy();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        req.flushHeaders();
      });
    }

    it('no signature, or a stale timestamp: 401 without the body being read', async () => {
      await nothingStored(publicUrl, async () => {
        expect(await headersOnly(publicUrl, {})).toBe(401);
        expect(
          await headersOnly(publicUrl, {
            'x-hubspot-signature-v3': 'AAAA',
            'x-hubspot-request-timestamp': String(Date.now() - 10 * 60_000),
          }),
        ).toBe(401);
      });
    });
  });

  it('logs a flood of forged deliveries in at most one line per reason a minute', async () => {
    const before = logs.lines.filter((l) => l.includes('signature does not match')).length;
    await nothingStored(publicUrl, async () => {
      for (let i = 0; i < 40; i++) {
        const body = delivery(700 + i);
        const res = await post(publicUrl, body, signV3(body, { secret: 'attacker-secret-0000' }));
        expect(res.status).toBe(401);
      }
    });
    const after = logs.lines.filter((l) => l.includes('signature does not match')).length;
    expect(after - before).toBeLessThanOrEqual(1);
    expect(after).toBeGreaterThanOrEqual(1);
  });
});
