import { EmulatorHandle, startEmulator, supportedVersions } from '@app/hubspot-emulator';
import { ApiCall, apiClient } from '../testing/emulator-http';

/** Dated API versions (2026-03, 2026-09) beside the legacy paths, and what differs between them. */
describe('HubSpot emulator: dated API versions', () => {
  let emu: EmulatorHandle;
  let call: ApiCall;

  beforeAll(async () => {
    emu = await startEmulator({
      port: 0,
      portals: [
        {
          portalId: 1001,
          tokens: ['tok-a'],
          limits: {
            maxPerWindow: 100_000,
            windowMs: 1000,
            associationsMaxPerWindow: 100_000,
            searchPerSecond: 1000,
          },
          writeValidation: {
            requiredOnCreate: { deals: ['dealname'] },
            conditionalRequired: [
              {
                objectType: 'deals',
                property: 'closedate',
                when: { property: 'dealstage', value: 'closedwon' },
              },
            ],
          },
        },
      ],
    });
    call = apiClient(emu.url, 'tok-a');
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.control.reset());

  const create = async (
    version: string,
    type: string,
    properties: Record<string, unknown>,
  ): Promise<string> => {
    const res = await call('POST', `/crm/objects/${version}/${type}`, { properties });
    expect(res.status).toBe(201);
    return res.body.id;
  };

  it('lists 2026-03 and 2026-09 as the supported versions', () => {
    expect(supportedVersions()).toEqual(['2026-03', '2026-09']);
  });

  it.each(['2026-03', '2026-09'])(
    '%s: objects CRUD, list, search, batch, merge and GDPR delete',
    async (v) => {
      const id = await create(v, 'contacts', { email: `a-${v}@example.com`, firstname: 'A' });
      expect(
        (await call('GET', `/crm/objects/${v}/contacts/${id}?properties=firstname`)).body.properties
          .firstname,
      ).toBe('A');
      expect((await call('GET', `/crm/objects/${v}/0-1/${id}`)).status).toBe(200);
      const patched = await call('PATCH', `/crm/objects/${v}/contacts/${id}`, {
        properties: { lastname: 'B' },
      });
      expect(patched.status).toBe(200);
      expect(patched.body.properties.lastname).toBe('B');
      const byEmail = await call('GET', `/crm/objects/${v}/contacts/a-${v}@example.com?idProperty=email`);
      expect(byEmail.body.id).toBe(id);
      expect((await call('GET', `/crm/objects/${v}/contacts?limit=10`)).body.results).toHaveLength(1);

      const batch = await call('POST', `/crm/objects/${v}/contacts/batch/create`, {
        inputs: [
          { properties: { email: `b-${v}@example.com` } },
          { properties: { email: `c-${v}@example.com` } },
        ],
      });
      expect(batch.status).toBe(201);
      const [b, c] = batch.body.results.map((r: { id: string }) => r.id);
      const read = await call('POST', `/crm/objects/${v}/contacts/batch/read`, {
        inputs: [{ id: b }, { id: c }],
        properties: ['email'],
      });
      expect(read.status).toBe(200);
      expect(read.body.results).toHaveLength(2);
      const updated = await call('POST', `/crm/objects/${v}/contacts/batch/update`, {
        inputs: [{ id: b, properties: { firstname: 'Bee' } }],
      });
      expect(updated.status).toBe(200);
      const upserted = await call('POST', `/crm/objects/${v}/contacts/batch/upsert`, {
        inputs: [
          { id: `b-${v}@example.com`, idProperty: 'email', properties: { lastname: 'Up' } },
          { id: `d-${v}@example.com`, idProperty: 'email', properties: { lastname: 'New' } },
        ],
      });
      expect(upserted.status).toBe(200);
      expect(upserted.body.results.map((r: { new: boolean }) => r.new).sort()).toEqual([false, true]);
      const found = await call('POST', `/crm/objects/${v}/contacts/search`, {
        filterGroups: [{ filters: [{ propertyName: 'lastname', operator: 'EQ', value: 'Up' }] }],
      });
      expect(found.status).toBe(200);
      expect(found.body.total).toBe(1);
      expect(found.headers.get('x-hubspot-ratelimit-max')).toBeNull();

      const merged = await call('POST', `/crm/objects/${v}/contacts/merge`, {
        primaryObjectId: id,
        objectIdToMerge: c,
      });
      expect(merged.status).toBe(200);
      expect(merged.body.id).toBe(id);
      expect(
        (await call('POST', `/crm/objects/${v}/contacts/batch/archive`, { inputs: [{ id: b }] })).status,
      ).toBe(204);
      expect((await call('DELETE', `/crm/objects/${v}/contacts/${id}`)).status).toBe(204);
      const gdpr = await call('POST', `/crm/objects/${v}/contacts/gdpr-delete`, {
        objectId: `d-${v}@example.com`,
        idProperty: 'email',
      });
      expect(gdpr.status).toBe(204);
      expect((await call('GET', `/crm/objects/${v}/contacts`)).body.results).toHaveLength(0);
    },
  );

  it('associations: per-record under /crm/objects/{v}, batch and labels under /crm/associations/{v}', async () => {
    const v = '2026-03';
    const contact = await create(v, 'contacts', { email: 'assoc@example.com' });
    const company = await create(v, 'companies', { name: 'Acme' });
    const other = await create(v, 'companies', { name: 'Other' });

    const def = await call(
      'PUT',
      `/crm/objects/${v}/contacts/${contact}/associations/default/companies/${company}`,
    );
    expect(def.status).toBe(200);
    expect(def.body.results).toContainEqual({
      from: { id: contact },
      to: { id: company },
      associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 },
    });
    // 2026-03: the labelled PUT answers the label pair, not wrapped, with string ids.
    const labelled = await call(
      'PUT',
      `/crm/objects/${v}/contacts/${contact}/associations/companies/${other}`,
      [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 }],
    );
    expect(labelled.status).toBe(201);
    expect(labelled.body).toEqual({
      fromObjectTypeId: '0-1',
      fromObjectId: contact,
      toObjectTypeId: '0-2',
      toObjectId: other,
      labels: ['Primary'],
    });
    const listed = await call('GET', `/crm/objects/${v}/contacts/${contact}/associations/companies`);
    expect(listed.status).toBe(200);
    expect(listed.body.results.map((r: { toObjectId: unknown }) => r.toObjectId)).toEqual([company, other]);

    const batchRead = await call('POST', `/crm/associations/${v}/contacts/companies/batch/read`, {
      inputs: [{ id: contact }],
    });
    expect(batchRead.status).toBe(200);
    expect(typeof batchRead.body.results[0].to[0].toObjectId).toBe('string');
    const created = await call('POST', `/crm/associations/${v}/deals/companies/batch/create`, {
      inputs: [
        {
          from: { id: await create(v, 'deals', { dealname: 'D' }) },
          to: { id: company },
          types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 341 }],
        },
      ],
    });
    expect(created.status).toBe(201);
    expect(typeof created.body.results[0].fromObjectId).toBe('string');
    const assocDefault = await call(
      'POST',
      `/crm/associations/${v}/contacts/companies/batch/associate/default`,
      {
        inputs: [{ from: { id: contact }, to: { id: company } }],
      },
    );
    expect(assocDefault.status).toBe(200);

    const label = await call('POST', `/crm/associations/${v}/contacts/companies/labels`, {
      label: 'Buyer',
      name: 'buyer',
    });
    expect(label.status).toBe(200);
    const typeId = label.body.results[0].typeId;
    expect(
      (
        await call('PUT', `/crm/associations/${v}/contacts/companies/labels`, {
          associationTypeId: typeId,
          label: 'Chief buyer',
        })
      ).status,
    ).toBe(204);
    const labels = await call('GET', `/crm/associations/${v}/contacts/companies/labels`);
    expect(labels.body.results).toContainEqual({ category: 'USER_DEFINED', typeId, label: 'Chief buyer' });
    expect((await call('DELETE', `/crm/associations/${v}/contacts/companies/labels/${typeId}`)).status).toBe(
      204,
    );

    // 2026-03 archive calls answer 200 with a batch body; v4 answers 204.
    const archived = await call('POST', `/crm/associations/${v}/contacts/companies/batch/archive`, {
      inputs: [{ from: { id: contact }, to: [{ id: other }] }],
    });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ status: 'COMPLETE', results: [] });
    const labelsArchived = await call(
      'POST',
      `/crm/associations/${v}/contacts/companies/batch/labels/archive`,
      {
        inputs: [
          {
            from: { id: contact },
            to: { id: company },
            types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }],
          },
        ],
      },
    );
    expect(labelsArchived.status).toBe(200);
    expect(
      (await call('DELETE', `/crm/objects/${v}/contacts/${contact}/associations/companies/${company}`))
        .status,
    ).toBe(204);
    expect(
      (await call('GET', `/crm/objects/${v}/contacts/${contact}/associations/companies`)).body.results,
    ).toEqual([]);
  });

  it('v4 keeps numeric association ids and 204 archives', async () => {
    const contact = await create('2026-03', 'contacts', { email: 'v4@example.com' });
    const company = await create('2026-03', 'companies', { name: 'V4' });
    const labelled = await call(
      'PUT',
      `/crm/v4/objects/contacts/${contact}/associations/companies/${company}`,
      [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }],
    );
    expect(labelled.body.fromObjectId).toBe(Number(contact));
    expect(labelled.body.toObjectId).toBe(Number(company));
    const listed = await call('GET', `/crm/v4/objects/contacts/${contact}/associations/companies`);
    expect(listed.body.results[0].toObjectId).toBe(Number(company));
    const archived = await call('POST', '/crm/v4/associations/contacts/companies/batch/archive', {
      inputs: [{ from: { id: contact }, to: [{ id: company }] }],
    });
    expect(archived.status).toBe(204);
  });

  it('lists, properties, schemas, owners, pipelines and account info on dated paths', async () => {
    const v = '2026-09';
    const ids = [
      await create(v, 'contacts', { email: 'l1@example.com' }),
      await create(v, 'contacts', { email: 'l2@example.com' }),
    ];
    const list = await call('POST', `/crm/lists/${v}`, {
      name: 'Dated',
      objectTypeId: '0-1',
      processingType: 'MANUAL',
    });
    expect(list.status).toBe(200);
    const listId = list.body.list.listId;
    expect(
      (await call('PUT', `/crm/lists/${v}/${listId}/memberships/add`, ids)).body.recordsIdsAdded,
    ).toEqual(ids);
    expect((await call('GET', `/crm/lists/${v}/${listId}/memberships`)).body.results).toHaveLength(2);
    expect((await call('GET', `/crm/lists/${v}/object-type-id/0-1/name/Dated`)).body.list.listId).toBe(
      listId,
    );
    const both = await call('PUT', `/crm/lists/${v}/${listId}/memberships/add-and-remove`, {
      recordIdsToAdd: [],
      recordIdsToRemove: [ids[0]],
    });
    expect(both.body.recordIdsRemoved).toEqual([ids[0]]);
    expect((await call('DELETE', `/crm/lists/${v}/${listId}`)).status).toBe(204);

    const prop = await call('POST', `/crm/properties/${v}/contacts`, {
      name: 'user_id',
      label: 'User id',
      type: 'string',
      fieldType: 'text',
      groupName: 'contactinformation',
      hasUniqueValue: true,
    });
    expect(prop.status).toBe(201);
    expect((await call('GET', `/crm/properties/${v}/contacts/user_id`)).body.hasUniqueValue).toBe(true);
    expect((await call('GET', `/crm/properties/${v}/contacts`)).body.results.length).toBeGreaterThan(5);
    expect((await call('GET', `/crm/properties/${v}/contacts/groups`)).status).toBe(200);

    const schema = await call('POST', `/crm-object-schemas/${v}/schemas`, {
      name: 'machine',
      labels: { singular: 'Machine', plural: 'Machines' },
      primaryDisplayProperty: 'serial',
      properties: [{ name: 'serial', label: 'Serial', type: 'string', fieldType: 'text' }],
      associatedObjects: ['0-1'],
    });
    expect(schema.status).toBe(201);
    expect((await call('GET', `/crm-object-schemas/${v}/schemas`)).body.results).toHaveLength(1);
    expect((await call('GET', `/crm-object-schemas/${v}/schemas/machine`)).body.objectTypeId).toBe(
      schema.body.objectTypeId,
    );
    const machine = await create(v, schema.body.objectTypeId, { serial: 'X-1' });
    expect((await call('GET', `/crm/objects/${v}/machine/${machine}`)).status).toBe(200);

    const owners = await call('GET', `/crm/owners/${v}`);
    expect(owners.status).toBe(200);
    expect(owners.body.results[0]).toMatchObject({ id: '10000001', userId: 1, archived: false });
    expect((await call('GET', `/crm/owners/${v}/10000001`)).body.email).toBe('owner@emulator.example');
    const pipelines = await call('GET', `/crm/pipelines/${v}/deals`);
    expect(pipelines.body.results[0].id).toBe('default');
    expect((await call('GET', `/crm/pipelines/${v}/deals/default/stages`)).body.results).toHaveLength(7);
    const details = await call('GET', `/account-info/${v}/details`);
    expect(details.body.portalId).toBe(1001);
    expect((await call('GET', `/account-info/${v}/api-usage/daily/private-apps`)).body.results[0].name).toBe(
      'api-calls-daily',
    );
  });

  it('an unknown version is an unknown path (404) while legacy paths keep answering', async () => {
    for (const path of [
      '/crm/objects/2025-09/contacts',
      '/crm/objects/2027-03/contacts',
      '/crm/objects/v3/contacts',
      '/crm/lists/2099-01/1',
      '/crm/owners/2024-01',
      '/account-info/2020-01/details',
      '/crm-object-schemas/2026-04/schemas',
    ]) {
      const res = await call('GET', path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.body.message).toContain('Unable to route');
    }
    const token = await fetch(`${emu.url}/oauth/2030-03/token`, { method: 'POST' });
    expect(token.status).toBe(404);
    for (const path of [
      '/crm/v3/objects/contacts',
      '/crm/v3/owners',
      '/crm/v3/pipelines/tickets',
      '/crm/v3/properties/deals',
      '/crm/v3/schemas',
      '/account-info/v3/details',
    ]) {
      expect({ path, status: (await call('GET', path)).status }).toEqual({ path, status: 200 });
    }
  });

  describe('2026-09 write validation', () => {
    it('enforces required-on-create and conditionally required properties only on 2026-09 paths', async () => {
      const missing = await call('POST', '/crm/objects/2026-09/deals', { properties: { amount: '10' } });
      expect(missing.status).toBe(400);
      expect(missing.body).toEqual({
        status: 'error',
        message: 'Error creating DEAL.  Some required properties were not set.',
        correlationId: missing.headers.get('x-hubspot-correlation-id'),
        category: 'VALIDATION_ERROR',
        context: { properties: ['dealname'] },
        errors: [
          {
            message: 'Property "dealname" is required when creating a deal.',
            code: 'MISSING_REQUIRED_PROPERTY',
            context: { propertyName: ['dealname'] },
          },
        ],
      });
      // The same writes pass on 2026-03 and legacy paths.
      expect(
        (await call('POST', '/crm/objects/2026-03/deals', { properties: { amount: '10' } })).status,
      ).toBe(201);
      expect((await call('POST', '/crm/v3/objects/deals', { properties: { amount: '10' } })).status).toBe(
        201,
      );

      const deal = await create('2026-09', 'deals', { dealname: 'Big' });
      const won = await call('PATCH', `/crm/objects/2026-09/deals/${deal}`, {
        properties: { dealstage: 'closedwon' },
      });
      expect(won.status).toBe(400);
      expect(won.body.message).toBe('Error updating DEAL.  Some required properties were not set.');
      expect(won.body.errors[0]).toMatchObject({
        code: 'MISSING_CONDITIONAL_REQUIRED_PROPERTY',
        context: { propertyName: ['closedate'], dealstage: ['closedwon'] },
      });
      expect(
        (
          await call('PATCH', `/crm/objects/2026-09/deals/${deal}`, {
            properties: { dealstage: 'closedwon', closedate: '2026-10-01T00:00:00Z' },
          })
        ).status,
      ).toBe(200);
      // Clearing the close date of a won deal is refused too; on 2026-03 it is not.
      expect(
        (await call('PATCH', `/crm/objects/2026-09/deals/${deal}`, { properties: { closedate: '' } })).status,
      ).toBe(400);
      expect(
        (await call('PATCH', `/crm/objects/2026-03/deals/${deal}`, { properties: { closedate: '' } })).status,
      ).toBe(200);
    });

    it('batch create/update fail per input with objectWriteTraceId (207), else as a whole; upsert per input', async () => {
      const perInput = await call('POST', '/crm/objects/2026-09/deals/batch/create', {
        inputs: [
          { objectWriteTraceId: 't1', properties: { dealname: 'Ok' } },
          { objectWriteTraceId: 't2', properties: { amount: '5' } },
        ],
      });
      expect(perInput.status).toBe(207);
      expect(perInput.body.results).toHaveLength(1);
      expect(perInput.body.results[0]).toMatchObject({
        objectWriteTraceId: 't1',
        properties: { dealname: 'Ok' },
      });
      expect(perInput.body.numErrors).toBe(1);
      expect(perInput.body.errors[0]).toMatchObject({
        status: 'error',
        category: 'VALIDATION_ERROR',
        context: { objectWriteTraceId: ['t2'], properties: ['dealname'] },
        errors: [{ code: 'MISSING_REQUIRED_PROPERTY' }],
      });

      const whole = await call('POST', '/crm/objects/2026-09/deals/batch/create', {
        inputs: [{ properties: { dealname: 'Ok' } }, { properties: { amount: '5' } }],
      });
      expect(whole.status).toBe(400);
      expect(whole.body.category).toBe('VALIDATION_ERROR');
      expect(emu.control.objects(1001, 'deals').filter((d) => d.properties.dealname === 'Ok')).toHaveLength(
        1,
      );
      expect(
        (
          await call('POST', '/crm/objects/2026-03/deals/batch/create', {
            inputs: [{ properties: { amount: '5' } }],
          })
        ).status,
      ).toBe(201);

      const deal = perInput.body.results[0].id;
      const update = await call('POST', '/crm/objects/2026-09/deals/batch/update', {
        inputs: [{ id: deal, objectWriteTraceId: 'u1', properties: { dealstage: 'closedwon' } }],
      });
      expect(update.status).toBe(207);
      expect(update.body.errors[0].context.objectWriteTraceId).toEqual(['u1']);
      expect(
        (
          await call('POST', '/crm/objects/2026-09/deals/batch/update', {
            inputs: [{ id: deal, properties: { dealstage: 'closedwon' } }],
          })
        ).status,
      ).toBe(400);

      await call('POST', '/crm/properties/2026-09/deals', {
        name: 'order_ref',
        label: 'Order',
        type: 'string',
        fieldType: 'text',
        groupName: 'dealinformation',
        hasUniqueValue: true,
      });
      const upsert = await call('POST', '/crm/objects/2026-09/deals/batch/upsert', {
        inputs: [
          { id: 'o-1', idProperty: 'order_ref', properties: { dealname: 'Order 1' } },
          { id: 'o-2', idProperty: 'order_ref', properties: { amount: '3' } },
        ],
      });
      expect(upsert.status).toBe(207);
      expect(upsert.body.results).toHaveLength(1);
      expect(upsert.body.errors[0]).toMatchObject({
        category: 'VALIDATION_ERROR',
        context: { ids: ['o-2'] },
      });
      const legacy = await call('POST', '/crm/v3/objects/deals/batch/upsert', {
        inputs: [{ id: 'o-3', idProperty: 'order_ref', properties: { amount: '3' } }],
      });
      expect(legacy.status).toBe(200);
    });
  });
});
