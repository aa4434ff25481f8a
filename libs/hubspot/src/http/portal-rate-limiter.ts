import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { HubspotConfig } from '../hubspot.config';
import { HUBSPOT_CONFIG, HUBSPOT_REDIS } from '../hubspot.constants';
import { nextDailyReset } from './daily-reset';
import { HubspotDailyLimitError } from './errors';
import { Bucket, Lane, LANES } from './hubspot-request.types';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import { BucketSpec, RateLimitHeaders, RateLimitStore, SettleResult } from './rate-limit.store';
import { RedisRateLimitStore } from './redis-rate-limit.store';

/** One reserved slot. Settle it exactly once, after the answer (or with sent=false if nothing left). */
export interface RatePermit {
  readonly portalId: number;
  readonly id: string;
  settle(outcome: {
    sent: boolean;
    headers?: RateLimitHeaders;
    dailyExhausted?: boolean;
  }): Promise<SettleResult>;
}

interface Waiter {
  id: string;
  lane: Lane;
  resolve: (permit: RatePermit) => void;
  reject: (err: Error) => void;
}

interface Queue {
  portalId: number;
  bucket: BucketSpec;
  waiters: Map<Lane, Waiter[]>;
  running: boolean;
}

/** How many slots one round trip to Redis may take for one process queue. */
const MAX_BATCH = 50;
/**
 * Calls are paced to at most 1/10 of the budget per 1/10 of the window (HubSpot's own "secondly"
 * figure is Max/10): a saturated window then frees slots evenly, not in bursts that another
 * integration on the portal races us for. Sustained throughput is unchanged.
 */
const PACING_SLICES = 10;
/** After a Redis failure, stay in-process this long before trying Redis again. */
const REDIS_RETRY_MS = 5_000;

/**
 * Rolling-window budget per portal, shared by every process through Redis: a call waits here until its
 * slot is reserved. Each process keeps one queue per portal and bucket set, served highest lane first,
 * and registers its waiting lane in Redis so that other processes' lower lanes yield too.
 */
