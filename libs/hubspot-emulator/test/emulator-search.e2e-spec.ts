import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { ApiCall, apiClient } from '../testing/emulator-http';

describe('HubSpot emulator: search', () => {
  let emu: EmulatorHandle;
  let call: ApiCall;

  beforeAll(async () => {
    emu = await startEmulator({
      port: 0,
      portals: [
        {
          portalId: 1001,
          tokens: ['tok-a'],
          limits: { maxPerWindow: 100_000, windowMs: 1000, searchPerSecond: 1000 },
        },
      ],
    });
    call = apiClient(emu.url, 'tok-a');
  });
  afterAll(() => emu.stop());
  beforeEach(() => {
    emu.control.reset();
    emu.control.setSearchIndexDelay(0);
  });

  const search = (body: unknown, type = 'contacts') => call('POST', `/crm/v3/objects/${type}/search`, body);

  async function seed(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i += 100) {
      const inputs = Array.from({ length: Math.min(100, n - i) }, (_, k) => ({
        properties: {
          email: `user${i + k}@example.com`,
          firstname: (i + k) % 2 ? 'Odd' : 'Even',
          associatedcompanyid: i + k,
        },
      }));
      const res = await call('POST', '/crm/v3/objects/contacts/batch/create', { inputs });
      ids.push(...res.body.results.map((r: { id: string }) => r.id));
    }
    return ids;
  }

  it('filters with operators (groups OR, filters AND), sorts in both forms and pages with after', async () => {
    await seed(30);
    const eq = await search({
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'USER3@example.com' }] }],
    });
    expect(eq.status).toBe(200);
    expect(eq.body.total).toBe(1);
    expect(eq.body.results[0].properties.email).toBe('user3@example.com');
    expect(eq.headers.get('x-hubspot-ratelimit-max')).toBeNull();
    expect(eq.headers.get('x-hubspot-ratelimit-remaining')).toBeNull();
    expect(eq.headers.get('x-hubspot-correlation-id')).toBeTruthy();

    const between = await search({
      filterGroups: [
        {
          filters: [
            { propertyName: 'associatedcompanyid', operator: 'BETWEEN', value: '10', highValue: '12' },
          ],
        },
        {
          filters: [
            { propertyName: 'associatedcompanyid', operator: 'GTE', value: '28' },
            { propertyName: 'firstname', operator: 'EQ', value: 'even' },
          ],
        },
      ],
      sorts: [{ propertyName: 'associatedcompanyid', direction: 'DESCENDING' }],
      properties: ['associatedcompanyid'],
    });
    expect(
      between.body.results.map(
        (r: { properties: { associatedcompanyid: string } }) => r.properties.associatedcompanyid,
      ),
    ).toEqual(['28', '12', '11', '10']);

    const asString = await search({
      sorts: ['-associatedcompanyid'],
      limit: 2,
      properties: ['associatedcompanyid'],
    });
    expect(
      asString.body.results.map(
        (r: { properties: { associatedcompanyid: string } }) => r.properties.associatedcompanyid,
      ),
    ).toEqual(['29', '28']);

    const inOp = await search({
      filterGroups: [
        { filters: [{ propertyName: 'associatedcompanyid', operator: 'IN', values: ['1', '2', '99'] }] },
      ],
    });
    expect(inOp.body.total).toBe(2);
    const has = await search({
      filterGroups: [{ filters: [{ propertyName: 'lastname', operator: 'NOT_HAS_PROPERTY' }] }],
    });
    expect(has.body.total).toBe(30);
    const token = await search({
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'CONTAINS_TOKEN', value: 'user2*' }] }],
    });
    expect(token.body.total).toBe(11);
    const neq = await search({
      filterGroups: [{ filters: [{ propertyName: 'firstname', operator: 'NEQ', value: 'Odd' }] }],
    });
    expect(neq.body.total).toBe(15);

    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await search({ limit: 7, after, sorts: ['hs_object_id'] });
      seen.push(...page.body.results.map((r: { id: string }) => r.id));
      after = page.body.paging?.next?.after;
    } while (after);
    expect(new Set(seen).size).toBe(30);
  });

  it('validates limits: filter counts, page size and the 10,000 result cap', async () => {
    const f = { propertyName: 'email', operator: 'HAS_PROPERTY' };
    expect((await search({ filterGroups: Array.from({ length: 6 }, () => ({ filters: [f] })) })).status).toBe(
      400,
    );
    expect((await search({ filterGroups: [{ filters: Array.from({ length: 7 }, () => f) }] })).status).toBe(
      400,
    );
    expect(
      (
        await search({
          filterGroups: Array.from({ length: 4 }, () => ({ filters: Array.from({ length: 5 }, () => f) })),
        })
      ).status,
    ).toBe(400);
    expect((await search({ limit: 201 })).status).toBe(400);
    const past = await search({ limit: 100, after: '9950' });
    expect(past.status).toBe(400);
    expect(past.body.category).toBe('VALIDATION_ERROR');
    expect((await search({ limit: 50, after: '9950' })).status).toBe(200);
  });

  it('stops paging at 10,000 results even when more match', async () => {
    await seed(10_050);
    const last = await search({ limit: 200, after: '9800' });
    expect(last.body.total).toBe(10_050);
    expect(last.body.results).toHaveLength(200);
    expect(last.body.paging).toBeUndefined();
  }, 30_000);

  it('is eventually consistent with a configurable indexing delay', async () => {
    emu.control.setSearchIndexDelay(1000);
    const created = await call('POST', '/crm/v3/objects/contacts', {
      properties: { email: 'late@example.com', firstname: 'Before' },
    });
    const q = {
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'late@example.com' }] }],
      properties: ['firstname'],
    };
    expect((await search(q)).body.total).toBe(0);
    expect((await call('GET', `/crm/v3/objects/contacts/${created.body.id}`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1050));
    expect((await search(q)).body.results[0].properties.firstname).toBe('Before');
    await call('PATCH', `/crm/v3/objects/contacts/${created.body.id}`, {
      properties: { firstname: 'After' },
    });
    expect((await search(q)).body.results[0].properties.firstname).toBe('Before');
    await new Promise((r) => setTimeout(r, 1050));
    expect((await search(q)).body.results[0].properties.firstname).toBe('After');
  });

  it('has its own 5 per second SECONDLY limit and 429 body, without rate-limit headers', async () => {
    await emu.control.portals({
      portalId: 1002,
      tokens: ['tok-s'],
      limits: { maxPerWindow: 100, windowMs: 10_000 },
    });
    const s = apiClient(emu.url, 'tok-s');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => s('POST', '/crm/v3/objects/contacts/search', {})),
    );
    const limited = results.filter((r) => r.status === 429);
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    expect(limited).toHaveLength(3);
    expect(limited[0].body).toEqual({
      status: 'error',
      message: 'You have reached your secondly limit.',
      errorType: 'RATE_LIMIT',
      correlationId: limited[0].headers.get('x-hubspot-correlation-id'),
      policyName: 'SECONDLY',
      groupName: expect.any(String),
    });
    expect(limited[0].headers.get('x-hubspot-ratelimit-remaining')).toBeNull();
    // Search does not use the ten-secondly bucket.
    const plain = await s('GET', '/crm/v3/objects/contacts');
    expect(plain.headers.get('x-hubspot-ratelimit-remaining')).toBe('99');
    expect(emu.control.stats().rateLimited.SECONDLY).toBe(3);
  });
});
