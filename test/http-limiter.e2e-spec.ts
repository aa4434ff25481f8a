import { HubspotDailyLimitError } from '@app/hubspot';
import {
  HubspotConfig,
  PortalBudgetReader,
  PortalRateLimiter,
  PortalTimeZones,
  resolveHubspotConfig,
} from '@app/hubspot/testing';
import Redis from 'ioredis';
import { REDIS_URL, uniquePrefix } from './support/services';

/** Several PortalRateLimiter instances with their own Redis connections stand in for processes. */
describe('PortalRateLimiter on real Redis', () => {
  const clients: Redis[] = [];
  const limiters: PortalRateLimiter[] = [];

  function makeLimiter(prefix: string, limits: Partial<HubspotConfig['limits']> = {}): PortalRateLimiter {
    const config = configFor(prefix, limits);
    const redis = new Redis(REDIS_URL);
    clients.push(redis);
    const limiter = new PortalRateLimiter(config, redis, new PortalTimeZones(config));
    limiters.push(limiter);
    return limiter;
  }

  function configFor(prefix: string, limits: Partial<HubspotConfig['limits']> = {}): HubspotConfig {
    return resolveHubspotConfig({
      auth: { type: 'private-app', accessToken: 'pat-test-token' },
      redis: { url: REDIS_URL, keyPrefix: prefix },
      http: { timeoutMs: 2_000 },
      limits: { maxPerWindow: 20, windowMs: 500, ...limits },
    });
  }

  afterEach(async () => {
    for (const l of limiters.splice(0)) l.onApplicationShutdown();
    await Promise.all(clients.splice(0).map((c) => c.quit()));
  });

  it('never lets more than Max calls leave in any rolling window, across instances', async () => {
    const prefix = uniquePrefix('limiter-window');
    const instances = [1, 2, 3].map(() => makeLimiter(prefix));
    await Promise.all(instances.map((l) => l.acquire(1, 'live').then((p) => p.settle({ sent: true }))));
    const sent: Array<{ start: number; end: number }> = [];
    const deadline = Date.now() + 1_600;
    await Promise.all(
      instances.flatMap((limiter) =>
        Array.from({ length: 6 }, async () => {
          while (Date.now() < deadline) {
            const permit = await limiter.acquire(1, 'live');
            const start = Date.now();
            await new Promise((r) => setTimeout(r, 2 + Math.random() * 8));
            const end = Date.now();
            await permit.settle({ sent: true });
            sent.push({ start, end });
          }
        }),
      ),
    );
    // HubSpot may see a call at any moment in [start, end]. The worst case for a window [x, x + W) is
    // every call whose interval touches it; x = some call's end is where that count peaks.
    let worst = 0;
    for (const { end: x } of sent) {
      const seen = sent.filter((c) => c.end >= x && c.start < x + 500).length;
      worst = Math.max(worst, seen);
    }
    expect(worst).toBeLessThanOrEqual(20);
    // It used the budget: ~3 windows' worth plus the warm-up call.
    expect(sent.length).toBeGreaterThanOrEqual(20 * 3 - 5);
  });

  it('serves a waiting live call before waiting backfill calls of another instance', async () => {
    const prefix = uniquePrefix('limiter-lanes');
    // A long window leaves the live call plenty of time to queue before the first slot frees.
    const [a, b] = [makeLimiter(prefix, { windowMs: 2_000 }), makeLimiter(prefix, { windowMs: 2_000 })];
    const fill = await Promise.all(Array.from({ length: 20 }, () => a.acquire(1, 'backfill')));
    await Promise.all(fill.map((p) => p.settle({ sent: true })));
    const order: string[] = [];
    const backfill = Array.from({ length: 10 }, (_, i) =>
      a.acquire(1, 'backfill').then((p) => {
        order.push(`backfill-${i}`);
        return p.settle({ sent: true });
      }),
    );
    await new Promise((r) => setTimeout(r, 50));
    // Pacing frees the filled window's slots one by one, so on a slow machine a backfill call may already
    // have been served before the live call queued. What must hold: the live call overtakes every backfill
    // call still waiting (FIFO would put it last, behind all ten).
    const servedBeforeLive = order.length;
    const live = b.acquire(1, 'live').then((p) => {
      order.push('live');
      return p.settle({ sent: true });
    });
    await Promise.all([...backfill, live]);
    expect(servedBeforeLive).toBeLessThan(5);
    expect(order.indexOf('live')).toBeLessThanOrEqual(servedBeforeLive + 1);
  });

  it('parks bulk lanes below the daily reserve while live calls continue', async () => {
    const prefix = uniquePrefix('limiter-daily');
    const limiter = makeLimiter(prefix, { dailyReserve: 1_000 });
    const permit = await limiter.acquire(7, 'live');
    await permit.settle({
      sent: true,
      headers: { max: 20, intervalMs: 500, remaining: 19, dailyRemaining: 999 },
    });
    await expect(limiter.acquire(7, 'backfill')).rejects.toBeInstanceOf(HubspotDailyLimitError);
    await expect(limiter.acquire(7, 'reconcile')).rejects.toMatchObject({ reserveHeld: true });
    const live = await limiter.acquire(7, 'live');
    await live.settle({ sent: true });
    const webhook = await limiter.acquire(7, 'webhook');
    await webhook.settle({ sent: true });
  });

  it('keeps a per-minute history of the calls sent and the 429s, one hour long', async () => {
    const prefix = uniquePrefix('limiter-history');
    const limiter = makeLimiter(prefix);
    const redis = new Redis(REDIS_URL);
    clients.push(redis);
    const historyKey = `${prefix}:rl:{5}:hist`;
    const hourAgo = Math.floor(Date.now() / 60_000) - 90;
    await redis.hset(historyKey, String(hourAgo), 7, `${hourAgo}:429`, 2);

    for (let i = 0; i < 6; i++) {
      const permit = await limiter.acquire(5, i % 2 ? 'live' : 'backfill');
      await permit.settle({ sent: true, rateLimited: i === 3 });
    }
    await (await limiter.acquire(5, 'live')).settle({ sent: false });
    await (await limiter.acquire(5, 'live', 'search')).settle({ sent: true });
    // One association call spends the associations window and the general one: still one call.
    await (await limiter.acquire(5, 'live', 'associations')).settle({ sent: true });

    const usage = await new PortalBudgetReader(configFor(prefix), redis).usage(5);
    expect(usage.minutes).toHaveLength(61);
    const sum = (key: 'calls' | 'rateLimited') => usage.minutes.reduce((n, m) => n + m[key], 0);
    // Every bucket counts, each call once; a permit given back unsent does not.
    expect(sum('calls')).toBe(8);
    expect(sum('rateLimited')).toBe(1);
    expect(usage.ceilingPerMinute).toBe(20 * 120);
    // Minutes older than an hour were dropped by the first call of this minute; the key expires when idle.
    expect(await redis.hexists(historyKey, String(hourAgo))).toBe(0);
    expect(await redis.hexists(historyKey, `${hourAgo}:429`)).toBe(0);
    const ttl = await redis.pttl(historyKey);
    expect(ttl).toBeGreaterThan(3_500_000);
    expect(ttl).toBeLessThanOrEqual(3_660_000);
  });
});
