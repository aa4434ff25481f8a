import { INestApplication } from '@nestjs/common';
import { ContactsService, SyncLedgerService, SyncedEvent } from '@app/hubspot';
import type { EmulatorHandle } from '@app/hubspot-emulator';
import { liveObjects, recordSynced, startCrmSuite, waitUntil } from './support/crm-app';

const PORTAL = 1001;
const TOKEN = 'pat-crm-signups';
const SIGNUPS = 1000;

describe('1,000 concurrent signups (real MariaDB, Redis, emulator)', () => {
  let emu: EmulatorHandle;
  let app: INestApplication;
  let stop: () => Promise<void>;
  let synced: SyncedEvent[];

  beforeAll(async () => {
    ({ emu, app, stop } = await startCrmSuite('crm-signups', TOKEN, PORTAL));
    synced = recordSynced(app);
  });

  afterAll(() => stop?.());

  it('creates every contact exactly once with its properties, in at most 15 API calls', async () => {
    const contacts = app.get(ContactsService);
    const before = emu.control.stats().total;
    // Mixed-case emails: identity is the case-folded email.
    const users = Array.from({ length: SIGNUPS }, (_, i) => ({
      email: i % 7 === 0 ? `User${i}@Example.COM` : `user${i}@example.com`,
      userId: `u-${i}`,
      properties: { firstname: `First${i}`, lastname: `Last${i}`, plan: i % 3 === 0 ? 'pro' : 'free' },
    }));
    const queued = await Promise.all(users.map((u) => contacts.upsert(u)));
    expect(new Set(queued.map((q) => q.key)).size).toBe(SIGNUPS);

    await waitUntil(() => synced.length >= SIGNUPS, 30_000, 'all signups to reach HubSpot');
    const stored = liveObjects(emu, PORTAL, 'contacts');
    expect(stored).toHaveLength(SIGNUPS);
    const byEmail = new Map(stored.map((o) => [o.properties.email, o]));
    expect(byEmail.size).toBe(SIGNUPS);
    for (const [i, u] of users.entries()) {
      const record = byEmail.get(u.email.toLowerCase());
      expect(record?.properties).toMatchObject({
        firstname: `First${i}`,
        lastname: `Last${i}`,
        plan: u.properties.plan,
        app_user_id: `u-${i}`,
      });
    }
    const calls = emu.control.stats().total - before;
    expect(calls).toBeLessThanOrEqual(15);
    expect(emu.control.stats().rateLimited.TEN_SECONDLY_ROLLING).toBe(0);

    const ledger = app.get(SyncLedgerService);
    const rows = await ledger.findMany(
      PORTAL,
      'contacts',
      users.map((u) => u.email.toLowerCase()),
    );
    expect(rows.size).toBe(SIGNUPS);
    expect([...rows.values()].every((r) => r.hubspotId && r.contentHash)).toBe(true);
  });

  it('does not send unchanged content again', async () => {
    const contacts = app.get(ContactsService);
    const before = emu.control.stats().total;
    const skipped: string[] = [];
    const { SyncEvents } = await import('@app/hubspot');
    app.get(SyncEvents).on('skipped', (e) => skipped.push(e.localKey));
    await Promise.all(
      [0, 1, 2].map((i) =>
        contacts.upsert({
          email: `user${i + 1}@example.com`,
          userId: `u-${i + 1}`,
          properties: {
            firstname: `First${i + 1}`,
            lastname: `Last${i + 1}`,
            plan: (i + 1) % 3 === 0 ? 'pro' : 'free',
          },
        }),
      ),
    );
    await waitUntil(() => skipped.length >= 3, 10_000, 'unchanged intents to be skipped');
    expect(emu.control.stats().total - before).toBe(0);
  });
});
