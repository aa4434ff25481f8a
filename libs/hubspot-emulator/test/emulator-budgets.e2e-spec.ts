import { Agent } from 'undici';
import { EmulatorHandle, resolveLimits, startEmulator } from '@app/hubspot-emulator';
import { apiClient } from '../testing/emulator-http';

/** Associations budget (both readings) and HubSpot's current limit profiles. */
describe('HubSpot emulator: associations budget and limit profiles', () => {
  let emu: EmulatorHandle;

  beforeAll(async () => {
    emu = await startEmulator({
      port: 0,
      portals: [
        // Safe reading (the default): associations count against the general window too.
        { portalId: 1001, tokens: ['tok-safe'], limits: { maxPerWindow: 100, windowMs: 10_000 } },
        {
          portalId: 1002,
          tokens: ['tok-separate'],
          limits: { maxPerWindow: 100, windowMs: 10_000, associationsCountAgainstGeneral: false },
        },
        {
          portalId: 1003,
          tokens: ['tok-small-assoc'],
          limits: { maxPerWindow: 100, windowMs: 10_000, associationsMaxPerWindow: 3 },
        },
        { portalId: 2001, tokens: ['tok-pro'], limits: { profile: 'professional' } },
        { portalId: 2002, tokens: ['tok-ent'], limits: { profile: 'enterprise' } },
        { portalId: 2003, tokens: ['tok-inc'], limits: { profile: 'professional', apiLimitIncreases: 2 } },
        {
          portalId: 2004,
          tokens: [{ token: 'tok-svc', kind: 'service-key' }],
          limits: { profile: 'starter' },
        },
        { portalId: 2005, tokens: ['tok-oauth-profile'], limits: { profile: 'oauth-app' } },
      ],
    });
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.control.reset());

  /** 100 general and 50 association calls fired together. */
  async function burst(token: string) {
    const agent = new Agent({ connections: 150 });
    const paths = [
      ...Array.from({ length: 100 }, () => '/crm/v3/objects/contacts?limit=1'),
      ...Array.from({ length: 50 }, (_, i) =>
        i % 2
          ? '/crm/v4/objects/contacts/1/associations/companies'
          : '/crm/objects/2026-03/contacts/1/associations/companies',
      ),
    ];
    const responses = await Promise.all(
      paths.map((path) =>
        fetch(`${emu.url}${path}`, {
          headers: { authorization: `Bearer ${token}` },
          // @ts-expect-error undici dispatcher option of Node's fetch
          dispatcher: agent,
        }).then(async (r) => ({
          path,
          status: r.status,
          max: r.headers.get('x-hubspot-ratelimit-max'),
          body: (await r.json()) as Record<string, unknown>,
        })),
      ),
    );
    await agent.close();
    return responses;
  }

  it('safe reading (default): general and association calls together never exceed Max in a window', async () => {
    const responses = await burst('tok-safe');
    const served = responses.filter((r) => r.status !== 429);
    expect(served).toHaveLength(100);
    expect(emu.control.stats().maxInAnyWindow['1001']).toBe(100);
    expect(emu.control.stats().rateLimited.TEN_SECONDLY_ROLLING).toBe(50);
    // Association answers report the general window.
    for (const r of responses.filter((x) => x.path.includes('associations'))) expect(r.max).toBe('100');
    for (const r of responses.filter((x) => x.status === 429)) {
      expect(r.body).toMatchObject({ policyName: 'TEN_SECONDLY_ROLLING', errorType: 'RATE_LIMIT' });
    }
  });

  it('separate budgets (associationsCountAgainstGeneral: false): both windows fill independently', async () => {
    const responses = await burst('tok-separate');
    expect(responses.filter((r) => r.status === 429)).toHaveLength(0);
    expect(emu.control.stats().maxInAnyWindow['1002']).toBe(100);
  });

  it('safe reading: a full associations window refuses with the associations policy group, general headers', async () => {
    const call = apiClient(emu.url, 'tok-small-assoc');
    const res = [];
    for (let i = 0; i < 5; i++)
      res.push(await call('GET', '/crm/v4/objects/contacts/1/associations/companies'));
    expect(res.map((r) => r.status)).toEqual([404, 404, 404, 429, 429]);
    expect(res[3].body).toMatchObject({
      policyName: 'TEN_SECONDLY_ROLLING',
      groupName: expect.stringMatching(/^publicapi:associations-ten-secondly-rolling:/),
    });
    expect(res[0].headers.get('x-hubspot-ratelimit-max')).toBe('100');
    expect(res[2].headers.get('x-hubspot-ratelimit-remaining')).toBe('97');
    // The three association calls took general slots as well.
    const plain = await call('GET', '/crm/v3/objects/contacts');
    expect(plain.headers.get('x-hubspot-ratelimit-remaining')).toBe('96');
  });

  it("follows HubSpot's limit tables", async () => {
    const cases: Array<[string, string, string]> = [
      ['tok-pro', '190', '625000'],
      ['tok-ent', '190', '1000000'],
      ['tok-inc', '250', '2625000'],
      ['tok-svc', '100', '250000'],
      ['tok-oauth-profile', '110', '250000'],
    ];
    for (const [token, max, daily] of cases) {
      const res = await apiClient(emu.url, token)('GET', '/crm/v3/objects/contacts');
      expect({
        token,
        max: res.headers.get('x-hubspot-ratelimit-max'),
        daily: res.headers.get('x-hubspot-ratelimit-daily'),
      }).toEqual({ token, max, daily });
    }
    expect(resolveLimits({ profile: 'free' })).toMatchObject({
      maxPerWindow: 100,
      daily: 250_000,
      associationsMaxPerWindow: 100,
    });
    expect(resolveLimits({ profile: 'starter', apiLimitIncreases: 1 })).toMatchObject({
      maxPerWindow: 250,
      daily: 1_250_000,
      associationsMaxPerWindow: 200,
      associationsCountAgainstGeneral: true,
    });
    expect(resolveLimits({ profile: 'api-limit-increase' })).toMatchObject({
      maxPerWindow: 250,
      daily: 1_250_000,
    });
    expect(resolveLimits({ profile: 'legacy-150' })).toMatchObject({ maxPerWindow: 150, daily: 500_000 });
    expect(() => resolveLimits({ apiLimitIncreases: 3 })).toThrow('apiLimitIncreases');
  });
});
