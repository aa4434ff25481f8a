import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { HubspotConfig } from '../../config/hubspot.config';
import { HUBSPOT_REDIS } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { dailyGovernorError, nextDailyReset } from './daily-reset';
import { HubspotTransientError } from '../../errors';
import { bucketSpec } from './rate-limit.buckets';
import { performance } from 'node:perf_hooks';
import { Bucket, BudgetContext, Lane, LANES, RawResponse } from '../hubspot-request.types';
import { PortalTimeZones } from './portal-time-zones';
import { isDailyLimitAnswer, readRateLimitHeaders } from './rate-limit.headers';
import { BucketSpec, RateLimitStore, RatePermit, SettleResult } from './rate-limit.store';
import { RedisRateLimitStore } from './redis-rate-limit.store';
import { ResilientRateLimitStore } from './resilient-rate-limit.store';

export type { RatePermit } from './rate-limit.store';

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
  /** Lane being served while the pump sleeps, and how to wake it early. */
  serving?: Lane;
  wake?: () => void;
}

/** How many slots one round trip to Redis may take for one process queue. */
const MAX_BATCH = 50;
/**
 * Rolling-window budget per portal, shared by every process through Redis: a call waits here until its
 * slot is reserved. Each process keeps one queue per portal and bucket set, served highest lane first,
 * and registers its waiting lane in Redis so that other processes' lower lanes yield too.
 */
@Injectable()
export class PortalRateLimiter implements OnApplicationShutdown {
  private readonly store: ResilientRateLimitStore;
  private readonly queues = new Map<string, Queue>();
  private readonly processId = randomUUID();
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    @Inject(HUBSPOT_REDIS) redis: Redis,
    private readonly timeZones: PortalTimeZones,
  ) {
    this.store = new ResilientRateLimitStore(
      new RedisRateLimitStore(redis, config.redis.keyPrefix),
      config.limits.fallbackShare,
    );
  }

  /** Waits for a slot. Throws HubspotDailyLimitError when the daily governor holds this lane back. */
  acquire(portalId: number, lane: Lane = 'live', bucket: Bucket = 'default'): Promise<RatePermit> {
    if (this.closed) return Promise.reject(shutdownError(portalId));
    const key = `${portalId}|${bucket}`;
    let queue = this.queues.get(key);
    if (!queue) {
      queue = {
        portalId,
        bucket: bucketSpec(this.config.limits, bucket),
        waiters: new Map(),
        running: false,
      };
      this.queues.set(key, queue);
    }
    return new Promise<RatePermit>((resolve, reject) => {
      const waiters = queue.waiters.get(lane) ?? [];
      waiters.push({ id: randomUUID(), lane, resolve, reject });
      queue.waiters.set(lane, waiters);
      if (!queue.running) void this.pump(queue);
      // A higher lane must not sleep behind a lower one: wake the pump so it asks (and registers) now.
      else if (queue.serving && LANES.indexOf(lane) < LANES.indexOf(queue.serving)) queue.wake?.();
    });
  }

  /**
   * Runs one attempt inside the portal's budget: waits for a slot before `send` and, once HubSpot answered
   * (errors included), settles it with what the rate-limit headers said. A request that failed on the network
   * may still have reached HubSpot, so its slot counts as used.
   */
  async meter(ctx: BudgetContext, send: () => Promise<RawResponse>): Promise<RawResponse> {
    if (ctx.unmetered) return send();
    const permit = await this.acquire(ctx.portalId, ctx.lane, ctx.bucket);
    let response: RawResponse;
    try {
      response = await send();
    } catch (err) {
      await permit.settle({ sent: true });
      throw err;
    }
    await permit.settle({
      sent: true,
      ageMs: response.receivedAt === undefined ? 0 : performance.now() - response.receivedAt,
      headers: readRateLimitHeaders(response.headers),
      dailyExhausted: isDailyLimitAnswer(response.status, response.text),
      rateLimited: response.status === 429,
    });
    return response;
  }

  /** The portal's next daily reset: midnight in its account's time zone (the default zone until learned). */
  dailyResetAt(portalId?: number): Date {
    return nextDailyReset(this.timeZones.zoneOf(portalId));
  }

  /** True while calls are limited in-process because Redis is unreachable. */
  get usingFallback(): boolean {
    return this.store.usingFallback;
  }

  onApplicationShutdown(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    for (const queue of this.queues.values()) {
      for (const list of queue.waiters.values()) {
        for (const w of list) w.reject(shutdownError(queue.portalId));
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
        if (result.admitted < batch.length) {
          queue.serving = lane;
          await this.sleep(Math.max(1, result.waitMs), queue);
          queue.serving = undefined;
        }
      }
    } finally {
      queue.running = false;
    }
  }

  private tryAcquire(queue: Queue, lane: Lane, batch: Waiter[]) {
    return this.store.acquire({
      portalId: queue.portalId,
      lane,
      bucket: queue.bucket,
      ids: batch.map((w) => w.id),
      waiterId: this.processId,
      leaseMs: this.config.http.timeoutMs + 2_000,
      dailyReserve: this.config.limits.dailyReserve,
      pollMs: Math.max(5, Math.min(50, Math.round(this.config.limits.windowMs / 50))),
    });
  }

  private rejectDaily(queue: Queue, daily: { remaining: number; resetAt: number }): void {
    const resetAt = new Date(daily.resetAt || this.dailyResetAt(queue.portalId).getTime());
    const reserveHeld = daily.remaining > 0;
    for (const lane of LANES) {
      if (reserveHeld && lane !== 'reconcile' && lane !== 'backfill') continue;
      const list = queue.waiters.get(lane) ?? [];
      queue.waiters.set(lane, []);
      for (const w of list) w.reject(dailyGovernorError(queue.portalId, lane, daily.remaining, resetAt));
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
            resetAt: this.dailyResetAt(queue.portalId).getTime(),
            ...outcome,
          })
          .catch((err: Error) => {
            // The slot's lease frees it; the window stays safe. The next acquire logs the outage.
            this.store.noteFailure(`settle failed: ${err.message}`);
            return { others: 0 };
          });
        return settled;
      },
    };
  }

  private sleep(ms: number, queue: Queue): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.timers.delete(t);
        queue.wake = undefined;
        resolve();
      };
      const t = setTimeout(done, ms);
      this.timers.add(t);
      queue.wake = done;
    });
  }
}

/** Retryable: work interrupted by a deploy is picked up again by another process or after restart. */
function shutdownError(portalId: number): HubspotTransientError {
  return new HubspotTransientError('PortalRateLimiter is shut down', { portalId, category: 'SHUTDOWN' });
}
