import { INestApplication } from '@nestjs/common';
import {
  ASSOCIATION_TYPES,
  AssociationsService,
  CompaniesService,
  ContactsService,
  CrmObjectsService,
  DealsService,
  DeadLettersService,
  EngagementsService,
  HubspotAuthError,
  ListsService,
  PropertiesService,
  SyncLedgerService,
} from '@app/hubspot';
import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { createCrmApp, liveObjects, waitUntil } from './support/crm-app';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { uniquePrefix } from './support/services';

const PORTAL = 1001;
const TOKEN = 'pat-crm-services';

/** Every CRM service against the emulator, starting from a portal without the module's custom properties. */
describe('CRM services (real MariaDB, Redis, emulator)', () => {
  let emu: EmulatorHandle;
  let database: string;
  let app: INestApplication;

  beforeAll(async () => {
    database = await createTestDatabase('crm_services');
    emu = await startEmulator({
      portals: [
        {
          portalId: PORTAL,
          tokens: [TOKEN],
          limits: { maxPerWindow: 100, windowMs: 10_000 },
          properties: { contacts: [{ name: 'plan', type: 'string', fieldType: 'text' }] },
        },
      ],
    });
    app = await createCrmApp({
      database,
      redisPrefix: uniquePrefix('crm-services'),
      emulatorUrl: emu.url,
      token: TOKEN,
      portalId: PORTAL,
      coalesceWindowMs: 50,
      retryDelayMs: 100,
    });
  });

  afterAll(async () => {
    await app?.close();
    await emu?.stop();
    await dropTestDatabase(database);
  });

  it('PropertiesService: the module created its properties at boot; ensure creates once and reports mismatches', async () => {
    const properties = app.get(PropertiesService);
    expect((await properties.ensureModuleProperties()).map((c) => [c.objectType, c.name, c.status])).toEqual([
      ['contacts', 'churned', 'exists'],
      ['contacts', 'churn_date', 'exists'],
      ['contacts', 'app_user_id', 'exists'],
      ['companies', 'app_company_domain', 'exists'],
    ]);
    const nps = {
      name: 'nps_score',
      label: 'NPS',
      type: 'number',
      fieldType: 'number',
      groupName: 'contactinformation',
    } as const;
    expect(await properties.ensure('contacts', nps)).toMatchObject({ status: 'created' });
    expect(await properties.ensure('contacts', nps)).toMatchObject({ status: 'exists' });
    expect(await properties.get('contacts', 'app_user_id')).toMatchObject({
      type: 'string',
      hasUniqueValue: true,
    });
    const mismatch = await properties.ensure('contacts', {
      name: 'plan',
      label: 'Plan',
      type: 'number',
      fieldType: 'number',
      groupName: 'contactinformation',
    });
    expect(mismatch).toMatchObject({
      status: 'mismatch',
      problem: expect.stringMatching(/type is 'string'/),
    });
  });

  it('ContactsService: upsertNow by email and by user id, reads, upsertMany with per-record results', async () => {
    const contacts = app.get(ContactsService);
    const id = await contacts.upsertNow({
      email: 'Ann@Example.com',
      userId: 'u-ann',
      properties: { firstname: 'Ann' },
    });
    expect(
      await contacts.getByEmail('ann@example.com', { properties: ['firstname', 'app_user_id'] }),
    ).toMatchObject({
      id,
      properties: { firstname: 'Ann', app_user_id: 'u-ann' },
    });
    const noEmail = await contacts.upsertNow({ userId: 'u-no-email', properties: { firstname: 'Nemo' } });
    expect((await contacts.get('u-no-email', { properties: ['firstname'] }))?.id).toBe(noEmail);

    const results = await contacts.upsertMany([
      { email: 'bob@example.com', properties: { firstname: 'Bob' } },
      { email: 'BOB@example.com', properties: { lastname: 'Builder' } },
      { email: 'ann@example.com', userId: 'u-ann', properties: { firstname: 'Annie' } },
      { email: 'bad@example.com', properties: { no_such_property: 'x' } },
    ]);
    expect(results.map((r) => r.status)).toEqual(['created', 'created', 'updated', 'failed']);
    expect(results[0].hubspotId).toBe(results[1].hubspotId);
    expect(results[3].error?.message).toMatch(/no_such_property/);
    expect(results[3].deadLetterId).toBeDefined();
    expect((await app.get(DeadLettersService).inspect(results[3].deadLetterId!))?.status).toBe('open');
    const bob = liveObjects(emu, PORTAL, 'contacts').filter((o) => o.properties.email === 'bob@example.com');
    expect(bob).toHaveLength(1);
    expect(bob[0].properties).toMatchObject({ firstname: 'Bob', lastname: 'Builder' });
    // A user-id upsert whose email already belongs to a contact: 409 "Existing ID" updates that contact.
    const carol = await contacts.upsertNow({
      email: 'carol@example.com',
      properties: { firstname: 'Carol' },
    });
    const byUserId = await contacts.upsertNow({
      userId: 'u-carol',
      properties: { email: 'carol@example.com', plan: 'pro' },
    });
    expect(byUserId).toBe(carol);
    expect(await app.get(SyncLedgerService).hubspotId(PORTAL, 'contacts', 'u-carol')).toBe(carol);
    expect(
      liveObjects(emu, PORTAL, 'contacts').filter((o) => o.properties.email === 'carol@example.com'),
    ).toEqual([
      expect.objectContaining({
        properties: expect.objectContaining({ app_user_id: 'u-carol', plan: 'pro' }),
      }),
    ]);

    const again = await contacts.upsertMany([
      { email: 'bob@example.com', properties: { firstname: 'Bob', lastname: 'Builder' } },
    ]);
    expect(again[0].status).toBe('unchanged');
  });

  it('ContactsService: churn, reactivation and workflow triggers are property changes on the queued path', async () => {
    const contacts = app.get(ContactsService);
    await contacts.markChurned('ann@example.com', new Date('2026-03-04T15:00:00Z'));
    await contacts.triggerWorkflow('ann@example.com', 'plan', 'enterprise');
    await waitUntil(
      () =>
        liveObjects(emu, PORTAL, 'contacts').some(
          (o) => o.properties.email === 'ann@example.com' && o.properties.plan === 'enterprise',
        ),
      10_000,
      'churn and trigger',
    );
    const ann = liveObjects(emu, PORTAL, 'contacts').find((o) => o.properties.email === 'ann@example.com');
    expect(ann?.properties).toMatchObject({
      churned: 'true',
      churn_date: '2026-03-04',
      plan: 'enterprise',
      firstname: 'Annie',
    });
    await contacts.markActive('ann@example.com');
    await waitUntil(
      () =>
        liveObjects(emu, PORTAL, 'contacts').some(
          (o) => o.properties.email === 'ann@example.com' && o.properties.churned === 'false',
        ),
      10_000,
      'reactivation',
    );
    const back = liveObjects(emu, PORTAL, 'contacts').find((o) => o.properties.email === 'ann@example.com');
    expect(back?.properties).toMatchObject({ churned: 'false', plan: 'enterprise' });
    expect(back?.properties.churn_date ?? '').toBe(''); // cleared
  });

  it('CompaniesService + AssociationsService: one company per domain, default and labelled associations', async () => {
    const companies = app.get(CompaniesService);
    const associations = app.get(AssociationsService);
    const acme = await companies.upsertNow({
      domain: 'https://www.ACME.io/about',
      properties: { name: 'Acme' },
    });
    expect(await companies.upsertNow({ domain: 'acme.io', properties: { name: 'Acme Inc' } })).toBe(acme);
    expect((await companies.getByDomain('www.acme.io', { properties: ['name'] }))?.properties.name).toBe(
      'Acme Inc',
    );
    expect(liveObjects(emu, PORTAL, 'companies')).toHaveLength(1);

    const ann = (await app.get(SyncLedgerService).hubspotId(PORTAL, 'contacts', 'ann@example.com'))!;
    await associations.associateIds('contacts', ann, 'companies', acme);
    await associations.associateIds('contacts', ann, 'companies', acme); // idempotent
    await associations.associateIds('contacts', ann, 'companies', acme, {
      types: [ASSOCIATION_TYPES.contactToCompanyPrimary],
    });
    const links = await associations.list('contacts', ann, 'companies');
    expect(links).toHaveLength(1);
    expect(links[0].associationTypes.map((t) => t.typeId).sort()).toEqual([1, 279]);

    const bob = (await app.get(SyncLedgerService).hubspotId(PORTAL, 'contacts', 'bob@example.com'))!;
    const outcomes = await associations.associateManyIds('contacts', 'companies', [
      { fromId: bob, toId: acme },
      { fromId: '999999', toId: acme },
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['ok', 'fatal']);
    await associations.removeIds('contacts', bob, 'companies', acme);
    expect(await associations.list('contacts', bob, 'companies')).toEqual([]);
  });

  it('DealsService: a sale creates one deal (idempotent on the event key) with line items and associations', async () => {
    const deals = app.get(DealsService);
    const sale = {
      eventKey: 'order-1001',
      properties: { dealname: 'Order 1001', amount: 300, dealstage: 'closedwon', pipeline: 'default' },
      contact: 'ann@example.com',
      companyDomain: 'acme.io',
      lineItems: [{ properties: { name: 'Seat', quantity: 3, price: 100 } }],
    };
    const first = await deals.recordSale(sale);
    const second = await deals.recordSale(sale);
    expect(first.created).toBe(true);
    expect(second).toEqual({ dealId: first.dealId, created: false, lineItemIds: first.lineItemIds });
    expect(liveObjects(emu, PORTAL, 'deals')).toHaveLength(1);
    expect(liveObjects(emu, PORTAL, 'line_items')).toHaveLength(1);
    const associations = app.get(AssociationsService);
    expect((await associations.list('deals', first.dealId, 'line_items')).map((l) => l.toObjectId)).toEqual(
      first.lineItemIds,
    );
    await waitUntil(
      async () =>
        (await associations.list('deals', first.dealId, 'contacts')).length === 1 &&
        (await associations.list('deals', first.dealId, 'companies')).length === 1,
      10_000,
      'deal associations',
    );
  });

  it('ListsService: static list membership by contact key', async () => {
    const lists = app.get(ListsService);
    const listId = await lists.createStatic('Churned users');
    const added = await lists.addContacts(listId, [
      'ann@example.com',
      'bob@example.com',
      'ghost@example.com',
    ]);
    expect(added.recordsIdsAdded).toHaveLength(2);
    expect(added.unknownKeys).toEqual(['ghost@example.com']);
    const removed = await lists.removeContacts(listId, ['bob@example.com']);
    expect(removed.recordIdsRemoved).toHaveLength(1);
  });

  it('EngagementsService: pulls a contact’s notes back, newest first', async () => {
    const ann = (await app.get(SyncLedgerService).hubspotId(PORTAL, 'contacts', 'ann@example.com'))!;
    const associations = app.get(AssociationsService);
    for (const [i, body] of ['first call', 'second call'].entries()) {
      const note = emu.control.createObject(PORTAL, 'notes', {
        hs_note_body: body,
        hs_timestamp: String(Date.UTC(2026, 0, 1 + i)),
      });
      await associations.associateIds('notes', note.id, 'contacts', ann);
    }
    const notes = await app.get(EngagementsService).notes('ann@example.com');
    expect(notes.map((n) => n.properties.hs_note_body)).toEqual(['second call', 'first call']);
    expect(await app.get(EngagementsService).emails('ann@example.com')).toEqual([]);
  });

  it('CrmObjectsService: any object type through the queued upsert path, reads and batch reads', async () => {
    await app.get(PropertiesService).ensure('tickets', {
      name: 'app_ticket_id',
      label: 'App ticket id',
      type: 'string',
      fieldType: 'text',
      groupName: 'ticketinformation',
      hasUniqueValue: true,
    });
    const objects = app.get(CrmObjectsService);
    await Promise.all(
      ['t-1', 't-2', 't-3'].map((id) =>
        objects.upsert('tickets', {
          idProperty: 'app_ticket_id',
          id,
          properties: { subject: `Ticket ${id}`, hs_pipeline_stage: '1' },
        }),
      ),
    );
    await waitUntil(() => liveObjects(emu, PORTAL, 'tickets').length === 3, 10_000, 'tickets');
    const read = await objects.batchRead('tickets', ['t-1', 't-3', 't-404'], {
      idProperty: 'app_ticket_id',
      properties: ['subject'],
    });
    expect(read.map((t) => t.properties.subject).sort()).toEqual(['Ticket t-1', 'Ticket t-3']);
    expect(
      (await objects.get('tickets', 't-2', { idProperty: 'app_ticket_id', properties: ['subject'] }))
        ?.properties.subject,
    ).toBe('Ticket t-2');
  });

  it('forPortal binds a portal; a private app refuses other portals', async () => {
    const contacts = app.get(ContactsService);
    expect((await contacts.forPortal(PORTAL).getByEmail('ann@example.com'))?.properties.email).toBe(
      'ann@example.com',
    );
    await expect(contacts.forPortal(4242).getByEmail('ann@example.com')).rejects.toBeInstanceOf(
      HubspotAuthError,
    );
  });

  it('gdprErase deletes the contact in HubSpot, forgets its ledger row and keeps an audit trail', async () => {
    const contacts = app.get(ContactsService);
    const audit = await contacts.gdprErase('bob@example.com', {
      requestedBy: 'dpo@example.com',
      reason: 'Art. 17 request',
    });
    expect(audit).toMatchObject({
      status: 'erased',
      requestedBy: 'dpo@example.com',
      localKey: 'bob@example.com',
    });
    expect(audit.completedAt).toBeInstanceOf(Date);
    expect(liveObjects(emu, PORTAL, 'contacts').some((o) => o.properties.email === 'bob@example.com')).toBe(
      false,
    );
    expect(await app.get(SyncLedgerService).find(PORTAL, 'contacts', 'bob@example.com')).toBeNull();
    const unknown = await contacts.gdprErase('nobody@example.com');
    expect(unknown.status).toBe('not_found');
  });
});
