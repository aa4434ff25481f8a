import { INestApplication } from '@nestjs/common';
import {
  ContactsService,
  DeadLettersService,
  DealsService,
  HubspotApiVersion,
  HubspotValidationError,
} from '@app/hubspot';
import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { createCrmApp, CRM_PROPERTIES, liveObjects, waitUntil } from './support/crm-app';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { uniquePrefix } from './support/services';

/** The account's admin rules: HubSpot's UI enforced them before; version 2026-09 enforces them on API writes. */
const RULES = {
  requiredOnCreate: { contacts: ['lastname'] },
  conditionalRequired: [
    { objectType: 'deals', property: 'closedate', when: { property: 'dealstage', value: 'closedwon' } },
  ],
};
const PORTALS: Record<HubspotApiVersion, number> = { '2026-09': 5401, '2026-03': 5402 };
const token = (version: HubspotApiVersion) => `pat-write-validation-${version}`;

/** The same writes against the same admin rules, once per API version: 2026-09 refuses them, 2026-03 does not. */
describe('2026-09 write validation (emulator rules, MariaDB, Redis)', () => {
  let emu: EmulatorHandle;
  const apps = {} as Record<HubspotApiVersion, INestApplication>;
  const databases: string[] = [];

  beforeAll(async () => {
    emu = await startEmulator({
      portals: (Object.keys(PORTALS) as HubspotApiVersion[]).map((version) => ({
        portalId: PORTALS[version],
        tokens: [token(version)],
        limits: { maxPerWindow: 100, windowMs: 10_000 },
        properties: CRM_PROPERTIES,
        writeValidation: RULES,
      })),
    });
    for (const version of Object.keys(PORTALS) as HubspotApiVersion[]) {
      const database = await createTestDatabase(`write_validation_${version.replace('-', '_')}`);
      databases.push(database);
      apps[version] = await createCrmApp({
        database,
        redisPrefix: uniquePrefix(`write-validation-${version}`),
        emulatorUrl: emu.url,
        token: token(version),
        portalId: PORTALS[version],
        apiVersion: version,
        coalesceWindowMs: 20,
        retryDelayMs: 50,
      });
    }
  });

  afterAll(async () => {
    for (const app of Object.values(apps)) await app.close();
    await emu?.stop();
    for (const database of databases) await dropTestDatabase(database);
  });

  const upsertCalls = () =>
    Object.values(
      emu.control.stats().requests['POST /crm/objects/:version/:objectType/batch/upsert'] ?? {},
    ).reduce((a, b) => a + b, 0);

  it('2026-09: a create without a required property is a fatal validation error, dead-lettered with HubSpot’s message and details; the rest of the batch goes in', async () => {
    const app = apps['2026-09'];
    const before = upsertCalls();
    const results = await app.get(ContactsService).upsertMany([
      { email: 'complete@v09.example', properties: { firstname: 'Complete', lastname: 'Person' } },
      { email: 'partial@v09.example', properties: { firstname: 'Partial' } },
    ]);
    expect(results.map((r) => r.status)).toEqual(['created', 'failed']);
    const error = results[1].error as HubspotValidationError;
    expect(error).toBeInstanceOf(HubspotValidationError);
    expect(error).toMatchObject({ retryable: false, category: 'VALIDATION_ERROR' });
    // One batch call, not retried.
    expect(upsertCalls() - before).toBe(1);

    const letter = (await app.get(DeadLettersService).inspect(results[1].deadLetterId!))!;
    expect(letter).toMatchObject({
      status: 'open',
      category: 'VALIDATION_ERROR',
      statusCode: 400,
      attempts: 1,
      localKey: 'partial@v09.example',
      message: 'Error creating CONTACT.  Some required properties were not set.',
    });
    expect(letter.details).toMatchObject({
      errors: [{ code: 'MISSING_REQUIRED_PROPERTY', context: { propertyName: ['lastname'] } }],
    });
    const emails = liveObjects(emu, PORTALS['2026-09'], 'contacts').map((c) => c.properties.email);
    expect(emails).toEqual(['complete@v09.example']);
  });

  it('2026-09: the queued path dead-letters it the same way, after one attempt', async () => {
    const app = apps['2026-09'];
    await app
      .get(ContactsService)
      .upsert({ email: 'queued@v09.example', properties: { firstname: 'Queued' } });
    const deadLetters = app.get(DeadLettersService);
    await waitUntil(
      async () =>
        (await deadLetters.list({ status: 'open' })).items.some((d) => d.localKey === 'queued@v09.example'),
      10_000,
      'the queued dead letter',
    );
    const letter = (await deadLetters.list({ status: 'open' })).items.find(
      (d) => d.localKey === 'queued@v09.example',
    )!;
    expect(letter).toMatchObject({ category: 'VALIDATION_ERROR', attempts: 1, statusCode: 400 });
    expect(letter.message).toMatch(/Some required properties were not set/);
  });

  it('2026-09: a won deal without its conditionally required close date is refused to the caller, not retried', async () => {
    const app = apps['2026-09'];
    const before = emu.control.stats().requests['POST /crm/objects/:version/:objectType']?.['400'] ?? 0;
    const err = await app
      .get(DealsService)
      .recordSale({
        eventKey: 'won-1',
        properties: { dealname: 'Won', dealstage: 'closedwon', pipeline: 'default' },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubspotValidationError);
    expect((err as HubspotValidationError).errors?.[0]).toMatchObject({
      code: 'MISSING_CONDITIONAL_REQUIRED_PROPERTY',
    });
    expect(emu.control.stats().requests['POST /crm/objects/:version/:objectType']?.['400']).toBe(before + 1);
    expect(liveObjects(emu, PORTALS['2026-09'], 'deals')).toEqual([]);
    // With the close date the same sale goes in.
    const sale = await app.get(DealsService).recordSale({
      eventKey: 'won-1',
      properties: { dealname: 'Won', dealstage: 'closedwon', pipeline: 'default', closedate: '2026-12-01' },
    });
    expect(sale.created).toBe(true);
  });

  it('2026-03: the same writes pass (its paths do not enforce the rules)', async () => {
    const app = apps['2026-03'];
    const results = await app
      .get(ContactsService)
      .upsertMany([{ email: 'partial@v03.example', properties: { firstname: 'Partial' } }]);
    expect(results.map((r) => r.status)).toEqual(['created']);
    const sale = await app.get(DealsService).recordSale({
      eventKey: 'won-1',
      properties: { dealname: 'Won', dealstage: 'closedwon', pipeline: 'default' },
    });
    expect(sale.created).toBe(true);
    expect((await app.get(DeadLettersService).list()).total).toBe(0);
  });
});
