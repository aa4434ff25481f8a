import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { ApiCall, apiClient } from '../testing/emulator-http';

describe('HubSpot emulator: associations, lists, custom objects, other object types', () => {
  let emu: EmulatorHandle;
  let call: ApiCall;

  beforeAll(async () => {
    emu = await startEmulator({
      port: 0,
      portals: [
        {
          portalId: 1001,
          tokens: ['tok-a'],
          limits: { maxPerWindow: 100_000, windowMs: 1000, associationsMaxPerWindow: 100_000 },
        },
        {
          portalId: 1002,
          tokens: ['tok-assoc'],
          limits: {
            maxPerWindow: 100,
            windowMs: 10_000,
            associationsMaxPerWindow: 3,
            associationsCountAgainstGeneral: false,
          },
        },
      ],
    });
    call = apiClient(emu.url, 'tok-a');
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.control.reset());

  const create = async (type: string, properties: Record<string, unknown>): Promise<string> => {
    const res = await call('POST', `/crm/v3/objects/${type}`, { properties });
    expect(res.status).toBe(201);
    return res.body.id;
  };

  it('supports every standard object type with its own default properties', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['deals', { dealname: 'Big', amount: 10, dealstage: 'closedwon', pipeline: 'default' }, 'dealname'],
      ['line_items', { name: 'Seat', quantity: 3, price: 9.5 }, 'quantity'],
      ['tickets', { subject: 'Help', hs_pipeline_stage: '1' }, 'subject'],
      ['notes', { hs_timestamp: Date.now(), hs_note_body: 'hello' }, 'hs_note_body'],
      [
        'emails',
        { hs_timestamp: '2024-01-01T00:00:00Z', hs_email_direction: 'EMAIL', hs_email_subject: 'Hi' },
        'hs_email_subject',
      ],
    ];
    for (const [type, props, key] of cases) {
      const id = await create(type, props);
      const read = await call('GET', `/crm/v3/objects/${type}/${id}`);
      expect(read.body.properties[key]).toBe(String(props[key]));
      expect(read.body.properties.hs_lastmodifieddate).toBeDefined();
    }
    const bad = await call('POST', '/crm/v3/objects/deals', { properties: { dealstage: 'not-a-stage' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('INVALID_OPTION');
    expect((await call('GET', '/crm/v3/objects/0-3?limit=100')).body.results).toHaveLength(1);
  });

  it('v4: default and labelled associations with HubSpot type ids, both directions, paging and delete', async () => {
    const contact = await create('contacts', { email: 'c@example.com' });
    const company = await create('companies', { name: 'Acme' });
    const def = await call(
      'PUT',
      `/crm/v4/objects/contacts/${contact}/associations/default/companies/${company}`,
    );
    expect(def.status).toBe(200);
    expect(def.body.results).toEqual(
      expect.arrayContaining([
        {
          from: { id: contact },
          to: { id: company },
          associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 },
        },
        {
          from: { id: company },
          to: { id: contact },
          associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 280 },
        },
      ]),
    );
    const primary = await call(
      'PUT',
      `/crm/v4/objects/contacts/${contact}/associations/companies/${company}`,
      [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 }],
    );
    expect(primary.status).toBe(201);
    expect(primary.body).toMatchObject({
      fromObjectTypeId: '0-1',
      toObjectTypeId: '0-2',
      labels: ['Primary'],
    });
    const back = await call('GET', `/crm/v4/objects/companies/${company}/associations/contacts`);
    expect(back.body.results).toEqual([
      {
        toObjectId: Number(contact),
        associationTypes: expect.arrayContaining([
          { category: 'HUBSPOT_DEFINED', typeId: 280, label: null },
          { category: 'HUBSPOT_DEFINED', typeId: 2, label: 'Primary' },
        ]),
      },
    ]);
    const wrongType = await call(
      'PUT',
      `/crm/v4/objects/contacts/${contact}/associations/companies/${company}`,
      [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 4 }],
    );
    expect(wrongType.status).toBe(400);
    const missing = await call(
      'PUT',
      `/crm/v4/objects/contacts/${contact}/associations/default/companies/999999`,
    );
    expect(missing.status).toBe(404);

    const deals = [];
    for (let i = 0; i < 5; i++) deals.push(await create('deals', { dealname: `d${i}` }));
    const batch = await call('POST', '/crm/v4/associations/deals/contacts/batch/associate/default', {
      inputs: deals.map((d) => ({ from: { id: d }, to: { id: contact } })),
    });
    expect(batch.status).toBe(200);
    expect(batch.body.results[0].associationSpec.associationTypeId).toBe(3);
    const page1 = await call('GET', `/crm/v4/objects/contacts/${contact}/associations/deals?limit=3`);
    expect(page1.body.results).toHaveLength(3);
    expect(page1.body.results[0].associationTypes).toEqual([
      { category: 'HUBSPOT_DEFINED', typeId: 4, label: null },
    ]);
    const page2 = await call(
      'GET',
      `/crm/v4/objects/contacts/${contact}/associations/deals?limit=3&after=${page1.body.paging.next.after}`,
    );
    expect(page2.body.results).toHaveLength(2);

    const read = await call('POST', '/crm/v4/associations/contacts/companies/batch/read', {
      inputs: [{ id: contact }, { id: deals[0] }],
    });
    expect(read.status).toBe(207);
    expect(read.body.results[0].from.id).toBe(contact);
    expect(read.body.errors[0].subCategory).toBe('crm.associations.NO_ASSOCIATIONS_FOUND');

    const labelled = await call('POST', '/crm/v4/associations/contacts/companies/batch/create', {
      inputs: [
        {
          from: { id: contact },
          to: { id: company },
          types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }],
        },
      ],
    });
    expect(labelled.status).toBe(201);

    expect(
      (await call('DELETE', `/crm/v4/objects/contacts/${contact}/associations/companies/${company}`)).status,
    ).toBe(204);
    expect(
      (await call('GET', `/crm/v4/objects/companies/${company}/associations/contacts`)).body.results,
    ).toEqual([]);
    expect(
      (
        await call('POST', '/crm/v4/associations/deals/contacts/batch/archive', {
          inputs: [{ from: { id: deals[0] }, to: [{ id: contact }] }],
        })
      ).status,
    ).toBe(204);
    expect(
      (await call('GET', `/crm/v4/objects/contacts/${contact}/associations/deals`)).body.results,
    ).toHaveLength(4);
  });

  it('user-defined labels, v3 legacy forms and inline associations on create', async () => {
    const contact = await create('contacts', { email: 'v3@example.com' });
    const company = await create('companies', { name: 'V3' });
    const label = await call('POST', '/crm/v4/associations/contacts/companies/labels', {
      label: 'Billing contact',
      name: 'billing_contact',
    });
    const typeId = label.body.results[0].typeId;
    expect(label.body.results[0]).toMatchObject({ category: 'USER_DEFINED', label: 'Billing contact' });
    await call('PUT', `/crm/v4/objects/contacts/${contact}/associations/companies/${company}`, [
      { associationCategory: 'USER_DEFINED', associationTypeId: typeId },
    ]);
    const v3 = await call(
      'PUT',
      `/crm/v3/objects/contacts/${contact}/associations/companies/${company}/contact_to_company`,
    );
    expect(v3.status).toBe(200);
    const listed = await call('GET', `/crm/v3/objects/contacts/${contact}/associations/companies`);
    expect(listed.body.results.map((r: { type: string }) => r.type).sort()).toEqual(
      ['billing_contact', 'contact_to_company', 'contact_to_company_unlabeled'].sort(),
    );
    const deal = await create('deals', { dealname: 'v3 deal' });
    const b = await call('POST', '/crm/v3/associations/deals/contacts/batch/create', {
      inputs: [{ from: { id: deal }, to: { id: contact }, type: 'deal_to_contact' }],
    });
    expect(b.status).toBe(201);
    const withAssoc = await call('GET', `/crm/v3/objects/contacts/${contact}?associations=deals`);
    expect(withAssoc.body.associations.deals.results).toEqual([{ id: deal, type: 'contact_to_deal' }]);

    const note = await call('POST', '/crm/v3/objects/notes', {
      properties: { hs_timestamp: Date.now(), hs_note_body: 'called' },
      associations: [
        { to: { id: contact }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] },
      ],
    });
    expect(note.status).toBe(201);
    const notes = await call('GET', `/crm/v4/objects/contacts/${contact}/associations/notes`);
    expect(notes.body.results).toEqual([
      {
        toObjectId: Number(note.body.id),
        associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 201, label: null }],
      },
    ]);
  });

  it('counts associations against their own budget', async () => {
    const a = apiClient(emu.url, 'tok-assoc');
    const res = await Promise.all(
      Array.from({ length: 5 }, () => a('GET', '/crm/v4/objects/contacts/1/associations/companies')),
    );
    expect(res.filter((r) => r.status === 429)).toHaveLength(2);
    expect(res.find((r) => r.status === 404)!.headers.get('x-hubspot-ratelimit-max')).toBe('3');
    const plain = await a('GET', '/crm/v3/objects/contacts');
    expect(plain.headers.get('x-hubspot-ratelimit-remaining')).toBe('99');
  });

  it('lists v3: MANUAL list memberships add / remove / add-and-remove', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await create('contacts', { email: `l${i}@example.com` }));
    const list = await call('POST', '/crm/v3/lists', {
      name: 'Paying',
      objectTypeId: '0-1',
      processingType: 'MANUAL',
    });
    expect(list.status).toBe(200);
    const listId = list.body.list.listId;
    const add = await call('PUT', `/crm/v3/lists/${listId}/memberships/add`, [ids[0], ids[1], '999999']);
    expect(add.body).toEqual({
      recordsIdsAdded: [ids[0], ids[1]],
      recordIdsRemoved: [],
      recordIdsMissing: ['999999'],
    });
    const again = await call('PUT', `/crm/v3/lists/${listId}/memberships/add`, [ids[0]]);
    expect(again.body.recordsIdsAdded).toEqual([]);
    const both = await call('PUT', `/crm/v3/lists/${listId}/memberships/add-and-remove`, {
      recordIdsToAdd: [ids[2]],
      recordIdsToRemove: [ids[0]],
    });
    expect(both.body).toMatchObject({ recordsIdsAdded: [ids[2]], recordIdsRemoved: [ids[0]] });
    const members = await call('GET', `/crm/v3/lists/${listId}/memberships`);
    expect(members.body.results.map((m: { recordId: string }) => m.recordId)).toEqual([ids[1], ids[2]]);
    const removed = await call('PUT', `/crm/v3/lists/${listId}/memberships/remove`, [ids[1]]);
    expect(removed.body.recordIdsRemoved).toEqual([ids[1]]);
    const dynamic = await call('POST', '/crm/v3/lists', {
      name: 'Dyn',
      objectTypeId: '0-1',
      processingType: 'DYNAMIC',
    });
    expect(
      (await call('PUT', `/crm/v3/lists/${dynamic.body.list.listId}/memberships/add`, [ids[0]])).status,
    ).toBe(400);
    expect((await call('GET', '/crm/v3/lists/object-type-id/0-1/name/paying')).body.list.listId).toBe(listId);
  });

  it('custom objects via /crm/v3/schemas, addressed by name, fully qualified name or objectTypeId', async () => {
    const schema = await call('POST', '/crm/v3/schemas', {
      name: 'car',
      labels: { singular: 'Car', plural: 'Cars' },
      primaryDisplayProperty: 'model',
      requiredProperties: ['model'],
      properties: [
        { name: 'model', label: 'Model', type: 'string', fieldType: 'text' },
        { name: 'vin', label: 'VIN', type: 'string', fieldType: 'text', hasUniqueValue: true },
      ],
      associatedObjects: ['CONTACT'],
    });
    expect(schema.status).toBe(201);
    const { objectTypeId, fullyQualifiedName } = schema.body;
    expect(objectTypeId).toMatch(/^2-\d+$/);
    const car = await call('POST', `/crm/v3/objects/${objectTypeId}`, {
      properties: { model: 'T', vin: 'V1' },
    });
    expect(car.status).toBe(201);
    expect((await call('GET', `/crm/v3/objects/car/V1?idProperty=vin`)).body.id).toBe(car.body.id);
    expect(
      (await call('GET', `/crm/v3/objects/${fullyQualifiedName}/${car.body.id}`)).body.properties.model,
    ).toBe('T');
    const up = await call('POST', '/crm/v3/objects/cars/batch/upsert', {
      inputs: [{ id: 'V2', idProperty: 'vin', properties: { model: 'S' } }],
    });
    expect(up.body.results[0].new).toBe(true);
    const contact = await create('contacts', { email: 'driver@example.com' });
    const assoc = await call(
      'PUT',
      `/crm/v4/objects/${objectTypeId}/${car.body.id}/associations/default/contacts/${contact}`,
    );
    expect(assoc.status).toBe(200);
    const got = await call('GET', `/crm/v3/schemas/${objectTypeId}`);
    expect(got.body.associations.length).toBeGreaterThan(0);
    expect((await call('GET', '/crm/v3/schemas')).body.results).toHaveLength(1);
  });

  it('merges contacts: the merged email keeps resolving to the primary', async () => {
    const a = await create('contacts', { email: 'a@m.com', firstname: 'A' });
    const b = await create('contacts', { email: 'b@m.com', lastname: 'B' });
    const merged = await call('POST', '/crm/v3/objects/contacts/merge', {
      primaryObjectId: a,
      objectIdToMerge: b,
    });
    expect(merged.status).toBe(200);
    expect(merged.body.properties).toMatchObject({
      email: 'a@m.com',
      firstname: 'A',
      lastname: 'B',
      hs_merged_object_ids: b,
    });
    expect((await call('GET', '/crm/v3/objects/contacts/b@m.com?idProperty=email')).body.id).toBe(a);
    expect((await call('GET', `/crm/v3/objects/contacts/${b}`)).status).toBe(404);
  });
});
