import { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/contacts';
import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';

/**
 * The official SDK (13.x) talks to the emulator: if HubSpot's own client can create, batch-upsert,
 * search, read by idProperty and associate through it, and parse the answers into its own models,
 * the emulator speaks HubSpot's protocol rather than our idea of it.
 */
describe('contract: @hubspot/api-client against the emulator', () => {
  let emu: EmulatorHandle;
  let hubspot: Client;

  beforeAll(async () => {
    emu = await startEmulator({
      port: 0,
      portals: [
        {
          portalId: 1001,
          tokens: ['pat-contract'],
          limits: { maxPerWindow: 1000, windowMs: 1000, searchPerSecond: 50 },
        },
      ],
    });
    // No SDK retries or limiter: every call reaches the emulator exactly once.
    hubspot = new Client({ accessToken: 'pat-contract', basePath: emu.url, numberOfApiCallRetries: 0 });
  });
  afterAll(() => emu.stop());

  it('creates, batch-upserts, searches, reads by idProperty and associates through the official models', async () => {
    const created = await hubspot.crm.contacts.basicApi.create({
      properties: { email: 'official@example.com', firstname: 'Official' },
      associations: [],
    });
    expect(created.id).toMatch(/^\d+$/);
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(created.properties.email).toBe('official@example.com');

    const upserted = await hubspot.crm.contacts.batchApi.upsert({
      inputs: [
        { id: 'official@example.com', idProperty: 'email', properties: { lastname: 'Client' } },
        { id: 'second@example.com', idProperty: 'email', properties: { firstname: 'Second' } },
      ],
    });
    expect(upserted.status).toBe('COMPLETE');
    expect(upserted.results).toHaveLength(2);
    const byEmail = new Map(upserted.results.map((r) => [r.properties.email, r]));
    expect(byEmail.get('official@example.com')).toMatchObject({ id: created.id, _new: false });
    expect(byEmail.get('second@example.com')?._new).toBe(true);
    expect(upserted.completedAt).toBeInstanceOf(Date);

    const found = await hubspot.crm.contacts.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: 'lastname', operator: FilterOperatorEnum.Eq, value: 'Client' }] },
      ],
      sorts: ['-createdate'],
      properties: ['email', 'lastname'],
      limit: 10,
      after: '0',
    });
    expect(found.total).toBe(1);
    expect(found.results[0].id).toBe(created.id);
    expect(found.results[0].properties.lastname).toBe('Client');

    const read = await hubspot.crm.contacts.basicApi.getById(
      'OFFICIAL@example.com',
      ['firstname', 'lastname'],
      undefined,
      undefined,
      false,
      'email',
    );
    expect(read.id).toBe(created.id);
    expect(read.properties).toMatchObject({ firstname: 'Official', lastname: 'Client' });
    expect(read.updatedAt).toBeInstanceOf(Date);

    const company = await hubspot.crm.companies.basicApi.create({
      properties: { name: 'Contract Co', domain: 'contract.co' },
      associations: [],
    });
    const labelled = await hubspot.crm.associations.v4.basicApi.create(
      'contacts',
      created.id,
      'companies',
      company.id,
      [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 1 }],
    );
    expect(String(labelled.fromObjectId)).toBe(created.id);
    expect(labelled.labels).toEqual(['Primary']);
    const def = await hubspot.crm.associations.v4.basicApi.createDefault(
      'companies',
      company.id,
      'contacts',
      byEmail.get('second@example.com')!.id,
    );
    expect(def.results.map((r) => r.associationSpec.associationTypeId)).toEqual(
      expect.arrayContaining([280, 279]),
    );
    expect(def.results[0]._from.id).toBe(company.id);

    const page = await hubspot.crm.associations.v4.basicApi.getPage(
      'companies',
      company.id,
      'contacts',
      undefined,
      500,
    );
    expect(page.results.map((r) => String(r.toObjectId)).sort()).toEqual(
      [created.id, byEmail.get('second@example.com')!.id].sort(),
    );
    const first = page.results.find((r) => String(r.toObjectId) === created.id)!;
    expect(first.associationTypes.map((t) => t.typeId).sort((a, b) => a - b)).toEqual([2, 280]);

    const batchRead = await hubspot.crm.associations.v4.batchApi.getPage('contacts', 'companies', {
      inputs: [{ id: created.id }],
    });
    expect(batchRead.results[0]._from.id).toBe(created.id);
    expect(String(batchRead.results[0].to[0].toObjectId)).toBe(company.id);

    const companies = await hubspot.crm.companies.basicApi.getPage(10, undefined, ['name']);
    expect(companies.results.map((c) => c.properties.name)).toEqual(['Contract Co']);
  });

  it('surfaces HubSpot errors through the official ApiException', async () => {
    await expect(
      hubspot.crm.contacts.basicApi.create({
        properties: { email: 'official@example.com' },
        associations: [],
      }),
    ).rejects.toMatchObject({
      code: 409,
      body: {
        category: 'CONFLICT',
        message: expect.stringMatching(/^Contact already exists\. Existing ID: \d+$/),
      },
    });
    await expect(hubspot.crm.contacts.basicApi.getById('424242')).rejects.toMatchObject({ code: 404 });
    const unauthenticated = new Client({ accessToken: 'wrong', basePath: emu.url });
    await expect(unauthenticated.crm.contacts.basicApi.getPage()).rejects.toMatchObject({ code: 401 });
  });

  it('manages properties and list memberships through the official client', async () => {
    const prop = await hubspot.crm.properties.coreApi.create('contacts', {
      name: 'user_id',
      label: 'User id',
      type: 'string' as never,
      fieldType: 'text' as never,
      groupName: 'contactinformation',
      hasUniqueValue: true,
    });
    expect(prop.hasUniqueValue).toBe(true);
    const up = await hubspot.crm.contacts.batchApi.upsert({
      inputs: [{ id: 'u-1', idProperty: 'user_id', properties: { firstname: 'NoEmail' } }],
    });
    expect(up.results[0]._new).toBe(true);
    const list = await hubspot.crm.lists.listsApi.create({
      name: 'Contract list',
      objectTypeId: '0-1',
      processingType: 'MANUAL',
    });
    const res = await hubspot.crm.lists.membershipsApi.add(list.list.listId, [up.results[0].id]);
    expect(res.recordsIdsAdded).toEqual([up.results[0].id]);
  });
});
