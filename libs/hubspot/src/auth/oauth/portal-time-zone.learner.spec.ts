import { HubspotPaths } from '../../http/hubspot-paths';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { resolveHubspotConfig } from '../../config/hubspot.config';
import { HubspotConfigError } from '../../errors';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { PortalTimeZones } from '../../http/rate-limit/portal-time-zones';
import { PortalTimeZoneLearner, TIME_ZONE_TTL_SECONDS } from './portal-time-zone.learner';

/** An OAuth host: it serves portals it cannot list in advance, so it learns their zones. */
const OAUTH = {
  type: 'oauth',
  clientId: 'app-client-id',
  clientSecret: 'app-client-secret',
  redirectUri: 'https://host.example/hubspot/oauth/callback',
  scopes: ['crm.objects.contacts.write'],
  encryptionKey: 'a'.repeat(64),
};

/** An in-memory stand-in for the few Redis commands the resolver uses. */
function fakeRedis(failing = false) {
  const data = new Map<string, { value: string; ttl: number }>();
  const redis = {
    get: jest.fn((key: string) =>
      failing ? Promise.reject(new Error('ECONNREFUSED')) : Promise.resolve(data.get(key)?.value ?? null),
    ),
    set: jest.fn((key: string, value: string, _ex: string, ttl: number) => {
      if (failing) return Promise.reject(new Error('ECONNREFUSED'));
      data.set(key, { value, ttl });
      return Promise.resolve('OK');
    }),
  };
  return { redis: redis as unknown as Redis, data, calls: redis };
}

function setup(opts: {
  privateApp?: boolean;
  overrides?: Record<string, string>;
  answer?: () => Promise<unknown>;
  failingRedis?: boolean;
}) {
  const config = resolveHubspotConfig({
    auth: opts.privateApp ? { type: 'static-token', accessToken: 'pat-unit-token' } : OAUTH,
    redis: { keyPrefix: 'unit' },
    limits: { portalTimeZone: 'UTC', portalTimeZones: opts.overrides },
  });
  const { redis, data, calls } = fakeRedis(opts.failingRedis);
  const get = jest.fn(
    (_path: string, _opts?: unknown) =>
      opts.answer?.() ?? Promise.resolve({ data: { timeZone: 'Asia/Tokyo' } }),
  );
  const zones = new PortalTimeZones(config);
  const http = { get } as unknown as HubspotHttpClient;
  const learner = new PortalTimeZoneLearner(config, redis, http, new HubspotPaths('2026-09'), zones);
  learner.onModuleInit();
  return { zones, learner, get, data, calls };
}

describe('PortalTimeZoneLearner', () => {
  let warn: jest.SpyInstance;
  let debug: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('uses a configured override without asking HubSpot', async () => {
    const { zones, learner, get } = setup({ overrides: { '42': 'Europe/Berlin' } });
    expect(zones.zoneOf(42)).toBe('Europe/Berlin');
    await expect(learner.resolve(42)).resolves.toBe('Europe/Berlin');
    expect(get).not.toHaveBeenCalled();
  });

  it('answers the default at once, learns in the background, caches in Redis and memory', async () => {
    const { zones, learner, get, data } = setup({});
    expect(zones.zoneOf(7)).toBe('UTC');
    expect(zones.zoneOf(7)).toBe('UTC');
    await expect(learner.resolve(7)).resolves.toBe('Asia/Tokyo');
    expect(zones.zoneOf(7)).toBe('Asia/Tokyo');
    expect(get).toHaveBeenCalledTimes(1);
    expect(get).toHaveBeenCalledWith('/account-info/2026-09/details', {
      portalId: 7,
      lane: 'live',
      maxAttempts: 2,
    });
    expect(data.get('unit:tz:7')).toEqual({ value: 'Asia/Tokyo', ttl: TIME_ZONE_TTL_SECONDS });
  });

  it('takes a zone another process cached in Redis without calling HubSpot', async () => {
    const { zones, learner, get, data } = setup({});
    data.set('unit:tz:9', { value: 'America/Denver', ttl: 1 });
    await expect(learner.resolve(9)).resolves.toBe('America/Denver');
    expect(zones.zoneOf(9)).toBe('America/Denver');
    expect(get).not.toHaveBeenCalled();
  });

  it('still learns from HubSpot while Redis is down', async () => {
    const { learner, get } = setup({ failingRedis: true });
    await expect(learner.resolve(5)).resolves.toBe('Asia/Tokyo');
    expect(get).toHaveBeenCalledTimes(1);
  });

  it('falls back to the default on a failed lookup, warns once and does not hammer HubSpot', async () => {
    const { zones, learner, get } = setup({
      answer: () => Promise.reject(new Error('HTTP 403 MISSING_SCOPES')),
    });
    await expect(learner.resolve(3)).resolves.toBe('UTC');
    expect(zones.zoneOf(3)).toBe('UTC');
    await expect(learner.resolve(3)).resolves.toBe('UTC');
    expect(get).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain('portal 3');
    expect(debug).not.toHaveBeenCalled();
  });

  it('rejects an answer that is not a usable zone', async () => {
    const { learner, data } = setup({
      answer: () => Promise.resolve({ data: { timeZone: 'Mars/Olympus' } }),
    });
    await expect(learner.resolve(4)).resolves.toBe('UTC');
    expect(data.size).toBe(0);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('a private app uses its configured zone and spends no call on learning it', async () => {
    const { zones, learner, get } = setup({ privateApp: true });
    expect(zones.zoneOf(8)).toBe('UTC');
    await expect(learner.resolve(8)).resolves.toBe('UTC');
    expect(get).not.toHaveBeenCalled();
  });

  it('validates the override map', () => {
    const bad = (portalTimeZones: unknown) => () =>
      resolveHubspotConfig({
        auth: { type: 'static-token', accessToken: 'pat-unit-token' },
        limits: { portalTimeZones },
      });
    expect(bad({ '1': 'Nowhere/Land' })).toThrow(HubspotConfigError);
    expect(bad({ abc: 'UTC' })).toThrow(HubspotConfigError);
    expect(bad(['UTC'])).toThrow(HubspotConfigError);
    expect(bad({ '1': 'Europe/Paris' })).not.toThrow();
  });
});
