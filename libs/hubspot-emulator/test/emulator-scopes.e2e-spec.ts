import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { apiClient } from '../testing/emulator-http';

const LIMITS = {
  maxPerWindow: 100_000,
  windowMs: 1000,
  associationsMaxPerWindow: 100_000,
  searchPerSecond: 1000,
};

/** Scopes: tokens with configured scopes are held to them; tokens without keep full access. */
describe('HubSpot emulator: scopes', () => {
  let emu: EmulatorHandle;

  beforeAll(async () => {
    emu = await startEmulator({
      port: 0,
      portals: [
        {
          portalId: 1001,
          limits: LIMITS,
          tokens: [
            'tok-full',
            { token: 'tok-contacts-read', scopes: ['crm.objects.contacts.read'] },
            {
              token: 'tok-contacts-rw',
              kind: 'static-auth',
              scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write'],
            },
            {
              token: 'tok-crm',
              kind: 'service-key',
              scopes: [
                'crm.objects.contacts.read',
                'crm.objects.contacts.write',
                'crm.objects.companies.read',
                'crm.lists.read',
                'crm.objects.owners.read',
                'crm.schemas.contacts.read',
              ],
            },
          ],
        },
      ],
    });
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.control.reset());

  const as = (token: string) => apiClient(emu.url, token);

  it('answers 403 MISSING_SCOPES naming the missing scope', async () => {
    const res = await as('tok-contacts-read')('POST', '/crm/v3/objects/contacts', {
      properties: { email: 'x@example.com' },
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      status: 'error',
      message:
        "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
      correlationId: res.headers.get('x-hubspot-correlation-id'),
      errors: [
        {
          message: 'One or more of the following scopes are required.',
          context: { requiredGranularScopes: ['crm.objects.contacts.write'] },
        },
      ],
      links: { scopes: 'https://developers.hubspot.com/scopes' },
      category: 'MISSING_SCOPES',
    });
    expect(res.headers.get('x-hubspot-ratelimit-max')).not.toBeNull();
    expect(emu.control.objects(1001, 'contacts')).toHaveLength(0);
    expect((await as('tok-contacts-read')('GET', '/crm/v3/objects/contacts')).status).toBe(200);
    expect(
      (await as('tok-contacts-read')('GET', '/crm/objects/2026-03/companies')).body.errors[0].context,
    ).toEqual({
      requiredGranularScopes: ['crm.objects.companies.read'],
    });
  });

  it('leaves tokens without configured scopes unrestricted', async () => {
    const full = as('tok-full');
    expect((await full('POST', '/crm/v3/objects/deals', { properties: { dealname: 'D' } })).status).toBe(201);
    expect((await full('GET', '/crm/v3/owners')).status).toBe(200);
    expect(
      (await full('POST', '/crm/v3/lists', { name: 'L', objectTypeId: '0-1', processingType: 'MANUAL' }))
        .status,
    ).toBe(200);
    expect(
      (
        await full('POST', '/crm/v3/properties/contacts', {
          name: 'x_id',
          label: 'X',
          type: 'string',
          fieldType: 'text',
          groupName: 'contactinformation',
        })
      ).status,
    ).toBe(201);
  });

  it('batch writes need the write scope; batch reads and search the read scope', async () => {
    const read = as('tok-contacts-read');
    const rw = as('tok-contacts-rw');
    for (const op of ['create', 'update', 'upsert', 'archive']) {
      const res = await read('POST', `/crm/v3/objects/contacts/batch/${op}`, { inputs: [] });
      expect({ op, status: res.status }).toEqual({ op, status: 403 });
      expect(res.body.errors[0].context.requiredGranularScopes).toEqual(['crm.objects.contacts.write']);
    }
    expect((await read('POST', '/crm/v3/objects/contacts/batch/read', { inputs: [] })).status).toBe(200);
    expect((await read('POST', '/crm/objects/2026-09/contacts/search', {})).status).toBe(200);
    const created = await rw('POST', '/crm/objects/2026-09/contacts/batch/create', {
      inputs: [{ properties: { email: 'rw@example.com' } }],
    });
    expect(created.status).toBe(201);
    // Engagements use the contact scopes.
    expect(
      (await rw('POST', '/crm/v3/objects/notes', { properties: { hs_timestamp: '2026-01-01T00:00:00Z' } }))
        .status,
    ).toBe(201);
    expect((await rw('POST', '/crm/v3/objects/emails/batch/read', { inputs: [] })).status).toBe(200);
    expect(
      (await rw('GET', '/crm/v3/objects/tickets')).body.errors[0].context.requiredGranularScopes,
    ).toEqual(['tickets']);
    expect(
      (await rw('GET', '/crm/v3/objects/line_items')).body.errors[0].context.requiredGranularScopes,
    ).toEqual(['crm.objects.line_items.read', 'e-commerce']);
  });

  it('associations need the scopes of both object types', async () => {
    const full = as('tok-full');
    const contact = (
      await full('POST', '/crm/v3/objects/contacts', { properties: { email: 'a@example.com' } })
    ).body.id;
    const company = (await full('POST', '/crm/v3/objects/companies', { properties: { name: 'Acme' } })).body
      .id;
    const crm = as('tok-crm');
    // Reads: contacts.read and companies.read are both granted.
    expect((await crm('GET', `/crm/v4/objects/contacts/${contact}/associations/companies`)).status).toBe(200);
    // Writes: companies.write is missing (contacts.write is there).
    const put = await crm(
      'PUT',
      `/crm/objects/2026-03/contacts/${contact}/associations/default/companies/${company}`,
    );
    expect(put.status).toBe(403);
    expect(put.body.errors).toEqual([
      {
        message: 'One or more of the following scopes are required.',
        context: { requiredGranularScopes: ['crm.objects.companies.write'] },
      },
    ]);
    const both = await as('tok-contacts-read')(
      'POST',
      '/crm/associations/2026-03/contacts/deals/batch/create',
      { inputs: [] },
    );
    expect(both.body.errors.map((e: { context: { requiredGranularScopes: string[] } }) => e.context)).toEqual(
      [
        { requiredGranularScopes: ['crm.objects.contacts.write'] },
        { requiredGranularScopes: ['crm.objects.deals.write'] },
      ],
    );
  });

  it('lists, owners, properties, schemas, pipelines and account info', async () => {
    const crm = as('tok-crm');
    expect((await crm('GET', '/crm/v3/owners')).status).toBe(200);
    expect((await as('tok-contacts-read')('GET', '/crm/owners/2026-03')).body.errors[0].context).toEqual({
      requiredGranularScopes: ['crm.objects.owners.read', 'automation'],
    });
    const list = await crm('POST', '/crm/lists/2026-03', {
      name: 'L',
      objectTypeId: '0-1',
      processingType: 'MANUAL',
    });
    expect(list.body.errors[0].context.requiredGranularScopes).toEqual(['crm.lists.write']);
    const listId = (
      await as('tok-full')('POST', '/crm/v3/lists', {
        name: 'L',
        objectTypeId: '0-1',
        processingType: 'MANUAL',
      })
    ).body.list.listId;
    expect((await crm('GET', `/crm/v3/lists/${listId}`)).status).toBe(200);
    // Membership changes need crm.lists.read and crm.lists.write.
    const add = await crm('PUT', `/crm/v3/lists/${listId}/memberships/add`, []);
    expect(add.status).toBe(403);
    expect(add.body.errors.map((e: { context: unknown }) => e.context)).toEqual([
      { requiredGranularScopes: ['crm.lists.write'] },
    ]);
    expect((await crm('GET', '/crm/properties/2026-03/contacts/email')).status).toBe(200);
    const propWrite = await crm('POST', '/crm/v3/properties/contacts', {
      name: 'y',
      label: 'Y',
      type: 'string',
      fieldType: 'text',
      groupName: 'contactinformation',
    });
    expect(propWrite.body.errors[0].context.requiredGranularScopes).toEqual(['crm.schemas.contacts.write']);
    expect(
      (await crm('GET', '/crm-object-schemas/2026-03/schemas')).body.errors[0].context.requiredGranularScopes,
    ).toEqual(['crm.schemas.custom.read', 'crm.objects.custom.read']);
    expect((await crm('GET', '/crm/pipelines/2026-03/deals')).status).toBe(403);
    expect((await crm('GET', '/account-info/2026-03/details')).status).toBe(200);
    expect((await as('tok-contacts-read')('GET', '/account-info/v3/details')).status).toBe(200);
  });

  it('holds OAuth tokens to their granted scopes (optional scopes granted when the app may request them)', async () => {
    const back = await fetch(
      `${emu.url}/oauth/authorize?client_id=emulator-client-id&redirect_uri=${encodeURIComponent('http://localhost/cb')}` +
        `&scope=${encodeURIComponent('oauth crm.objects.contacts.read')}&optional_scope=crm.lists.read`,
      { redirect: 'manual' },
    );
    const code = new URL(back.headers.get('location')!).searchParams.get('code')!;
    const tokens = await fetch(`${emu.url}/oauth/2026-03/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: 'http://localhost/cb',
        client_id: 'emulator-client-id',
        client_secret: 'emulator-client-secret',
      }),
    }).then((r) => r.json() as Promise<{ access_token: string; scopes: string[] }>);
    expect(tokens.scopes).toEqual(['oauth', 'crm.objects.contacts.read', 'crm.lists.read']);
    const oauth = as(tokens.access_token);
    expect((await oauth('GET', '/crm/v3/objects/contacts')).status).toBe(200);
    expect((await oauth('GET', '/crm/v3/lists/1')).status).toBe(404);
    const write = await oauth('POST', '/crm/v3/objects/contacts/batch/upsert', { inputs: [] });
    expect(write.status).toBe(403);
    expect(write.body.category).toBe('MISSING_SCOPES');
  });

  it('can be switched off for a whole emulator (enforceScopes: false)', async () => {
    const open = await startEmulator({
      port: 0,
      enforceScopes: false,
      portals: [{ portalId: 7, tokens: [{ token: 't', scopes: [] }] }],
    });
    try {
      expect(
        (await apiClient(open.url, 't')('POST', '/crm/v3/objects/companies', { properties: { name: 'N' } }))
          .status,
      ).toBe(201);
    } finally {
      await open.stop();
    }
  });
});
