import { HubspotRedis } from '../../redis/hubspot-redis.types';
import { LANES } from '../hubspot-request.types';
import { rateLimitKeys } from './rate-limit.keys';
import { ACQUIRE_LUA, SETTLE_LUA, USAGE_LUA } from './rate-limit.lua';
import {
  AcquireCommand,
  AcquireResult,
  BucketSpec,
  BudgetUsage,
  LANE_INDEX,
  RateLimitStore,
  SettleCommand,
  SettleResult,
} from './rate-limit.store';

type LimiterRedis = HubspotRedis & {
  hubspotAcquire(...args: Array<string | number>): Promise<[number, number, number, number]>;
  hubspotSettle(...args: Array<string | number>): Promise<number>;
  hubspotUsage(...args: Array<string | number>): Promise<[number, number, number, number, number]>;
};

/** The shared store: every process of every host instance sees the same windows. */
export class RedisRateLimitStore implements RateLimitStore {
  readonly shared = true;
  private readonly redis: LimiterRedis;

  constructor(
    redis: HubspotRedis,
    private readonly keyPrefix: string,
  ) {
    redis.defineCommand('hubspotAcquire', { lua: ACQUIRE_LUA });
    redis.defineCommand('hubspotSettle', { lua: SETTLE_LUA });
    redis.defineCommand('hubspotUsage', { numberOfKeys: 3, lua: USAGE_LUA });
    this.redis = redis as LimiterRedis;
  }

  /** False while the connection is down (reconnecting or closed); connecting still counts as usable. */
  get usable(): boolean {
    return !['reconnecting', 'close', 'end'].includes(this.redis.status);
  }

  async acquire(cmd: AcquireCommand): Promise<AcquireResult> {
    const k = this.keys(cmd.portalId, cmd.bucket.bucket);
    const lanes = LANES.map((lane) => `${k.base}:lane:${lane}`);
    const keys = [k.window, k.cfg, k.others, k.daily, ...lanes, k.pacing];
    const [admitted, waitMs, dailyRemaining, resetAt] = await this.redis.hubspotAcquire(
      keys.length,
      ...keys,
      LANE_INDEX[cmd.lane],
      cmd.bucket.learned ? 1 : 0,
      cmd.bucket.max,
      cmd.bucket.windowMs,
      cmd.leaseMs,
      cmd.pollMs,
      cmd.lane === 'reconcile' || cmd.lane === 'backfill' ? 1 : 0,
      cmd.dailyReserve,
      cmd.waiterId,
      cmd.bucket.slices,
      ...cmd.ids,
    );
    return {
      admitted,
      waitMs,
      daily: dailyRemaining >= 0 ? { remaining: dailyRemaining, resetAt } : undefined,
    };
  }

  async settle(cmd: SettleCommand): Promise<SettleResult> {
    const k = this.keys(cmd.portalId, cmd.bucket.bucket);
    const h = cmd.headers ?? {};
    const opt = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : v);
    const others = await this.redis.hubspotSettle(
      7,
      k.window,
      k.cfg,
      k.others,
      k.daily,
      k.observations,
      k.pacing,
      k.history,
      cmd.id,
      cmd.sent ? 1 : 0,
      opt(h.max),
      opt(h.intervalMs),
      opt(h.remaining),
      opt(h.dailyRemaining),
      cmd.resetAt,
      cmd.dailyExhausted ? 1 : 0,
      cmd.bucket.learned ? 1 : 0,
      Math.max(0, Math.floor(cmd.ageMs ?? 0)),
      cmd.rateLimited ? 1 : 0,
      cmd.countedElsewhere ? 1 : 0,
    );
    return { others: Number(others) };
  }

  async usage(portalId: number, bucket: BucketSpec): Promise<BudgetUsage> {
    const k = this.keys(portalId, bucket.bucket);
    const [used, max, windowMs, remaining, resetAt] = await this.redis.hubspotUsage(
      k.window,
      k.cfg,
      k.daily,
      bucket.max,
      bucket.windowMs,
    );
    return { used, max, windowMs, daily: remaining >= 0 ? { remaining, resetAt } : undefined };
  }

  private keys(portalId: number, bucket: string) {
    return rateLimitKeys(this.keyPrefix, portalId, bucket);
  }
}
