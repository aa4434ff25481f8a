import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { ApiCall, apiClient } from '../testing/emulator-http';

// HubSpot's v3 algorithm, written from HubSpot's docs, independent of the emulator's code.
const DECODE = /%3A|%2F|%3F|%40|%21|%24|%27|%28|%29|%2A|%2C|%3B/gi;
function verifyV3(
  secret: string,
  method: string,
  uri: string,
  body: string,
  timestamp: string,
  signature: string,
  now = Date.now(),
): boolean {
  if (!timestamp || now - Number(timestamp) > 5 * 60_000) return false;
  const source = method + uri.replace(DECODE, (m) => decodeURIComponent(m)) + body + timestamp;
  const expected = Buffer.from(createHmac('sha256', secret).update(source).digest('base64'));
  const given = Buffer.from(signature ?? '');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
const verifyV1 = (secret: string, body: string, signature: string): boolean =>
  createHash('sha256')
    .update(secret + body)
    .digest('hex') === signature;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  events: Array<Record<string, any>>;
}

describe('HubSpot emulator: webhook delivery', () => {
  let emu: EmulatorHandle;
  let receiver: Server;
  let targetUrl: string;
  let received: Received[];
  let respond: (n: number) => { status?: number; delayMs?: number; hang?: boolean };
  let concurrent = 0;
  let maxConcurrent = 0;
  let call: ApiCall;
  const secret = 'client-secret-abc';

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        received.push({ headers: req.headers, body, events: JSON.parse(body) });
        const plan = respond(received.length);
        if (plan.hang) return;
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        setTimeout(() => {
          concurrent--;
          res.writeHead(plan.status ?? 200).end();
        }, plan.delayMs ?? 0);
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    targetUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hubspot/webhooks`;
    emu = await startEmulator({
      port: 0,
      timeScale: 0.001,
      portals: [
        {
          portalId: 1001,
          tokens: [{ token: 'tok-a', appId: 777 }],
          limits: { maxPerWindow: 10_000, windowMs: 1000 },
        },
      ],
    });
    call = apiClient(emu.url, 'tok-a');
  });
  afterAll(async () => {
    await emu.stop();
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
  });
  beforeEach(() => {
    emu.control.reset();
    received = [];
    respond = () => ({ status: 200 });
    concurrent = maxConcurrent = 0;
  });

  const configure = (extra: Record<string, unknown> = {}) =>
    emu.control.webhooks({ targetUrl, clientSecret: secret, appId: 777, batchDelayMs: 10, ...extra });

  it('checks the v3 verifier against HubSpot published vector', () => {
    const body = "{'example_field':'example_value'}";
    expect(
      verifyV3(
        'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy',
        'POST',
        'https://www.example.com/webhook_uri',
        body,
        '1693657560000',
        'K36dawei4A+QBNolUOqo7s91KQDWQ5MXZ/QufNYuk/Y=',
        1693657560000,
      ),
    ).toBe(true);
    expect(
      verifyV3(
        'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy',
        'POST',
        'https://www.example.com/webhook_uri',
        body,
        '1693657560000',
        'K36dawei4A+QBNolUOqo7s91KQDWQ5MXZ/QufNYuk/Y=',
      ),
    ).toBe(false);
  });

  it('delivers a signed batch (v1 + v3) and retries it after a 500 with attemptNumber counting up', async () => {
    configure();
    respond = (n) => ({ status: n === 1 ? 500 : 200 });
    const created = await call('POST', '/crm/v3/objects/contacts', {
      properties: { email: 'hook@example.com', firstname: 'Hook' },
    });
    await emu.control.waitForWebhooks(5000);
    expect(received).toHaveLength(2);
    const [failed, retried] = received;
    expect(retried.body).not.toBe(failed.body);
    expect(failed.events.every((e) => e.attemptNumber === 0)).toBe(true);
    expect(retried.events.every((e) => e.attemptNumber === 1)).toBe(true);
    expect(retried.events.map((e) => e.eventId)).toEqual(failed.events.map((e) => e.eventId));
    for (const r of received) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(
        verifyV3(
          secret,
          'POST',
          targetUrl,
          r.body,
          String(r.headers['x-hubspot-request-timestamp']),
          String(r.headers['x-hubspot-signature-v3']),
        ),
      ).toBe(true);
      expect(verifyV1(secret, r.body, String(r.headers['x-hubspot-signature']))).toBe(true);
      expect(
        verifyV3(
          'wrong-secret',
          'POST',
          targetUrl,
          r.body,
          String(r.headers['x-hubspot-request-timestamp']),
          String(r.headers['x-hubspot-signature-v3']),
        ),
      ).toBe(false);
    }
    const types = retried.events.map((e) => `${e.subscriptionType}:${e.propertyName ?? ''}`).sort();
    expect(types).toEqual([
      'contact.creation:',
      'contact.propertyChange:email',
      'contact.propertyChange:firstname',
    ]);
    for (const e of retried.events) {
      expect(e).toMatchObject({
        portalId: 1001,
        appId: 777,
        objectId: Number(created.body.id),
        changeSource: 'INTEGRATION',
        sourceId: '777',
      });
      expect(typeof e.occurredAt).toBe('number');
    }
    const log = emu.control.deliveries();
    expect(log.map((d) => [d.attemptNumber, d.status, d.ok])).toEqual([
      [0, 500, false],
      [1, 200, true],
    ]);
  });

  it('sends one propertyChange per changed property, CRM source for control edits, deletion, association and merge events', async () => {
    const a = (await call('POST', '/crm/v3/objects/contacts', { properties: { email: 'a@example.com' } }))
      .body.id;
    const b = (await call('POST', '/crm/v3/objects/contacts', { properties: { email: 'b@example.com' } }))
      .body.id;
    const company = (await call('POST', '/crm/v3/objects/companies', { properties: { name: 'Co' } })).body.id;
    // Delivery stays configured across reset (configuration survives it): drop the creation events.
    await emu.control.waitForWebhooks(5000);
    received = [];
    configure();
    await call('PATCH', `/crm/v3/objects/contacts/${a}`, {
      properties: { firstname: 'A', lastname: 'Z', email: 'a@example.com' },
    });
    emu.control.patchObject(1001, 'contacts', a, { lifecyclestage: 'customer' });
    await call('PUT', `/crm/v4/objects/contacts/${a}/associations/default/companies/${company}`);
    await call('POST', '/crm/v3/objects/contacts/merge', { primaryObjectId: a, objectIdToMerge: b });
    await call('DELETE', `/crm/v3/objects/companies/${company}`);
    expect(
      (
        await call('POST', '/crm/v3/objects/contacts/gdpr-delete', {
          objectId: 'b@example.com',
          idProperty: 'email',
        })
      ).status,
    ).toBe(204);
    await emu.control.waitForWebhooks(5000);
    const events = received.flatMap((r) => r.events);
    const changes = events.filter((e) => e.subscriptionType === 'contact.propertyChange');
    expect(changes.map((e) => [e.propertyName, e.propertyValue, e.changeSource]).sort()).toEqual([
      ['firstname', 'A', 'INTEGRATION'],
      ['lastname', 'Z', 'INTEGRATION'],
      ['lifecyclestage', 'customer', 'CRM'],
    ]);
    const assoc = events.filter((e) => e.subscriptionType.endsWith('.associationChange'));
    expect(assoc).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          subscriptionType: 'contact.associationChange',
          associationType: 'CONTACT_TO_COMPANY',
          fromObjectId: Number(a),
          toObjectId: Number(company),
          associationRemoved: false,
        }),
        expect.objectContaining({
          subscriptionType: 'company.associationChange',
          associationType: 'COMPANY_TO_CONTACT',
        }),
      ]),
    );
    expect(events.find((e) => e.subscriptionType === 'contact.merge')).toMatchObject({
      primaryObjectId: Number(a),
      mergedObjectIds: [Number(b)],
    });
    expect(events.find((e) => e.subscriptionType === 'contact.privacyDeletion')).toMatchObject({
      objectId: Number(a),
    });
    expect(emu.control.objects(1001, 'contacts').map((o) => o.id)).toEqual([b]);
    expect(events.find((e) => e.subscriptionType === 'company.deletion')).toMatchObject({
      objectId: Number(company),
      changeFlag: 'DELETED',
    });
  });

  it('batches up to 100 events with at most 10 requests in flight', async () => {
    configure({ batchDelayMs: 30 });
    respond = () => ({ status: 200, delayMs: 80 });
    for (let i = 0; i < 6; i++) {
      await call('POST', '/crm/v3/objects/contacts/batch/create', {
        inputs: Array.from({ length: 100 }, (_, k) => ({
          properties: { email: `bulk${i}-${k}@example.com` },
        })),
      });
    }
    await emu.control.waitForWebhooks(10_000);
    const events = received.flatMap((r) => r.events);
    expect(events).toHaveLength(1200);
    expect(Math.max(...received.map((r) => r.events.length))).toBe(100);
    expect(maxConcurrent).toBeGreaterThan(1);
    expect(maxConcurrent).toBeLessThanOrEqual(10);
  });

  it('times out slow receivers, retries, gives up after maxAttempts, and can inject duplicates and reordering', async () => {
    configure({ timeoutMs: 150, maxAttempts: 3 });
    respond = () => ({ hang: true });
    await call('POST', '/crm/v3/objects/companies', { properties: {} });
    await emu.control.waitForWebhooks(5000);
    expect(received.map((r) => r.events[0].attemptNumber)).toEqual([0, 1, 2]);
    expect(emu.control.deliveries().every((d) => !d.ok && /150 ms/.test(d.error ?? ''))).toBe(true);

    emu.control.reset();
    received = [];
    respond = () => ({ status: 200 });
    configure({ duplicateShare: 1, reorder: true });
    await call('POST', '/crm/v3/objects/companies', { properties: { name: 'Dup' } });
    await emu.control.waitForWebhooks(5000);
    const ids = received.flatMap((r) => r.events.map((e) => e.eventId));
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(2);
  });
});
