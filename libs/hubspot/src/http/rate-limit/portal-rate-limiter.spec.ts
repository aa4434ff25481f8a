import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { resolveHubspotConfig } from '../../config/hubspot.config';
import { HubspotDailyLimitError } from '../../errors';
import { nextDailyReset } from './daily-reset';
import { PortalRateLimiter } from './portal-rate-limiter';
import { PortalTimeZones } from './portal-time-zones';

/** A Redis that is down: the limiter must fall back to its in-process store. */
function downRedis(status: string, failing = false): Redis {
  const fail = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6390'));
  return {
    status,
    defineCommand: () => undefined,
    hubspotAcquire: failing ? fail : undefined,
    hubspotSettle: failing ? fail : undefined,
  } as unknown as Redis;
}

function limiter(redis: Redis, fallbackShare = 1, dailyReserve = 100, extra: Record<string, unknown> = {}) {
  const config = resolveHubspotConfig({
    auth: { type: 'static-token', accessToken: 'pat-unit-token' },
    limits: { maxPerWindow: 4, windowMs: 200, fallbackShare, dailyReserve, ...extra },
  });
  return new PortalRateLimiter(config, redis, new PortalTimeZones(config));
}

describe('PortalRateLimiter (in-process paths)', () => {
  let errorLog: jest.SpyInstance;
  beforeEach(() => {
    errorLog = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => errorLog.mockRestore());

  it('serves a live call before backfill calls that queued earlier', async () => {
    const l = limiter(downRedis('end'));
    const first = await Promise.all([1, 2, 3, 4].map(() => l.acquire(1, 'backfill')));
    await Promise.all(first.map((p) => p.settle({ sent: true })));
    const order: string[] = [];
    const take = (lane: 'live' | 'backfill', name: string) =>
      l.acquire(1, lane).then((p) => {
        order.push(name);
        return p.settle({ sent: true });
      });
    const backfill = [1, 2, 3, 4].map((i) => take('backfill', `backfill-${i}`));
    const live = take('live', 'live');
    await Promise.all([...backfill, live]);
    expect(order[0]).toBe('live');
    expect(order).toHaveLength(5);
    l.onApplicationShutdown();
  });

  it('falls back to a conservative share of the window and says so loudly, once', async () => {
    const l = limiter(downRedis('reconnecting'), 0.5);
    const started = Date.now();
    const permits = await Promise.all([1, 2].map(() => l.acquire(1, 'live')));
    await Promise.all(permits.map((p) => p.settle({ sent: true })));
    const third = await l.acquire(1, 'live');
    // Half of 4 per 200 ms: the third call waited for the window.
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
    await third.settle({ sent: true });
    expect(l.usingFallback).toBe(true);
    expect(errorLog).toHaveBeenCalledTimes(1);
    expect(String(errorLog.mock.calls[0][0])).toMatch(/Redis unreachable.*50%/);
    l.onApplicationShutdown();
  });

  it('falls back when a Redis command fails', async () => {
    const l = limiter(downRedis('ready', true));
    const permit = await l.acquire(1, 'live');
    await permit.settle({ sent: true });
    expect(l.usingFallback).toBe(true);
    expect(errorLog).toHaveBeenCalledTimes(1);
    l.onApplicationShutdown();
  });

  it('rejects bulk lanes with reserveHeld below the daily reserve, live continues', async () => {
    const l = limiter(downRedis('end'));
    const p = await l.acquire(1, 'live');
    await p.settle({ sent: true, headers: { dailyRemaining: 10 } });
    const err = await l.acquire(1, 'backfill').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubspotDailyLimitError);
    expect(err).toMatchObject({ reserveHeld: true, disposition: 'park' });
    expect((err as HubspotDailyLimitError).resetAt.getTime()).toBeGreaterThan(Date.now());
    await (await l.acquire(1, 'live')).settle({ sent: true });
    l.onApplicationShutdown();
  });

  it("parks a portal's bulk work until midnight in that portal's own zone", async () => {
    const config = resolveHubspotConfig({
      auth: { type: 'static-token', accessToken: 'pat-unit-token' },
      limits: { maxPerWindow: 4, windowMs: 200, portalTimeZones: { '7': 'Asia/Kolkata' } },
    });
    const zones = new PortalTimeZones(config);
    const l = new PortalRateLimiter(config, downRedis('end'), zones);
    const p = await l.acquire(7, 'live');
    await p.settle({ sent: true, headers: { dailyRemaining: 10 } });
    const err = (await l.acquire(7, 'backfill').catch((e: unknown) => e)) as HubspotDailyLimitError;
    expect(err.resetAt).toEqual(nextDailyReset('Asia/Kolkata'));
    expect(err.resetAt).not.toEqual(nextDailyReset('UTC'));
    expect(l.dailyResetAt(7)).toEqual(nextDailyReset('Asia/Kolkata'));
    l.onApplicationShutdown();
  });

  it('rejects waiting calls on shutdown', async () => {
    const l = limiter(downRedis('end'));
    const permits = await Promise.all([1, 2, 3, 4].map(() => l.acquire(1, 'live')));
    const waiting = l.acquire(1, 'live');
    l.onApplicationShutdown();
    await expect(waiting).rejects.toThrow(/shut down/);
    expect(permits).toHaveLength(4);
  });

  // maxPerWindow 4 per 200 ms, paced: at most one call per 20 ms slice.
  const slice = () => new Promise((r) => setTimeout(r, 25));

  it('tryAcquire answers at once: a permit while the window has room, else how long to wait', async () => {
    const l = limiter(downRedis('end'));
    const first = await l.tryAcquire(1, 'live');
    expect('permit' in first).toBe(true);
    const second = await l.tryAcquire(1, 'live');
    expect(second).toEqual({ waitMs: expect.any(Number) });
    expect((second as { waitMs: number }).waitMs).toBeGreaterThan(0);
    // A permit given back unused frees its slot at once.
    if ('permit' in first) await first.permit.settle({ sent: false });
    expect('permit' in (await l.tryAcquire(1, 'live'))).toBe(true);
    l.onApplicationShutdown();
  });

  it('tryAcquire reports the daily governor instead of a wait', async () => {
    const l = limiter(downRedis('end'));
    const p = await l.acquire(1, 'live');
    await p.settle({ sent: true, headers: { dailyRemaining: 10 } });
    await slice();
    const offer = await l.tryAcquire(1, 'backfill');
    expect(offer).toMatchObject({ waitMs: 0, daily: expect.any(HubspotDailyLimitError) });
    expect('permit' in (await l.tryAcquire(1, 'live'))).toBe(true);
    l.onApplicationShutdown();
  });

  it('an association call spends the general window too (safe reading), unless configured separate', async () => {
    const safe = limiter(downRedis('end'), 1, 100, { associationsPerWindow: 10 });
    const assoc = await safe.acquire(1, 'live', 'associations');
    expect(await safe.tryAcquire(1, 'live', 'default')).toEqual({ waitMs: expect.any(Number) });
    await assoc.settle({ sent: true });
    safe.onApplicationShutdown();

    const separate = limiter(downRedis('end'), 1, 100, {
      associationsPerWindow: 10,
      associationsShareGeneralBudget: false,
    });
    await separate.acquire(1, 'live', 'associations');
    expect('permit' in (await separate.tryAcquire(1, 'live', 'default'))).toBe(true);
    separate.onApplicationShutdown();
  });
});
