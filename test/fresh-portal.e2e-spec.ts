import { INestApplication } from '@nestjs/common';
import {
  ContactsService,
  DeadLettersService,
  HUBSPOT_ENTITIES,
  HUBSPOT_MIGRATIONS,
  HubspotHealthIndicator,
  ReconciliationService,
} from '@app/hubspot';
import {
  adoptionOptions,
  bootAdoptingHost,
  eventually,
  members,
  PLAN_PROPERTY,
} from './support/adoption-app';
import { waitForRun } from './support/backfill-worker-seed';
import { CapturingLogger } from './support/capturing-logger';
import { SuiteBackend, startSuiteBackend } from './support/suite-backend';

const PORTAL = 4402;
const TOKEN = 'pat-fresh-portal';

/**
 * A brand-new portal, with none of the module's or the host's custom properties: the first signup arrives,
 * because the declared properties (and the module's own) are created at boot. Live writes and
 * reconciliation share one mapping. A write that still hits a missing property is an ERROR line, a dead
 * letter and a health warning.
 */
describe('on a fresh portal (real MariaDB, Redis, emulator)', () => {
  let backend: SuiteBackend;
  let app: INestApplication;
  const logger = new CapturingLogger();
  const contact = (email: string) =>
    backend.emu.control.objects(PORTAL, 'contacts').find((c) => !c.archived && c.properties.email === email);

  beforeAll(async () => {
    backend = await startSuiteBackend('fresh_portal', { portals: [{ portalId: PORTAL, tokens: [TOKEN] }] });
    expect(backend.emu.control.listPortals().map((p) => p.portalId)).toContain(PORTAL);
    app = await bootAdoptingHost(
      backend.database,
      { entities: [...HUBSPOT_ENTITIES], migrations: [...HUBSPOT_MIGRATIONS], migrationsRun: true },
      adoptionOptions(backend, TOKEN, PORTAL, {
        objects: { contacts: { properties: [{ name: 'firstname' }, PLAN_PROPERTY] } },
      }),
      logger,
    );
  });
  afterAll(async () => {
    await app?.close();
    await backend?.stop();
  });

  it('the first signup arrives: the declared and the module’s properties were created at boot', async () => {
    members.push({ id: 1, email: 'first@example.com', name: 'First', plan: 'pro' });
    await app.get(ContactsService).upsertRecord(members[0]);
    await eventually(() => contact('first@example.com'));
    expect(contact('first@example.com')!.properties).toMatchObject({
      firstname: 'First',
      plan: 'pro',
      app_user_id: '1',
    });
    expect(await app.get(DeadLettersService).countOpen()).toBe(0);
  });

  it('live writes and reconciliation share one mapping: what was written live is not drift', async () => {
    members.push(
      { id: 2, email: 'second@example.com', name: 'Second', plan: 'free' },
      { id: 3, email: 'third@example.com', name: 'Third', plan: 'pro' },
    );
    for (const m of members.slice(1)) await app.get(ContactsService).upsertRecord(m);
    await eventually(() => contact('third@example.com') && contact('second@example.com'));
    const run = await app.get(ReconciliationService).start({ kind: 'contacts' });
    const done = await waitForRun(app, run.id, (r) => r.status === 'completed', 30_000);
    expect(done.report?.reconcile).toMatchObject({ checked: 3, missing: 0, drifted: 0, fixed: 0 });
  });

  it('a write of a property that does not exist: an ERROR line naming the fix, a dead letter, a health warning', async () => {
    await app.get(ContactsService).upsert({ email: 'first@example.com', properties: { seats: 5 } });
    const deadLetters = app.get(DeadLettersService);
    await eventually(async () => (await deadLetters.countOpen()) === 1);
    expect(logger.lines.find((l) => l.includes('Dead letter #'))).toMatch(
      /HubSpot portal 4402 has no property contacts\.seats: declare it in objects\.contacts\.properties/,
    );
    expect(logger.levelOf('Dead letter #')).toBe('error');
    const health = await app.get(HubspotHealthIndicator).isHealthy('hubspot');
    expect(health.hubspot.status).toBe('up');
    expect(health.hubspot.warnings).toEqual([expect.stringContaining('has no property contacts.seats')]);
  });
});
