import { INestApplication } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { startEmulator } from '@app/hubspot-emulator';
import { WebhookEventsService } from '@app/hubspot';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { uniquePrefix } from './support/services';
import { APP_ID, bootWebhooksApp, eventually, PORTAL, RecordingHandlers, SECRET } from './webhooks-fixtures';
import { PATHS } from './support/paths';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** Test-only faults in front of the webhook route: 500 before anything happens, or 500 after storing. */
const faults = { failBefore: 0, failAfterStore: 0 };
function faultInjector(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  if (req.method !== 'POST' || !req.url?.startsWith('/hubspot/webhooks')) return next();
  if (faults.failBefore > 0) {
    faults.failBefore--;
    res.writeHead(500).end();
    return;
  }
  if (faults.failAfterStore > 0) {
    faults.failAfterStore--;
    const writeHead = res.writeHead.bind(res) as (code: number, ...rest: unknown[]) => ServerResponse;
    (res as unknown as { writeHead: typeof writeHead }).writeHead = (code: number, ...rest: unknown[]) =>
      writeHead(code === 200 ? 500 : code, ...rest);
  }
  next();
}

describe('Webhooks delivered by the emulator to the running app', () => {
  let database: string;
  let app: INestApplication;
  let emu: Emulator;
  let target: string;
  let handlers: RecordingHandlers;
  let events: WebhookEventsService;

  const rows = async (): Promise<number> =>
    Number((await app.get(DataSource).query('SELECT COUNT(*) AS n FROM hubspot_webhook_events'))[0].n);
  const settled = () =>
    eventually(async () => {
      await emu.control.waitForWebhooks(20_000);
      expect((await events.counts()).pending).toBe(0);
    }, 25_000);

  beforeAll(async () => {
    database = await createTestDatabase('webhooks_emulator');
    emu = await startEmulator({
      port: 0,
      timeScale: 0.001,
      strictProperties: false,
      portals: [{ portalId: PORTAL, tokens: [{ token: 'tok-a', appId: APP_ID }] }],
    });
    app = await bootWebhooksApp({
      database,
      prefix: uniquePrefix('wh-emu'),
      // No public base URL: the emulator calls us directly, so the (allowed) Host header is the signed one.
      webhooks: { publicBaseUrl: undefined, allowedHosts: ['127.0.0.1'], settleMs: 500 },
      beforeInit: (a) => a.use(faultInjector),
    });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    target = `http://127.0.0.1:${port}/hubspot/webhooks`;
    handlers = app.get(RecordingHandlers);
    events = app.get(WebhookEventsService);
  });
  afterAll(async () => {
    await emu?.stop();
    await app?.close();
    await dropTestDatabase(database);
  });

  it('handles every change exactly once, in order per object, despite duplicates, reordering and forced 500s', async () => {
    emu.control.webhooks({
      targetUrl: target,
      clientSecret: SECRET,
      appId: APP_ID,
      duplicateShare: 0.3,
      reorder: true,
      maxBatchSize: 15,
      signatures: ['v3'],
    });
    faults.failBefore = 2;
    faults.failAfterStore = 3;

    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(
        emu.control.createObject(PORTAL, 'contacts', { email: `c${i}@example.com`, lifecyclestage: 'lead' })
          .id,
      );
    }
    for (const stage of ['marketingqualifiedlead', 'salesqualifiedlead', 'customer']) {
      await new Promise((r) => setTimeout(r, 3));
      for (const id of ids) emu.control.patchObject(PORTAL, 'contacts', id, { lifecyclestage: stage });
    }
    // Our own write through the API (changeSource INTEGRATION, sourceId = our app): an echo.
    const res = await fetch(`${emu.url}${PATHS.object('contacts', ids[0])}`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer tok-a', 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { firstname: 'Echo' } }),
    });
    expect(res.status).toBe(200);
    await settled();

    const deliveries = emu.control.deliveries();
    expect(deliveries.filter((d) => d.status === 500).length).toBe(5);
    const delivered = deliveries.filter((d) => d.ok).reduce((n, d) => n + d.eventCount, 0);
    const stored = await rows();
    expect(delivered).toBeGreaterThan(stored); // duplicates (and re-sent stored batches) really arrived

    const counts = await events.counts();
    expect(counts).toMatchObject({ pending: 0, failed: 0 });
    expect(counts.echo).toBe(1);
    // Every stored non-echo change reached the '*' handler exactly once.
    const anyCalls = handlers.calls.filter((c) => c.handler === 'any');
    const perKey = new Map<string, number>();
    for (const c of anyCalls) perKey.set(c.context.dedupeKey, (perKey.get(c.context.dedupeKey) ?? 0) + 1);
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    expect(perKey.size).toBe(stored - counts.echo);
    // 12 creations + 12 x 4 lifecyclestage values (create + 3 patches) at least.
    expect(perKey.size).toBeGreaterThanOrEqual(12 + 48);
    expect(handlers.calls.some((c) => c.event.propertyValue === 'Echo')).toBe(false);

    for (const id of ids) {
      const stages = handlers.calls
        .filter((c) => c.handler === 'contact' && String(c.event.objectId) === id)
        .filter((c) => c.event.propertyName === 'lifecyclestage')
        .map((c) => c.event.propertyValue);
      expect(stages).toEqual(['lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'customer']);
    }
  });

  it('refuses deliveries signed with another secret: 401, nothing stored', async () => {
    const before = await rows();
    const calls = handlers.calls.length;
    emu.control.webhooks({
      targetUrl: target,
      clientSecret: 'not-our-secret',
      appId: APP_ID,
      maxAttempts: 2,
    });
    emu.control.createObject(PORTAL, 'contacts', { email: 'forged@example.com' });
    await emu.control.waitForWebhooks(10_000);
    const recent = emu.control.deliveries().slice(-2);
    expect(recent.map((d) => d.status)).toEqual([401, 401]);
    expect(await rows()).toBe(before);
    expect(handlers.calls.length).toBe(calls);
  });
});
