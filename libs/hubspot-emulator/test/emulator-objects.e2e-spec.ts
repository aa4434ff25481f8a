import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { ApiCall, apiClient } from '../testing/emulator-http';

const BIG = { maxPerWindow: 100_000, windowMs: 1000, daily: 10_000_000 };

describe('HubSpot emulator: objects v3, batch, properties', () => {
  let emu: EmulatorHandle;
  let call: ApiCall;

  beforeAll(async () => {
    emu = await startEmulator({
      port: 0,
      portals: [
        { portalId: 1001, tokens: ['tok-a'], limits: BIG },
        { portalId: 2002, tokens: ['tok-b'], limits: BIG },
      ],
    });
    call = apiClient(emu.url, 'tok-a');
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.control.reset());

  it('rejects missing and unknown tokens with HubSpot 401 bodies and a correlation id', async () => {
    for (const c of [apiClient(emu.url), apiClient(emu.url, 'nope')]) {
      const res = await c('GET', '/crm/v3/objects/contacts');
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
      expect(res.body.message).toContain('Authentication credentials not found');
      expect(res.headers.get('x-hubspot-correlation-id')).toBe(res.body.correlationId);
    }
  });

  it('creates (201), reads by id and idProperty, patches, archives (204), with string values and timestamps', async () => {
    const created = await call('POST', '/crm/v3/objects/contacts', {
      properties: { email: 'Ada@Example.com', firstname: 'Ada', associatedcompanyid: 42 },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body.properties).toMatchObject({
      email: 'ada@example.com',
      associatedcompanyid: '42',
      hs_object_id: id,
    });
    expect(created.body.properties.createdate).toBe(created.body.createdAt);

    const byEmail = await call('GET', '/crm/v3/objects/contacts/ADA@example.com?idProperty=email');
    expect(byEmail.status).toBe(200);
    expect(Object.keys(byEmail.body.properties).sort()).toEqual(
      ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'].sort(),
    );
    expect(byEmail.body.properties.lastname).toBeNull();

    await new Promise((r) => setTimeout(r, 5));
    const patched = await call('PATCH', `/crm/v3/objects/contacts/${id}`, {
      properties: { lastname: 'Lovelace', firstname: '' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.properties.lastname).toBe('Lovelace');
    expect(patched.body.properties.firstname).toBeUndefined();
    expect(Date.parse(patched.body.updatedAt)).toBeGreaterThan(Date.parse(patched.body.createdAt));
    expect(patched.body.properties.lastmodifieddate).toBe(patched.body.updatedAt);

    const some = await call(
      'GET',
      `/crm/v3/objects/contacts/${id}?properties=firstname,lastname,unknown_prop`,
    );
    expect(some.body.properties).toEqual({
      firstname: null,
      lastname: 'Lovelace',
      createdate: created.body.createdAt,
      hs_object_id: id,
      lastmodifieddate: patched.body.updatedAt,
    });

    expect((await call('DELETE', `/crm/v3/objects/contacts/${id}`)).status).toBe(204);
    const gone = await call('GET', `/crm/v3/objects/contacts/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.category).toBe('OBJECT_NOT_FOUND');
    expect((await call('GET', `/crm/v3/objects/contacts/${id}?archived=true`)).body.archived).toBe(true);
    // Deleting frees the email.
    expect(
      (await call('POST', '/crm/v3/objects/contacts', { properties: { email: 'ada@example.com' } })).status,
    ).toBe(201);
    // Companies use hs_lastmodifieddate.
    const company = await call('POST', '/crm/v3/objects/companies', {
      properties: { name: 'Acme', domain: 'acme.io' },
    });
    expect(company.body.properties.hs_lastmodifieddate).toBeDefined();
  });

  it('answers a duplicate email with the exact 409 and its Existing ID', async () => {
    const first = await call('POST', '/crm/v3/objects/contacts', {
      properties: { email: 'dup@example.com' },
    });
    const again = await call('POST', '/crm/v3/objects/contacts', {
      properties: { email: 'DUP@example.com' },
    });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      status: 'error',
      message: `Contact already exists. Existing ID: ${first.body.id}`,
      correlationId: again.headers.get('x-hubspot-correlation-id'),
      category: 'CONFLICT',
    });
    const batch = await call('POST', '/crm/v3/objects/contacts/batch/create', {
      inputs: [{ properties: { email: 'fresh@example.com' } }, { properties: { email: 'dup@example.com' } }],
    });
    expect(batch.status).toBe(409);
    expect(batch.body.message).toBe(`Contact already exists. Existing ID: ${first.body.id}`);
    const all = emu.control.objects(1001, 'contacts');
    expect(all.map((o) => o.properties.email)).toEqual(['dup@example.com']);
  });

  it('rejects unknown and read-only properties with VALIDATION_ERROR / PROPERTY_DOESNT_EXIST', async () => {
    const res = await call('POST', '/crm/v3/objects/contacts', {
      properties: { email: 'v@example.com', shoe_size: '9' },
    });
    expect(res.status).toBe(400);
    expect(res.body.category).toBe('VALIDATION_ERROR');
    expect(res.body.message).toMatch(/^Property values were not valid: \[/);
    const inner = JSON.parse(res.body.message.replace('Property values were not valid: ', ''));
    expect(inner[0]).toMatchObject({ isValid: false, error: 'PROPERTY_DOESNT_EXIST', name: 'shoe_size' });
    const ro = await call('POST', '/crm/v3/objects/companies', { properties: { hs_object_id: '5' } });
    expect(ro.status).toBe(400);
    expect(ro.body.message).toContain('READ_ONLY_VALUE');
    expect(emu.control.objects(1001, 'contacts')).toHaveLength(0);
  });

  it('lists with limit and after paging, archived separately', async () => {
    const created = await call('POST', '/crm/v3/objects/deals/batch/create', {
      inputs: Array.from({ length: 25 }, (_, i) => ({ properties: { dealname: `D${i}`, amount: i } })),
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('COMPLETE');
    const ids: string[] = [];
    let after: string | undefined;
    do {
      const page = await call('GET', `/crm/v3/objects/deals?limit=10${after ? `&after=${after}` : ''}`);
      ids.push(...page.body.results.map((r: { id: string }) => r.id));
      after = page.body.paging?.next?.after;
    } while (after);
    expect(ids).toEqual(created.body.results.map((r: { id: string }) => r.id));
    await call('DELETE', `/crm/v3/objects/deals/${ids[0]}`);
    const archived = await call('GET', '/crm/v3/objects/deals?archived=true');
    expect(archived.body.results.map((r: { id: string }) => r.id)).toEqual([ids[0]]);
  });

  it('answers batch/read with some ids missing as a 207 and caps batches at 100 inputs', async () => {
    const a = await call('POST', '/crm/v3/objects/contacts', { properties: { email: 'r1@example.com' } });
    const res = await call('POST', '/crm/v3/objects/contacts/batch/read', {
      inputs: [{ id: a.body.id }, { id: '999999' }],
      properties: ['email'],
    });
    expect(res.status).toBe(207);
    expect(res.body.results).toHaveLength(1);
    expect(res.body.numErrors).toBe(1);
    expect(res.body.errors[0]).toMatchObject({
      status: 'error',
      category: 'OBJECT_NOT_FOUND',
      context: { ids: ['999999'] },
    });
    const byEmail = await call('POST', '/crm/v3/objects/contacts/batch/read', {
      idProperty: 'email',
      inputs: [{ id: 'R1@example.com' }],
      properties: ['email'],
    });
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.results[0].id).toBe(a.body.id);
    const tooMany = await call('POST', '/crm/v3/objects/contacts/batch/read', {
      inputs: Array.from({ length: 101 }, (_, i) => ({ id: String(i) })),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.category).toBe('VALIDATION_ERROR');
  });

  it('batch/upsert by email: new flags, a 207 with mixed results, and duplicates in one batch rejected', async () => {
    const existing = await call('POST', '/crm/v3/objects/contacts', {
      properties: { email: 'old@example.com' },
    });
    const res = await call('POST', '/crm/v3/objects/contacts/batch/upsert', {
      inputs: [
        { id: 'old@example.com', idProperty: 'email', properties: { firstname: 'Old' } },
        { id: 'new@example.com', idProperty: 'email', properties: { firstname: 'New' } },
        { id: 'bad@example.com', idProperty: 'email', properties: { nope: 'x' } },
      ],
    });
    expect(res.status).toBe(207);
    expect(res.body.results).toHaveLength(2);
    const [old, fresh] = res.body.results;
    expect(old).toMatchObject({ id: existing.body.id, new: false, properties: { firstname: 'Old' } });
    expect(fresh).toMatchObject({ new: true, properties: { email: 'new@example.com', firstname: 'New' } });
    expect(res.body.errors[0]).toMatchObject({
      category: 'VALIDATION_ERROR',
      context: { ids: ['bad@example.com'] },
    });
    const dup = await call('POST', '/crm/v3/objects/contacts/batch/upsert', {
      inputs: [
        { id: 'x@example.com', idProperty: 'email', properties: {} },
        { id: 'X@example.com', idProperty: 'email', properties: {} },
      ],
    });
    expect(dup.status).toBe(400);
    expect(dup.body.message).toContain('Duplicate IDs');
  });

  it('batch/update takes record ids only (email fails) and reports missing ids in a 207', async () => {
    const a = await call('POST', '/crm/v3/objects/contacts', { properties: { email: 'u@example.com' } });
    const byEmail = await call('POST', '/crm/v3/objects/contacts/batch/update', {
      inputs: [{ id: 'u@example.com', idProperty: 'email', properties: { firstname: 'U' } }],
    });
    expect(byEmail.status).toBe(400);
    expect(byEmail.body.message).toContain('Unable to perform update/upsert by non-unique 0-1 property');
    const res = await call('POST', '/crm/v3/objects/contacts/batch/update', {
      inputs: [
        { id: a.body.id, properties: { firstname: 'U' } },
        { id: '424242', properties: { firstname: 'Z' } },
      ],
    });
    expect(res.status).toBe(207);
    expect(res.body.results[0].properties.firstname).toBe('U');
    expect(res.body.errors[0].context.ids).toEqual(['424242']);
    expect(
      (await call('POST', '/crm/v3/objects/contacts/batch/archive', { inputs: [{ id: a.body.id }] })).status,
    ).toBe(204);
  });

  it('creates a unique-value property and upserts companies by it; companies are not deduplicated by domain', async () => {
    const prop = await call('POST', '/crm/v3/properties/companies', {
      name: 'domain_key',
      label: 'Domain key',
      type: 'string',
      fieldType: 'text',
      groupName: 'companyinformation',
      hasUniqueValue: true,
    });
    expect(prop.status).toBe(201);
    expect(prop.body).toMatchObject({ name: 'domain_key', hasUniqueValue: true });
    expect((await call('POST', '/crm/v3/properties/companies', prop.body)).status).toBe(409);
    const listed = await call('GET', '/crm/v3/properties/companies');
    expect(listed.body.results.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['name', 'domain', 'domain_key']),
    );

    const twice = [1, 2].map(() =>
      call('POST', '/crm/v3/objects/companies', { properties: { name: 'Acme', domain: 'acme.io' } }),
    );
    expect((await Promise.all(twice)).map((r) => r.status)).toEqual([201, 201]);

    const up = await call('POST', '/crm/v3/objects/companies/batch/upsert', {
      inputs: [{ id: 'acme.io', idProperty: 'domain_key', properties: { name: 'Acme', domain: 'acme.io' } }],
    });
    expect(up.body.results[0].new).toBe(true);
    const again = await call('POST', '/crm/v3/objects/companies/batch/upsert', {
      inputs: [{ id: 'acme.io', idProperty: 'domain_key', properties: { name: 'Acme Inc' } }],
    });
    expect(again.body.results[0]).toMatchObject({ id: up.body.results[0].id, new: false });
    const read = await call('GET', '/crm/v3/objects/companies/acme.io?idProperty=domain_key&properties=name');
    expect(read.body.properties.name).toBe('Acme Inc');
    const clash = await call('POST', '/crm/v3/objects/companies', { properties: { domain_key: 'acme.io' } });
    expect(clash.status).toBe(409);
    expect(clash.body.message).toContain(`Existing ID: ${up.body.results[0].id}`);
    const nonUnique = await call('GET', '/crm/v3/objects/companies/Acme?idProperty=name');
    expect(nonUnique.status).toBe(400);
  });

  it('keeps portals apart and lets the control API edit behind the integration back', async () => {
    await call('POST', '/crm/v3/objects/contacts', { properties: { email: 'p1@example.com' } });
    const other = apiClient(emu.url, 'tok-b');
    expect((await other('GET', '/crm/v3/objects/contacts')).body.results).toEqual([]);
    const ctl = apiClient(emu.url);
    const [obj] = (await ctl('GET', '/__emulator/objects/1001/contacts')).body;
    const patched = await ctl('PATCH', `/__emulator/objects/1001/contacts/${obj.id}`, {
      properties: { firstname: 'Changed' },
    });
    expect(patched.status).toBe(200);
    expect((await call('GET', `/crm/v3/objects/contacts/${obj.id}`)).body.properties.firstname).toBe(
      'Changed',
    );
    expect((await ctl('DELETE', `/__emulator/objects/1001/contacts/${obj.id}`)).status).toBe(204);
    expect((await ctl('GET', '/__emulator/objects/1001/contacts')).body[0].archived).toBe(true);
    const stats = await ctl('GET', '/__emulator/stats');
    expect(stats.body.requests['POST /crm/v3/objects/:objectType']).toEqual({ '201': 1 });
    expect(stats.body.requests['GET /crm/v3/objects/:objectType/:objectId']).toEqual({ '200': 1 });
  });
});
