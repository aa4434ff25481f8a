import { Inject, Injectable } from '@nestjs/common';
import { HubspotRedis } from '../../redis/hubspot-redis.types';
import { HubspotConfig } from '../../config/hubspot.config';
import { HUBSPOT_REDIS } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { rateLimitKeys } from './rate-limit.keys';

export interface MinuteUsage {
  /** Start of the minute, epoch ms. */
  at: number;
  calls: number;
  rateLimited: number;
}

/** What the limiter knows of one portal's budget, as it stands in Redis (shared by every process). */
export interface PortalBudgetUsage {
  portalId: number;
  /** The last 60 whole minutes and the current one, oldest first (minutes without calls count 0). */
  minutes: MinuteUsage[];
  /** Calls per rolling window (learned from HubSpot's headers, else the configured maximum). */
  maxPerWindow: number;
  windowMs: number;
  /** The most calls one minute can hold at that window: maxPerWindow x minutes / window. */
  ceilingPerMinute: number;
  /** Daily calls left as HubSpot last reported them (null: not reported, e.g. OAuth apps). */
  dailyRemaining: number | null;
}

const MINUTE_MS = 60_000;

/** Reads the limiter's per-minute history and daily state of a portal from Redis. */
@Injectable()
export class PortalBudgetReader {
  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    @Inject(HUBSPOT_REDIS) private readonly redis: HubspotRedis,
  ) {}

  async usage(portalId: number, now = Date.now()): Promise<PortalBudgetUsage> {
    const keys = rateLimitKeys(this.config.redis.keyPrefix, portalId);
    const [history, cfg, daily] = await Promise.all([
      this.redis.hgetall(keys.history),
      this.redis.hmget(keys.cfg, 'max', 'win'),
      this.redis.hget(keys.daily, 'remaining'),
    ]);
    const current = Math.floor(now / MINUTE_MS);
    const minutes: MinuteUsage[] = [];
    for (let m = current - 60; m <= current; m++) {
      minutes.push({
        at: m * MINUTE_MS,
        calls: Number(history[m] ?? 0),
        rateLimited: Number(history[`${m}:429`] ?? 0),
      });
    }
    const maxPerWindow = Number(cfg[0] ?? this.config.limits.maxPerWindow);
    const windowMs = Number(cfg[1] ?? this.config.limits.windowMs);
    return {
      portalId,
      minutes,
      maxPerWindow,
      windowMs,
      ceilingPerMinute: Math.floor((maxPerWindow * MINUTE_MS) / windowMs),
      dailyRemaining: daily === null ? null : Number(daily),
    };
  }
}
