import { Agent } from 'undici';
import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { apiClient } from '../testing/emulator-http';

describe('HubSpot emulator: rate limits, faults, control', () => {
  let emu: EmulatorHandle;

  beforeAll(async () => {
    emu = await startEmulator({
      port: 0,
      portals: [
        {
          portalId: 1001,
          tokens: ['tok-a'],
          limits: { maxPerWindow: 100, windowMs: 10_000, daily: 250_000 },
        },
        { portalId: 3003, tokens: ['tok-small'], limits: { maxPerWindow: 5, windowMs: 2000, daily: 8 } },
        { portalId: 4004, tokens: ['tok-faults'], limits: { maxPerWindow: 10_000, windowMs: 1000 } },
        {
          portalId: 5005,
          tokens: ['tok-retry'],
          limits: { maxPerWindow: 1, windowMs: 1500, retryAfter: true },
        },
      ],
    });
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.control.reset());

  it('150 requests at once against a 100/window portal: exactly 100 succeed, 50 get the TEN_SECONDLY_ROLLING 429', async () => {
    const agent = new Agent({ connections: 150 });
    const responses = await Promise.all(
      Array.from({ length: 150 }, () =>
        fetch(`${emu.url}/crm/v3/objects/contacts?limit=1`, {
          headers: { authorization: 'Bearer tok-a' },
          // @ts-expect-error undici dispatcher option of Node's fetch
          dispatcher: agent,
        }).then(async (r) => ({
          status: r.status,
          headers: r.headers,
          body: (await r.json()) as Record<string, unknown>,
        })),
      ),
    );
    await agent.close();
    const ok = responses.filter((r) => r.status === 200);
    const limited = responses.filter((r) => r.status === 429);
    expect(ok).toHaveLength(100);
    expect(limited).toHaveLength(50);
    const remaining = ok
      .map((r) => Number(r.headers.get('x-hubspot-ratelimit-remaining')))
      .sort((a, b) => a - b);
    expect(remaining).toEqual(Array.from({ length: 100 }, (_, i) => i));
    for (const r of limited) {
      expect(r.body).toEqual({
        status: 'error',
        message: 'You have reached your ten_secondly_rolling limit.',
        errorType: 'RATE_LIMIT',
        correlationId: r.headers.get('x-hubspot-correlation-id'),
        policyName: 'TEN_SECONDLY_ROLLING',
        groupName: expect.any(String),
      });
      expect(r.body.category).toBeUndefined();
      expect(r.headers.get('x-hubspot-ratelimit-max')).toBe('100');
      expect(r.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
      expect(r.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
      expect(r.headers.get('x-hubspot-ratelimit-daily')).toBe('250000');
      expect(r.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('249900');
      expect(r.headers.get('x-hubspot-ratelimit-secondly')).toBe('10');
      expect(r.headers.get('retry-after')).toBeNull();
    }
    const stats = emu.control.stats();
    expect(stats.rateLimited.TEN_SECONDLY_ROLLING).toBe(50);
    expect(stats.maxInAnyWindow['1001']).toBe(100);
    expect(stats.requests['GET /crm/v3/objects/:objectType']).toEqual({ '200': 100, '429': 50 });
  });

  it('rolls the window exactly and enforces the daily budget with its own 429', async () => {
    const call = apiClient(emu.url, 'tok-small');
    const first = await Promise.all(Array.from({ length: 6 }, () => call('GET', '/crm/v3/objects/contacts')));
    expect(first.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 429]);
    await new Promise((r) => setTimeout(r, 2100));
    const second = await Promise.all(
      Array.from({ length: 4 }, () => call('GET', '/crm/v3/objects/contacts')),
    );
    // 5 + 3 = 8 = the daily budget; the 4th is refused by DAILY even though the window has room.
    expect(second.map((r) => r.status).sort()).toEqual([200, 200, 200, 429]);
    const daily = second.find((r) => r.status === 429)!;
    expect(daily.body).toMatchObject({
      message: 'You have reached your daily limit.',
      errorType: 'RATE_LIMIT',
      policyName: 'DAILY',
    });
    expect(daily.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('0');
    expect(emu.control.stats().rateLimited).toMatchObject({ TEN_SECONDLY_ROLLING: 1, DAILY: 1 });
  });

  it('sends Retry-After on 429s when the portal asks for it', async () => {
    const call = apiClient(emu.url, 'tok-retry');
    expect((await call('GET', '/crm/v3/objects/contacts')).status).toBe(200);
    const limited = await call('GET', '/crm/v3/objects/contacts');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('injects status, latency, malformed bodies and dropped connections by path pattern, share and count', async () => {
    const call = apiClient(emu.url, 'tok-faults');
    const ctl = apiClient(emu.url);
    const added = await ctl('POST', '/__emulator/faults', [
      { pathPattern: '^/crm/v3/objects/deals', method: 'GET', status: 502, count: 2 },
      { pathPattern: '^/crm/v3/objects/companies$', share: 0.5, status: 503 },
      { pathPattern: '^/crm/v3/objects/tickets', malformed: true, count: 1 },
      { pathPattern: '^/crm/v3/objects/notes', drop: true, count: 1 },
      { pathPattern: '^/crm/v3/properties', latencyMs: 150, count: 1 },
    ]);
    expect(added.status).toBe(200);
    const deals = [];
    for (let i = 0; i < 3; i++) deals.push((await call('GET', '/crm/v3/objects/deals')).status);
    expect(deals).toEqual([502, 502, 200]);
    const companies = [];
    for (let i = 0; i < 4; i++) companies.push((await call('GET', '/crm/v3/objects/companies')).status);
    expect(companies).toEqual([200, 503, 200, 503]);
    const malformed = await call('GET', '/crm/v3/objects/tickets');
    expect(malformed.status).toBe(200);
    expect(() => JSON.parse(malformed.text)).toThrow();
    await expect(call('GET', '/crm/v3/objects/notes')).rejects.toThrow();
    const started = Date.now();
    expect((await call('GET', '/crm/v3/properties/contacts')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const stats = (await ctl('GET', '/__emulator/stats')).body;
    expect(stats.requests['GET /crm/v3/objects/:objectType']).toMatchObject({
      '502': 2,
      '503': 2,
      dropped: 1,
    });
    expect((await ctl('DELETE', '/__emulator/faults')).status).toBe(204);
    expect((await call('GET', '/crm/v3/objects/companies')).status).toBe(200);
  });

  it('adds portals and changes limits at runtime through the control API', async () => {
    const ctl = apiClient(emu.url);
    const res = await ctl('POST', '/__emulator/portals', {
      portalId: 7007,
      tokens: ['tok-new'],
      limits: { profile: 'professional' },
      timeZone: 'Europe/Paris',
    });
    expect(res.status).toBe(200);
    const call = apiClient(emu.url, 'tok-new');
    const details = await call('GET', '/account-info/v3/details');
    expect(details.body).toMatchObject({ portalId: 7007, timeZone: 'Europe/Paris' });
    expect(details.headers.get('x-hubspot-ratelimit-max')).toBe('190');
    expect(details.headers.get('x-hubspot-ratelimit-daily')).toBe('625000');
    await ctl('POST', '/__emulator/portals', { portalId: 7007, limits: { maxPerWindow: 3, windowMs: 2000 } });
    const after = await call('GET', '/account-info/v3/details');
    expect(after.headers.get('x-hubspot-ratelimit-max')).toBe('3');
    expect((await ctl('POST', '/__emulator/portals', { portalId: 7008, timeZone: 'Not/AZone' })).status).toBe(
      400,
    );
  });
});