@Injectable()
export class PortalRateLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger(PortalRateLimiter.name);
  private readonly redisStore: RedisRateLimitStore;
  private readonly fallback: MemoryRateLimitStore;
  private readonly queues = new Map<string, Queue>();
  private readonly processId = randomUUID();
  private degradedUntil = 0;
  private degraded = false;
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    @Inject(HUBSPOT_CONFIG) private readonly config: HubspotConfig,
    @Inject(HUBSPOT_REDIS) redis: Redis,
  ) {
    this.redisStore = new RedisRateLimitStore(redis, config.redis.keyPrefix);
    this.fallback = new MemoryRateLimitStore(config.limits.fallbackShare);
  }

  /** The budget a call spends: search (5/s, no headers), associations (own budget) or the general one. */
  bucketSpec(bucket: Bucket): BucketSpec {
    const l = this.config.limits;
    if (bucket === 'search') {
      return { bucket, learned: false, max: l.searchPerSecond, windowMs: 1_000, slices: 1 };
    }
    if (bucket === 'associations') {
      return {
        bucket,
        learned: true,
        max: l.associationsPerWindow,
        windowMs: l.windowMs,
        slices: PACING_SLICES,
      };
    }
    return {
      bucket: 'default',
      learned: true,
      max: l.maxPerWindow,
      windowMs: l.windowMs,
      slices: PACING_SLICES,
    };
  }

  /** Waits for a slot. Throws HubspotDailyLimitError when the daily governor holds this lane back. */
  acquire(portalId: number, lane: Lane = 'live', bucket: Bucket = 'default'): Promise<RatePermit> {
    if (this.closed) return Promise.reject(new Error('PortalRateLimiter is shut down'));
    const key = `${portalId}|${bucket}`;
    let queue = this.queues.get(key);
    if (!queue) {
      queue = { portalId, bucket: this.bucketSpec(bucket), waiters: new Map(), running: false };
      this.queues.set(key, queue);
    }
    return new Promise<RatePermit>((resolve, reject) => {
      const waiters = queue.waiters.get(lane) ?? [];
      waiters.push({ id: randomUUID(), lane, resolve, reject });
      queue.waiters.set(lane, waiters);
      if (!queue.running) void this.pump(queue);
    });
  }

  /** The portal's next daily reset (its time zone's midnight). */
  dailyResetAt(): Date {
    return nextDailyReset(this.config.limits.portalTimeZone);
  }

  /** True while calls are limited in-process because Redis is unreachable. */
  get usingFallback(): boolean {
    return this.degraded;
  }

  onApplicationShutdown(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    for (const queue of this.queues.values()) {
      for (const list of queue.waiters.values()) {
        for (const w of list) w.reject(new Error('PortalRateLimiter is shut down'));
      }
      queue.waiters.clear();
    }
  }

  private async pump(queue: Queue): Promise<void> {
    queue.running = true;
    try {
      while (!this.closed) {
        const lane = LANES.find((l) => (queue.waiters.get(l)?.length ?? 0) > 0);
        if (!lane) return;
        const waiting = queue.waiters.get(lane)!;
        const batch = waiting.slice(0, MAX_BATCH);
        const { store, result } = await this.tryAcquire(queue, lane, batch);
        if (result.daily) {
          this.rejectDaily(queue, result.daily);
          continue;
        }
        waiting.splice(0, result.admitted);
        for (const w of batch.slice(0, result.admitted)) w.resolve(this.permit(queue, w.id, store));
        if (result.admitted < batch.length) await this.sleep(Math.max(1, result.waitMs));
      }
    } finally {
      queue.running = false;
    }
  }

  private async tryAcquire(queue: Queue, lane: Lane, batch: Waiter[]) {
    const cmd = {
      portalId: queue.portalId,
      lane,
      bucket: queue.bucket,
      ids: batch.map((w) => w.id),
      waiterId: this.processId,
      leaseMs: this.config.http.timeoutMs + 2_000,
      dailyReserve: this.config.limits.dailyReserve,
      pollMs: Math.max(5, Math.min(50, Math.round(this.config.limits.windowMs / 50))),
    };
    if (Date.now() >= this.degradedUntil && this.redisStore.usable) {
      try {
        const result = await this.redisStore.acquire(cmd);
        if (this.degraded) {
          this.degraded = false;
          this.logger.warn('Redis is back: the HubSpot rate limit is shared across processes again');
        }
        return { store: this.redisStore as RateLimitStore, result };
      } catch (err) {
        this.enterFallback((err as Error).message);
      }
    } else if (!this.degraded) {
      this.enterFallback(this.redisStore.usable ? 'recent command failure' : 'connection lost');
    }
    return { store: this.fallback as RateLimitStore, result: await this.fallback.acquire(cmd) };
  }

  private enterFallback(reason: string): void {
    this.degradedUntil = Date.now() + REDIS_RETRY_MS;
    if (this.degraded) return;
    this.degraded = true;
    this.logger.error(
      `Redis unreachable (${reason}): HubSpot calls are now limited in-process to ` +
        `${Math.round(this.config.limits.fallbackShare * 100)}% of the portal's window until Redis returns`,
    );
  }

  private rejectDaily(queue: Queue, daily: { remaining: number; resetAt: number }): void {
    const resetAt = new Date(daily.resetAt || this.dailyResetAt().getTime());
    const reserveHeld = daily.remaining > 0;
    for (const lane of LANES) {
      if (reserveHeld && lane !== 'reconcile' && lane !== 'backfill') continue;
      const list = queue.waiters.get(lane) ?? [];
      queue.waiters.set(lane, []);
      for (const w of list) {
        const message = reserveHeld
          ? `Daily budget of portal ${queue.portalId} is down to its reserve (${daily.remaining} left): ${lane} work parks until ${resetAt.toISOString()}`
          : `Daily budget of portal ${queue.portalId} is spent until ${resetAt.toISOString()}`;
        w.reject(
          new HubspotDailyLimitError(
            message,
            resetAt,
            { portalId: queue.portalId, category: 'DAILY' },
            reserveHeld,
          ),
        );
      }
    }
  }

  private permit(queue: Queue, id: string, store: RateLimitStore): RatePermit {
    let settled: Promise<SettleResult> | undefined;
    return {
      portalId: queue.portalId,
      id,
      settle: (outcome) => {
        settled ??= store
          .settle({
            portalId: queue.portalId,
            bucket: queue.bucket,
            id,
            resetAt: this.dailyResetAt().getTime(),
            ...outcome,
          })
          .catch((err: Error) => {
            // The slot's lease frees it; the window stays safe.
            this.logger.warn(`Could not settle a rate-limit slot: ${err.message}`);
            return { others: 0 };
          });
        return settled;
      },
    };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }
}
