import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { ApiCall, apiClient } from '../testing/emulator-http';

// Test helper: loosely typed webhook events keep assertions short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Event = Record<string, any>;

/**
 * What HubSpot owns: owners, pipelines, engagements, property history, and the webhook events a sales
 * rep's work in HubSpot's UI produces (through the control API's rep routes).
 */
describe('HubSpot emulator: owners, pipelines, engagements, history, rep activity', () => {
  let emu: EmulatorHandle;
  let call: ApiCall;
  let receiver: Server;
  let events: Event[];
  const PORTAL = 1001;
  const rep = (path: string, method: string, body?: unknown) =>
    apiClient(emu.url)(method, `/__emulator/rep/${PORTAL}${path}`, body);

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        events.push(...(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Event[]));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    emu = await startEmulator({
      port: 0,
      portals: [
        {
          portalId: PORTAL,
          tokens: [{ token: 'tok-a', appId: 777 }],
          limits: {
            maxPerWindow: 100_000,
            windowMs: 1000,
            associationsMaxPerWindow: 100_000,
            searchPerSecond: 1000,
          },
          owners: [
            { id: '501', email: 'Ann@Example.com', firstName: 'Ann', lastName: 'Rep', userId: 123 },
            { id: '502', email: 'bob@example.com', firstName: 'Bob', lastName: 'Rep', userId: 124 },
            {
              id: '503',
              email: 'gone@example.com',
              firstName: 'Gone',
              lastName: 'Rep',
              userId: 125,
              archived: true,
            },
          ],
          pipelines: {
            deals: [
              {
                id: 'renewals',
                label: 'Renewals',
                stages: [
                  { id: 'renewal_open', label: 'Open', metadata: { probability: '0.5', isClosed: 'false' } },
                  { id: 'renewal_won', label: 'Renewed', metadata: { probability: '1.0', isClosed: 'true' } },
                ],
              },
            ],
          },
        },
      ],
      webhooks: {
        targetUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
        appId: 777,
        batchDelayMs: 1,
      },
    });
    call = apiClient(emu.url, 'tok-a');
  });
  afterAll(async () => {
    await emu.stop();
    await new Promise((r) => receiver.close(r));
  });
  beforeEach(() => {
    emu.control.reset();
    events = [];
  });

  const create = async (type: string, properties: Record<string, unknown>): Promise<string> => {
    const res = await call('POST', `/crm/v3/objects/${type}`, { properties });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const settle = async (): Promise<Event[]> => {
    await emu.control.waitForWebhooks();
    return events;
  };

  describe('owners', () => {
    it('pages, filters by email, reads by id or user id, keeps archived owners apart', async () => {
      const all = await call('GET', '/crm/owners/2026-03');
      expect(all.body.results.map((o: Event) => o.id)).toEqual(['501', '502']);
      expect(all.body.results[0]).toEqual({
        id: '501',
        email: 'ann@example.com',
        type: 'PERSON',
        firstName: 'Ann',
        lastName: 'Rep',
        userId: 123,
        userIdIncludingInactive: 123,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        archived: false,
      });
      const page = await call('GET', '/crm/v3/owners?limit=1');
      expect(page.body.results).toHaveLength(1);
      expect(page.body.paging.next.after).toBe('502');
      expect((await call('GET', `/crm/v3/owners?limit=1&after=502`)).body.results[0].id).toBe('502');
      expect(
        (await call('GET', '/crm/v3/owners?email=BOB@example.com')).body.results.map((o: Event) => o.id),
      ).toEqual(['502']);
      expect(
        (await call('GET', '/crm/v3/owners?archived=true')).body.results.map((o: Event) => o.id),
      ).toEqual(['503']);
      expect((await call('GET', '/crm/owners/2026-09/502')).body.email).toBe('bob@example.com');
      expect((await call('GET', '/crm/owners/2026-09/124?idProperty=userId')).body.id).toBe('502');
      expect((await call('GET', '/crm/owners/2026-09/503')).status).toBe(404);
      expect((await call('GET', '/crm/owners/2026-09/503?archived=true')).status).toBe(200);
    });

    it('seeds owners through the control API (kept across resets) and validates hubspot_owner_id', async () => {
      const added = await apiClient(emu.url)('POST', `/__emulator/portals/${PORTAL}/owners`, [
        { id: '504', email: 'cara@example.com', firstName: 'Cara', userId: 126 },
      ]);
      expect(added.status).toBe(200);
      expect(added.body[0]).toMatchObject({ id: '504', userId: 126 });
      emu.control.reset();
      expect((await call('GET', '/crm/v3/owners')).body.results.map((o: Event) => o.id)).toEqual([
        '501',
        '502',
        '504',
      ]);
      expect(
        (await call('POST', '/crm/v3/objects/contacts', { properties: { hubspot_owner_id: '504' } })).status,
      ).toBe(201);
      const bad = await call('POST', '/crm/v3/objects/contacts', { properties: { hubspot_owner_id: '999' } });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('INVALID_OPTION');
      const archived = await call('POST', '/crm/v3/objects/contacts', {
        properties: { hubspot_owner_id: '503' },
      });
      expect(archived.status).toBe(400);
    });
  });

  describe('pipelines', () => {
    it("serves HubSpot's default deal and ticket pipelines and configured ones", async () => {
      const deals = await call('GET', '/crm/v3/pipelines/deals');
      expect(deals.body.results.map((p: Event) => p.id)).toEqual(['default', 'renewals']);
      const stages = deals.body.results[0].stages.map((s: Event) => s.id);
      expect(stages).toEqual([
        'appointmentscheduled',
        'qualifiedtobuy',
        'presentationscheduled',
        'decisionmakerboughtin',
        'contractsent',
        'closedwon',
        'closedlost',
      ]);
      const won = await call('GET', '/crm/pipelines/2026-03/deals/default/stages/closedwon');
      expect(won.body).toMatchObject({
        id: 'closedwon',
        label: 'Closed Won',
        metadata: { isClosed: 'true', probability: '1.0' },
        archived: false,
        writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
      });
      const tickets = await call('GET', '/crm/pipelines/2026-03/0-5/0');
      expect(tickets.body.label).toBe('Support Pipeline');
      expect(tickets.body.stages.map((s: Event) => [s.id, s.metadata.ticketState])).toEqual([
        ['1', 'OPEN'],
        ['2', 'OPEN'],
        ['3', 'OPEN'],
        ['4', 'CLOSED'],
      ]);
      expect((await call('GET', '/crm/v3/pipelines/deals/nope')).status).toBe(404);
      expect((await call('GET', '/crm/v3/pipelines/contacts')).status).toBe(400);
    });

    it('validates dealstage and pipeline (and ticket stages) against the pipelines', async () => {
      expect(
        (await call('POST', '/crm/v3/objects/deals', { properties: { dealstage: 'closedwon' } })).status,
      ).toBe(201);
      const wrong = await call('POST', '/crm/v3/objects/deals', {
        properties: { pipeline: 'renewals', dealstage: 'closedwon' },
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.message).toContain('closedwon is not a valid stage of pipeline renewals');
      expect(
        (
          await call('POST', '/crm/v3/objects/deals', {
            properties: { pipeline: 'renewals', dealstage: 'renewal_won' },
          })
        ).status,
      ).toBe(201);
      expect(
        (await call('POST', '/crm/v3/objects/deals', { properties: { pipeline: 'nope' } })).body.message,
      ).toContain('INVALID_OPTION');
      const deal = await create('deals', { dealstage: 'qualifiedtobuy' });
      // Moving to another pipeline without a stage of it is refused.
      expect(
        (await call('PATCH', `/crm/v3/objects/deals/${deal}`, { properties: { pipeline: 'renewals' } }))
          .status,
      ).toBe(400);
      expect(
        (
          await call('PATCH', `/crm/v3/objects/deals/${deal}`, {
            properties: { pipeline: 'renewals', dealstage: 'renewal_open' },
          })
        ).status,
      ).toBe(200);
      await apiClient(emu.url)('POST', `/__emulator/portals/${PORTAL}/pipelines/tickets`, {
        id: 'it',
        label: 'IT',
        stages: [{ id: 'it_new', label: 'New' }],
      });
      expect(
        (await call('POST', '/crm/v3/objects/tickets', { properties: { hs_pipeline_stage: '1' } })).status,
      ).toBe(201);
      expect(
        (
          await call('POST', '/crm/v3/objects/tickets', {
            properties: { hs_pipeline: 'it', hs_pipeline_stage: '1' },
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await call('POST', '/crm/v3/objects/tickets', {
            properties: { hs_pipeline: 'it', hs_pipeline_stage: 'it_new' },
          })
        ).status,
      ).toBe(201);
    });
  });

  describe('engagements', () => {
    it('requires hs_timestamp (and an email direction), associates with HubSpot type ids, searches by hs_lastmodifieddate', async () => {
      const missing = await call('POST', '/crm/objects/2026-03/notes', { properties: { hs_note_body: 'x' } });
      expect(missing.status).toBe(400);
      expect(missing.body).toEqual({
        status: 'error',
        message: 'Error creating NOTE.  Some required properties were not set.',
        correlationId: missing.headers.get('x-hubspot-correlation-id'),
        category: 'VALIDATION_ERROR',
        context: { properties: ['hs_timestamp'] },
      });
      const email = await call('POST', '/crm/v3/objects/emails', {
        properties: { hs_timestamp: '2026-01-01T00:00:00Z' },
      });
      expect(email.body.context).toEqual({ properties: ['hs_email_direction'] });
      for (const type of ['0-46', '0-48', '0-47', '0-27'])
        expect((await call('POST', `/crm/v3/objects/${type}`, { properties: {} })).body.context).toEqual({
          properties: ['hs_timestamp'],
        });

      const contact = await create('contacts', { email: 'eng@example.com' });
      const company = await create('companies', { name: 'Eng' });
      const deal = await create('deals', { dealname: 'Eng' });
      const cases: Array<[string, Record<string, string>, [number, number, number]]> = [
        ['notes', { hs_note_body: 'n' }, [202, 190, 214]],
        ['emails', { hs_email_direction: 'EMAIL' }, [198, 186, 210]],
        ['calls', { hs_call_title: 'c' }, [194, 182, 206]],
        ['meetings', { hs_meeting_title: 'm' }, [200, 188, 212]],
        ['tasks', { hs_task_subject: 't' }, [204, 192, 216]],
      ];
      const before = Date.now();
      for (const [type, props, [toContact, toCompany, toDeal]] of cases) {
        const res = await call('POST', `/crm/objects/2026-09/${type}`, {
          properties: { hs_timestamp: '2026-02-01T10:00:00Z', ...props },
          associations: [
            {
              to: { id: contact },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: toContact }],
            },
            {
              to: { id: company },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: toCompany }],
            },
            {
              to: { id: deal },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: toDeal }],
            },
          ],
        });
        expect({ type, status: res.status }).toEqual({ type, status: 201 });
        const fromContact = await call(
          'GET',
          `/crm/objects/2026-03/contacts/${contact}/associations/${type}`,
        );
        expect(fromContact.body.results.map((r: Event) => r.toObjectId)).toContain(res.body.id);
      }
      const found = await call('POST', '/crm/v3/objects/calls/search', {
        filterGroups: [
          { filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(before - 1) }] },
        ],
        sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'DESCENDING' }],
      });
      expect(found.body.total).toBe(1);
      const none = await call('POST', '/crm/v3/objects/calls/search', {
        filterGroups: [
          {
            filters: [
              { propertyName: 'hs_lastmodifieddate', operator: 'GT', value: String(Date.now() + 60_000) },
            ],
          },
        ],
      });
      expect(none.body.total).toBe(0);
    });
  });

  describe('propertiesWithHistory', () => {
    it('returns versions newest first with their source on single, list and batch reads', async () => {
      const id = await create('contacts', { email: 'h@example.com', lifecyclestage: 'lead' });
      await call('PATCH', `/crm/v3/objects/contacts/${id}`, {
        properties: { lifecyclestage: 'opportunity' },
      });
      await rep(`/contacts/${id}`, 'PATCH', { userId: 123, properties: { lifecyclestage: 'customer' } });
      const one = await call(
        'GET',
        `/crm/objects/2026-03/contacts/${id}?propertiesWithHistory=lifecyclestage,firstname`,
      );
      expect(one.body.propertiesWithHistory.firstname).toEqual([]);
      const versions = one.body.propertiesWithHistory.lifecyclestage;
      expect(versions.map((v: Event) => v.value)).toEqual(['customer', 'opportunity', 'lead']);
      expect(versions[0]).toEqual({
        value: 'customer',
        timestamp: expect.any(String),
        sourceType: 'CRM_UI',
        sourceId: 'userId:123',
        updatedByUserId: 123,
      });
      expect(versions[1]).toEqual({
        value: 'opportunity',
        timestamp: expect.any(String),
        sourceType: 'INTEGRATION',
        sourceId: '777',
      });
      expect(Date.parse(versions[0].timestamp)).toBeGreaterThanOrEqual(Date.parse(versions[2].timestamp));
      const batch = await call('POST', '/crm/objects/2026-03/contacts/batch/read', {
        inputs: [{ id }],
        properties: ['email'],
        propertiesWithHistory: ['lifecyclestage'],
      });
      expect(batch.body.results[0].propertiesWithHistory.lifecyclestage).toHaveLength(3);
      const list = await call('GET', '/crm/v3/objects/contacts?propertiesWithHistory=email');
      expect(list.body.results[0].propertiesWithHistory.email[0].value).toBe('h@example.com');
      expect(
        (await call('GET', `/crm/v3/objects/contacts/${id}`)).body.propertiesWithHistory,
      ).toBeUndefined();
    });
  });

  describe('a sales rep in the UI (control rep routes) and the webhooks HubSpot sends', () => {
    it('property changes by a rep carry changeSource CRM and sourceId userId:N', async () => {
      const id = await create('contacts', { email: 'rep@example.com' });
      await settle();
      events = [];
      const res = await rep(`/contacts/${id}`, 'PATCH', {
        userId: 124,
        properties: { lifecyclestage: 'salesqualifiedlead', hs_lead_status: 'OPEN', hubspot_owner_id: '502' },
      });
      expect(res.status).toBe(200);
      const changes = (await settle()).filter((e) => e.subscriptionType === 'contact.propertyChange');
      expect(changes.map((e) => e.propertyName).sort()).toEqual([
        'hs_lead_status',
        'hubspot_owner_id',
        'lifecyclestage',
      ]);
      for (const e of changes) {
        expect(e).toMatchObject({
          objectId: Number(id),
          changeSource: 'CRM',
          sourceId: 'userId:124',
          portalId: PORTAL,
        });
      }
      // The integration's own writes are INTEGRATION with its app id.
      events = [];
      await call('PATCH', `/crm/v3/objects/contacts/${id}`, { properties: { firstname: 'Api' } });
      expect((await settle())[0]).toMatchObject({ changeSource: 'INTEGRATION', sourceId: '777' });
    });

    it('logs a note/call/meeting/email/task on a contact: creation events and associationChange both ways', async () => {
      const contact = await create('contacts', { email: 'log@example.com' });
      const deal = await create('deals', { dealname: 'Log' });
      await settle();
      events = [];
      const note = await rep(`/contacts/${contact}/engagements`, 'POST', {
        userId: 123,
        type: 'note',
        properties: { hs_note_body: 'Called, interested' },
        associations: { deals: [deal] },
      });
      expect(note.status).toBe(200);
      expect(note.body.properties).toMatchObject({
        hs_note_body: 'Called, interested',
        hubspot_owner_id: '501',
      });
      expect(note.body.properties.hs_timestamp).toBeDefined();
      for (const type of ['call', 'meeting', 'email', 'task']) {
        const res = await rep(`/contacts/${contact}/engagements`, 'POST', { type });
        expect({ type, status: res.status }).toEqual({ type, status: 200 });
      }
      const got = await settle();
      const creation = got.find(
        (e) => e.subscriptionType === 'object.creation' && e.objectId === Number(note.body.id),
      );
      expect(creation).toMatchObject({ objectTypeId: '0-46', changeSource: 'CRM', sourceId: 'userId:123' });
      const assoc = got.filter((e) => e.subscriptionType === 'contact.associationChange');
      expect(assoc).toHaveLength(5);
      expect(assoc[0]).toEqual({
        eventId: expect.any(Number),
        subscriptionId: expect.any(Number),
        portalId: PORTAL,
        appId: 777,
        occurredAt: expect.any(Number),
        subscriptionType: 'contact.associationChange',
        attemptNumber: 0,
        changeSource: 'CRM',
        sourceId: 'userId:123',
        associationType: 'CONTACT_TO_NOTE',
        fromObjectId: Number(contact),
        toObjectId: Number(note.body.id),
        associationRemoved: false,
        isPrimaryAssociation: false,
        associationCategory: 'HUBSPOT_DEFINED',
        associationTypeId: 201,
      });
      expect(
        got.some(
          (e) => e.subscriptionType === 'deal.associationChange' && e.toObjectId === Number(note.body.id),
        ),
      ).toBe(true);
      const notes = await call('GET', `/crm/v4/objects/contacts/${contact}/associations/notes`);
      expect(notes.body.results[0].associationTypes).toEqual([
        { category: 'HUBSPOT_DEFINED', typeId: 201, label: null },
      ]);
    });

    it('associates and dissociates records (associationChange with associationRemoved)', async () => {
      const contact = await create('contacts', { email: 'a@example.com' });
      const company = await create('companies', { name: 'A' });
      await settle();
      events = [];
      expect(
        (await rep(`/contacts/${contact}/associations/companies/${company}`, 'PUT', { associationTypeId: 1 }))
          .status,
      ).toBe(204);
      await rep(`/contacts/${contact}/associations/companies/${company}?userId=124`, 'DELETE');
      const got = (await settle()).filter((e) => e.subscriptionType === 'contact.associationChange');
      expect(
        got.map((e) => [e.associationRemoved, e.isPrimaryAssociation, e.associationTypeId]).sort(),
      ).toEqual(
        [
          [false, false, 279],
          [false, true, 1],
          [true, false, 279],
          [true, true, 1],
        ].sort(),
      );
      expect(got.find((e) => e.associationRemoved)).toMatchObject({
        associationType: 'CONTACT_TO_COMPANY',
        fromObjectId: Number(contact),
        toObjectId: Number(company),
        sourceId: 'userId:124',
      });
    });

    it('merges two contacts: contact.merge with HubSpot fields, merged record gone, email resolves to the primary', async () => {
      const primary = await create('contacts', { email: 'p@example.com' });
      const other = await create('contacts', { email: 'o@example.com', firstname: 'Otto', phone: '123' });
      await settle();
      events = [];
      const merged = await rep('/contacts/merge', 'POST', {
        userId: 123,
        primaryObjectId: primary,
        objectIdToMerge: other,
      });
      expect(merged.status).toBe(200);
      expect(merged.body.properties).toMatchObject({ firstname: 'Otto', hs_merged_object_ids: other });
      const got = await settle();
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({
        subscriptionType: 'contact.merge',
        objectId: Number(primary),
        primaryObjectId: Number(primary),
        mergedObjectIds: [Number(other)],
        newObjectId: Number(primary),
        numberOfPropertiesMoved: 2,
        changeSource: 'CRM',
        sourceId: 'userId:123',
      });
      expect((await call('GET', `/crm/v3/objects/contacts/o@example.com?idProperty=email`)).body.id).toBe(
        primary,
      );
      expect((await call('GET', `/crm/v3/objects/contacts/${other}`)).status).toBe(404);
    });

    it('deletes to the recycle bin and restores (deletion and restore events), unique values checked', async () => {
      const id = await create('contacts', { email: 'bin@example.com' });
      await settle();
      events = [];
      expect((await rep(`/contacts/${id}?userId=123`, 'DELETE')).status).toBe(204);
      expect((await call('GET', `/crm/v3/objects/contacts/${id}`)).status).toBe(404);
      expect((await call('GET', `/crm/v3/objects/contacts/${id}?archived=true`)).body.archived).toBe(true);
      const restored = await rep(`/contacts/${id}/restore`, 'POST', { userId: 123 });
      expect(restored.status).toBe(200);
      expect(restored.body.archived).toBe(false);
      expect((await call('GET', `/crm/v3/objects/contacts/bin@example.com?idProperty=email`)).body.id).toBe(
        id,
      );
      const got = await settle();
      expect(got.map((e) => e.subscriptionType)).toEqual(['contact.deletion', 'contact.restore']);
      expect(got[1]).toMatchObject({
        objectId: Number(id),
        changeSource: 'CRM',
        sourceId: 'userId:123',
        changeFlag: 'RESTORED',
      });
      expect((await rep(`/contacts/${id}/restore`, 'POST')).status).toBe(409);

      // A restore whose email now belongs to another contact is refused.
      await rep(`/contacts/${id}`, 'DELETE');
      await create('contacts', { email: 'bin@example.com' });
      expect((await rep(`/contacts/${id}/restore`, 'POST')).status).toBe(409);
    });

    it('creates records as the rep (creation + propertyChange events) and through the in-process API', async () => {
      const created = await rep('/deals', 'POST', {
        userId: 124,
        properties: { dealname: 'UI deal', dealstage: 'closedwon' },
      });
      expect(created.status).toBe(200);
      const got = await settle();
      expect(got.map((e) => e.subscriptionType).sort()).toEqual([
        'deal.creation',
        'deal.propertyChange',
        'deal.propertyChange',
      ]);
      expect(got.every((e) => e.sourceId === 'userId:124')).toBe(true);
      const inProcess = emu.control.rep(PORTAL, 123);
      const company = inProcess.create('companies', { name: 'In process' });
      const task = inProcess.logEngagement('task', 'companies', company.id, { hs_task_subject: 'Follow up' });
      expect(task.properties.hubspot_owner_id).toBe('501');
      expect((await rep('/deals', 'POST', { properties: { dealstage: 'nope' } })).status).toBe(400);
      expect((await rep('/contacts/999/engagements', 'POST', { type: 'note' })).status).toBe(404);
      expect((await rep(`/companies/${company.id}/engagements`, 'POST', { type: 'fax' })).status).toBe(400);
    });
  });
});
