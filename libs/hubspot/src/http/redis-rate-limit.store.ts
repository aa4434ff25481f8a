import Redis from 'ioredis';
import { LANES } from './hubspot-request.types';
import { ACQUIRE_LUA, SETTLE_LUA } from './rate-limit.lua';
import {
  AcquireCommand,
  AcquireResult,
  LANE_INDEX,
  RateLimitStore,
  SettleCommand,
  SettleResult,
} from './rate-limit.store';

type LimiterRedis = Redis & {
  hubspotAcquire(...args: Array<string | number>): Promise<[number, number, number, number]>;
  hubspotSettle(...args: Array<string | number>): Promise<number>;
};

/** The shared store: every process of every host instance sees the same windows. */
export class RedisRateLimitStore implements RateLimitStore {
  readonly shared = true;
  private readonly redis: LimiterRedis;

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
  ) {
    redis.defineCommand('hubspotAcquire', { lua: ACQUIRE_LUA });
    redis.defineCommand('hubspotSettle', { lua: SETTLE_LUA });
    this.redis = redis as LimiterRedis;
  }

  get ready(): boolean {
    return this.redis.status === 'ready';
  }

  async acquire(cmd: AcquireCommand): Promise<AcquireResult> {
    const p = this.portalKey(cmd.portalId);
    const keys = [
      `${p}:cfg`,
      `${p}:others`,
      `${p}:daily`,
      ...LANES.map((lane) => `${p}:lane:${cmd.set}:${lane}`),
      ...cmd.buckets.map((b) => `${p}:win:${b.bucket}`),
    ];
    const args = [
      LANE_INDEX[cmd.lane],
      cmd.leaseMs,
      cmd.pollMs,
      cmd.lane === 'reconcile' || cmd.lane === 'backfill' ? 1 : 0,
      cmd.dailyReserve,
      cmd.waiterId,
      cmd.buckets.length,
      ...cmd.buckets.flatMap((b) => [b.kind, b.max, b.windowMs]),
      ...cmd.ids,
    ];
    const [admitted, waitMs, dailyRemaining, resetAt] = await this.redis.hubspotAcquire(
      keys.length,
      ...keys,
      ...args,
    );
    return {
      admitted,
      waitMs,
      daily: dailyRemaining >= 0 ? { remaining: dailyRemaining, resetAt } : undefined,
    };
  }

  async settle(cmd: SettleCommand): Promise<SettleResult> {
    const p = this.portalKey(cmd.portalId);
    const buckets = [...cmd.buckets].sort((a, b) =>
      a.kind === 'learned' ? -1 : b.kind === 'learned' ? 1 : 0,
    );
    const keys = [
      `${p}:cfg`,
      `${p}:others`,
      `${p}:daily`,
      `${p}:obs`,
      ...buckets.map((b) => `${p}:win:${b.bucket}`),
    ];
    const h = cmd.headers ?? {};
    const opt = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : v);
    const others = await this.redis.hubspotSettle(
      keys.length,
      ...keys,
      cmd.id,
      cmd.sent ? 1 : 0,
      opt(h.max),
      opt(h.intervalMs),
      opt(h.remaining),
      opt(h.dailyRemaining),
      cmd.resetAt,
      cmd.dailyExhausted ? 1 : 0,
      buckets[0]?.kind === 'learned' ? 1 : 0,
    );
    return { others: Number(others) };
  }

  private portalKey(portalId: number): string {
    return `${this.keyPrefix}:rl:${portalId}`;
  }
}
