import { INestApplicationContext, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HubspotDailyLimitError, HubspotHttpClient } from '@app/hubspot';
import {
  HTTP_PROVIDERS,
  HUBSPOT_CONFIG,
  REDIS_PROVIDERS,
  nextDailyReset,
  PortalTimeZoneLearner,
  PortalTimeZones,
  resolveHubspotConfig,
  TokenProvider,
} from '@app/hubspot/testing';
import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import Redis from 'ioredis';
import { REDIS_URL, uniquePrefix } from './support/services';
import { PATHS } from './support/paths';

const CONTACTS = PATHS.objects('contacts');
/** Portal id -> [token, the account's zone as HubSpot (the emulator) knows it]. */
const PORTALS: Record<number, [string, string]> = {
  4101: ['pat-tz-auckland', 'Pacific/Auckland'],
  4102: ['pat-tz-los-angeles', 'America/Los_Angeles'],
};
const DAILY_429 = {
  status: 'error',
  message: 'You have reached your daily limit.',
  errorType: 'RATE_LIMIT',
  correlationId: '7f0c1f4e-0000-4000-8000-000000000001',
  policyName: 'DAILY',
  groupName: 'api-calls-daily',
};

/** An OAuth-like host: one process, several portals, a token for each. */
class ManyPortalTokens implements TokenProvider {
  readonly mode = 'oauth' as const;
  getAccessToken(portalId?: number): Promise<string> {
    return Promise.resolve(PORTALS[portalId ?? 0][0]);
  }
  defaultPortalId(): Promise<number> {
    return Promise.reject(new Error('several portals: pass portalId'));
  }
  portalIds(): Promise<number[]> {
    return Promise.resolve(Object.keys(PORTALS).map(Number));
  }
}

describe("Daily reset at midnight in each portal's own time zone (emulator, real Redis)", () => {
  let emu: EmulatorHandle;
  let app: INestApplicationContext;
  let client: HubspotHttpClient;
  let zones: PortalTimeZones;
  let learner: PortalTimeZoneLearner;
  let redis: Redis;
  const keyPrefix = uniquePrefix('http-tz');

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    emu = await startEmulator({
      port: 0,
      portals: Object.entries(PORTALS).map(([id, [token]]) => ({
        portalId: Number(id),
        tokens: [token],
        limits: { maxPerWindow: 50, windowMs: 1_000 },
      })),
    });
    // The accounts' zones, set through the emulator's control HTTP API.
    for (const [id, [, timeZone]] of Object.entries(PORTALS)) {
      const res = await fetch(`${emu.url}/__emulator/portals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ portalId: Number(id), timeZone }),
      });
      expect(res.status).toBeLessThan(300);
    }
    const config = resolveHubspotConfig({
      auth: {
        type: 'oauth',
        clientId: 'tz-app',
        clientSecret: 'tz-app-secret',
        redirectUri: 'http://localhost/hubspot/oauth/callback',
        scopes: ['crm.objects.contacts.read'],
        encryptionKey: 'b'.repeat(64),
      },
      baseUrl: emu.url,
      redis: { url: REDIS_URL, keyPrefix },
      limits: { maxPerWindow: 50, windowMs: 1_000, portalTimeZone: 'UTC' },
      http: { timeoutMs: 1_000, maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 200 },
    });
    @Module({
      providers: [
        { provide: HUBSPOT_CONFIG, useValue: config },
        { provide: TokenProvider, useClass: ManyPortalTokens },
        ...REDIS_PROVIDERS,
        ...HTTP_PROVIDERS,
        PortalTimeZoneLearner,
      ],
    })
    class TimeZoneTestModule {}
    app = await NestFactory.createApplicationContext(TimeZoneTestModule, { logger: ['error'] });
    client = app.get(HubspotHttpClient);
    zones = app.get(PortalTimeZones);
    learner = app.get(PortalTimeZoneLearner);
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await app?.close();
    await emu?.stop();
    await redis?.quit();
    jest.restoreAllMocks();
  });

  it.each(Object.entries(PORTALS).map(([id, [, zone]]) => [Number(id), zone]))(
    'portal %i: a 429 DAILY parks until the next midnight in %s',
    async (portalId, zone) => {
      // Unknown yet: the configured default, without waiting for HubSpot.
      expect(zones.zoneOf(portalId)).toBe('UTC');
      const usage = await client.get<{ results: Array<{ resetsAt: string }> }>(PATHS.dailyUsage(), {
        portalId,
      });
      const hubspotReset = new Date(usage.data.results[0].resetsAt);
      // The account's midnight is not UTC's: a limiter still on the default would be caught here.
      expect(hubspotReset.getTime()).not.toBe(nextDailyReset('UTC').getTime());

      // The first call started learning in the background; it lands in memory and in Redis.
      await expect(learner.resolve(portalId)).resolves.toBe(zone);
      expect(zones.zoneOf(portalId)).toBe(zone);
      expect(await redis.get(`${keyPrefix}:tz:${portalId}`)).toBe(zone);
      expect(await redis.ttl(`${keyPrefix}:tz:${portalId}`)).toBeGreaterThan(86_000);

      emu.control.faults([{ pathPattern: `^${CONTACTS}$`, status: 429, body: DAILY_429, count: 1 }]);
      const err = await client.get(CONTACTS, { portalId }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HubspotDailyLimitError);
      expect((err as HubspotDailyLimitError).status).toBe(429);
      expect((err as HubspotDailyLimitError).resetAt.toISOString()).toBe(hubspotReset.toISOString());

      // Spent: the limiter refuses further calls until that same midnight, without calling.
      const before = emu.control.stats().total;
      const refused = await client.get(CONTACTS, { portalId }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(HubspotDailyLimitError);
      expect((refused as HubspotDailyLimitError).resetAt.toISOString()).toBe(hubspotReset.toISOString());
      expect(emu.control.stats().total).toBe(before);
      emu.control.clearFaults();
    },
  );

  it("asked HubSpot for each portal's account details exactly once", () => {
    const details = emu.control.stats().requests['GET /account-info/:version/details'] ?? {};
    expect(details).toEqual({ '200': 2 });
  });
});
