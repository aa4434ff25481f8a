import { INestApplication } from '@nestjs/common';
import { ContactsService, DeadLettersService, PropertiesService, SyncedEvent } from '@app/hubspot';
import type { EmulatorHandle } from '@app/hubspot-emulator';
import { liveObjects, recordSynced, startCrmSuite, waitUntil } from './support/crm-app';

const PORTAL = 1001;
const TOKEN = 'pat-sync-faults';
const USERS = 300;
const isInvalid = (i: number) => i % 10 === 3;

/**
 * Signups against a faulty HubSpot: 20% 5xx, dropped connections, a few 429s, and a property the portal
 * does not have (HubSpot rejects those rows). Valid records arrive exactly once; rejected ones wait in the
 * dead-letter table with HubSpot's message until the property exists and they are replayed.
 */
describe('sync under emulator faults (real MariaDB, Redis, emulator)', () => {
  let emu: EmulatorHandle;
  let app: INestApplication;
  let stop: () => Promise<void>;
  let synced: SyncedEvent[];

  beforeAll(async () => {
    ({ emu, app, stop } = await startCrmSuite('sync-faults', TOKEN, PORTAL, {
      batchSize: 25,
      coalesceWindowMs: 50,
      httpMaxAttempts: 2,
      retryDelayMs: 100,
    }));
    synced = recordSynced(app);
  });

  afterAll(() => stop?.());

  it('delivers every valid record exactly once and dead-letters the rejected ones with HubSpot’s message', async () => {
    emu.control.faults([
      { pathPattern: 'batch/upsert', method: 'POST', status: 429, count: 3 },
      { pathPattern: 'batch/upsert', method: 'POST', status: 503, share: 0.2 },
      { pathPattern: 'batch/upsert', method: 'POST', status: 502, share: 0.05 },
      { pathPattern: 'batch/upsert', method: 'POST', drop: true, share: 0.1 },
    ]);
    const contacts = app.get(ContactsService);
    await Promise.all(
      Array.from({ length: USERS }, (_, i) =>
        contacts.upsert({
          email: `fault${i}@example.com`,
          properties: { firstname: `F${i}`, ...(isInvalid(i) ? { legacy_score: 42 } : {}) },
        }),
      ),
    );
    const invalid = Array.from({ length: USERS }, (_, i) => i).filter(isInvalid);
    const deadLetters = app.get(DeadLettersService);
    await waitUntil(
      async () =>
        synced.length >= USERS - invalid.length &&
        (await deadLetters.list({ status: 'open' })).total >= invalid.length,
      40_000,
      'valid records synced and invalid ones dead-lettered',
    );
    expect(emu.control.listFaults().reduce((n, f) => n + f.applied, 0)).toBeGreaterThan(5);

    const stored = liveObjects(emu, PORTAL, 'contacts');
    expect(stored).toHaveLength(USERS - invalid.length);
    const emails = stored.map((o) => o.properties.email);
    expect(new Set(emails).size).toBe(emails.length);
    for (const i of invalid) expect(emails).not.toContain(`fault${i}@example.com`);

    const { items, total } = await deadLetters.list({ portalId: PORTAL, status: 'open' });
    expect(total).toBe(invalid.length);
    expect(items.map((d) => d.localKey).sort()).toEqual(invalid.map((i) => `fault${i}@example.com`).sort());
    for (const d of items) {
      expect(d.category).toBe('VALIDATION_ERROR');
      expect(d.message).toMatch(/legacy_score/);
      expect(d.correlationId).toBeTruthy();
      expect(d.operation).toBe('upsert');
      expect(d.payload).toMatchObject({ idProperty: 'email', properties: { legacy_score: 42 } });
      expect(d.attempts).toBeGreaterThanOrEqual(1);
    }
    const one = await deadLetters.inspect(items[0].id);
    expect(one?.message).toBe(items[0].message);
  });

  it('replays the dead letters once the property exists, and marks them resolved (nothing deleted)', async () => {
    emu.control.clearFaults();
    const check = await app.get(PropertiesService).ensure('contacts', {
      name: 'legacy_score',
      label: 'Legacy score',
      type: 'number',
      fieldType: 'number',
      groupName: 'contactinformation',
    });
    expect(check.status).toBe('created');
    const deadLetters = app.get(DeadLettersService);
    const replayed = await deadLetters.replayAll({ portalId: PORTAL });
    const invalid = Array.from({ length: USERS }, (_, i) => i).filter(isInvalid);
    expect(replayed).toBe(invalid.length);

    await waitUntil(
      async () => (await deadLetters.list({ status: 'resolved' })).total === invalid.length,
      20_000,
      'replays to resolve',
    );
    const stored = liveObjects(emu, PORTAL, 'contacts');
    expect(stored).toHaveLength(USERS);
    const byEmail = new Map(stored.map((o) => [o.properties.email, o.properties]));
    for (const i of invalid) expect(byEmail.get(`fault${i}@example.com`)?.legacy_score).toBe('42');
    const all = await deadLetters.list({ portalId: PORTAL });
    expect(all.total).toBe(invalid.length);
    expect(all.items.every((d) => d.status === 'resolved' && d.resolvedAt && d.replayCount === 1)).toBe(true);
  });
});
