import { INestApplicationContext } from '@nestjs/common';
import { HubspotHttpClient } from '@app/hubspot';
import { PortalRateLimiter } from '@app/hubspot/testing';
import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { bootClientApp } from './support/limiter-worker-app';
import { REDIS_URL, uniquePrefix } from './support/services';

const SAFE = 4101;
const SEPARATE = 4102;
const MAX = 30;
const WINDOW_MS = 1_000;
const LIMITS = { maxPerWindow: MAX, windowMs: WINDOW_MS, associationsMaxPerWindow: MAX };

/**
 * Association calls and general calls at full speed on one portal. Under the safe reading (HubSpot documents a
 * separate associations limit, never that association calls are exempt from the general one) the general
 * window sees at most Max calls of both kinds together; with the option off, each budget is its own.
 */
describe('associations budget (emulator, real Redis)', () => {
  let emu: EmulatorHandle;
  const apps: INestApplicationContext[] = [];

  beforeAll(async () => {
    emu = await startEmulator({
      portals: [
        { portalId: SAFE, tokens: ['pat-assoc-safe'], limits: LIMITS },
        {
          portalId: SEPARATE,
          tokens: ['pat-assoc-separate'],
          limits: { ...LIMITS, associationsCountAgainstGeneral: false },
        },
      ],
    });
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await emu?.stop();
  });

  async function client(portalId: number, token: string, shared: boolean) {
    const booted = await bootClientApp({
      baseUrl: emu.url,
      token,
      portalId,
      redisUrl: REDIS_URL,
      keyPrefix: uniquePrefix('assoc-budget'),
      limits: {
        maxPerWindow: MAX,
        windowMs: WINDOW_MS,
        associationsPerWindow: MAX,
        associationsShareGeneralBudget: shared,
      },
      http: { maxAttempts: 1 },
    });
    apps.push(booted.app);
    const contact = emu.control.createObject(portalId, 'contacts', { email: `c${apps.length}@example.com` });
    return { http: booted.client, limiter: booted.app.get(PortalRateLimiter), contactId: contact.id };
  }

  /** `loops` general and `loops` association loops for `rounds` calls each. */
  async function drive(http: HubspotHttpClient, contactId: string, loops: number, rounds: number) {
    const general = async () => {
      for (let i = 0; i < rounds; i++) await http.get('/crm/v3/objects/contacts', { query: { limit: 1 } });
    };
    const associations = async () => {
      for (let i = 0; i < rounds; i++)
        await http.get(`/crm/v4/objects/contacts/${contactId}/associations/companies`);
    };
    await Promise.all([
      ...Array.from({ length: loops }, general),
      ...Array.from({ length: loops }, associations),
    ]);
  }

  it('safe reading (default): general + association calls never exceed Max in any window, no 429', async () => {
    const { http, contactId } = await client(SAFE, 'pat-assoc-safe', true);
    await drive(http, contactId, 6, 12);
    const stats = emu.control.stats();
    const assocCalls = stats.requests['GET /crm/v4/objects/:fromType/:fromId/associations/:toType']?.['200'];
    expect(assocCalls).toBe(72);
    expect(stats.rateLimited).toEqual({ TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 });
    // The emulator's safe reading counts association calls in the general window too.
    expect(stats.maxInAnyWindow[String(SAFE)]).toBeLessThanOrEqual(MAX);
    expect(stats.maxInAnyWindow[String(SAFE)]).toBeGreaterThan(MAX / 2);
  });

  it('an association call takes a general slot under the safe reading, and none when configured separate', async () => {
    const safe = await client(SAFE, 'pat-assoc-safe', true);
    await new Promise((r) => setTimeout(r, WINDOW_MS + 50));
    await safe.http.get(`/crm/v4/objects/contacts/${safe.contactId}/associations/companies`);
    expect((await safe.limiter.usage(SAFE)).used).toBe(1);

    const separate = await client(SEPARATE, 'pat-assoc-separate', false);
    await separate.http.get(`/crm/v4/objects/contacts/${separate.contactId}/associations/companies`);
    expect((await separate.limiter.usage(SEPARATE)).used).toBe(0);
    await drive(separate.http, separate.contactId, 6, 12);
    expect(emu.control.stats().rateLimited).toEqual({ TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 });
  });
});
