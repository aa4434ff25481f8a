import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { HubspotConfig } from '../../config/hubspot.config';
import { HUBSPOT_REDIS } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { HubspotRedis } from '../../redis/hubspot-redis.types';
import { Bucket, BudgetContext, Lane, RawResponse } from '../hubspot-request.types';
import { HeldPermit, jointPermit } from './held-permit';
import { PermitOffer, PortalSlots, shutdownError } from './portal-slots';
import { PortalTimeZones } from './portal-time-zones';
import { isDailyLimitAnswer, readRateLimitHeaders } from './rate-limit.headers';
import { BudgetUsage, RatePermit } from './rate-limit.store';
import { RedisRateLimitStore } from './redis-rate-limit.store';
import { ResilientRateLimitStore } from './resilient-rate-limit.store';
import { WaitingPermits } from './waiting-permits';

export type { RatePermit } from './rate-limit.store';
export type { PermitOffer } from './portal-slots';

/**
 * Rolling-window budget per portal, shared by every process through Redis. `acquire` waits for a slot
 * (lanes served highest first, in this process and, through Redis, in every other); `tryAcquire` answers at
 * once with a slot or how long to wait; `meter` runs one attempt of a call inside the budget.
 */
@Injectable()
export class PortalRateLimiter implements OnApplicationShutdown {
  private readonly store: ResilientRateLimitStore;
  private readonly slots: PortalSlots;
  private readonly waiting: WaitingPermits;
  private closed = false;

  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    @Inject(HUBSPOT_REDIS) redis: HubspotRedis,
    timeZones: PortalTimeZones,
  ) {
    this.store = new ResilientRateLimitStore(
      new RedisRateLimitStore(redis, config.redis.keyPrefix),
      config.limits.fallbackShare,
    );
    this.slots = new PortalSlots(config, this.store, timeZones);
    this.waiting = new WaitingPermits(this.slots);
  }

  /**
   * Waits for a slot. Throws HubspotDailyLimitError when the daily governor holds this lane back. An
   * associations call takes a slot in its own window and, under the safe reading (the default), in the
   * general one too.
   */
  async acquire(portalId: number, lane: Lane = 'live', bucket: Bucket = 'default'): Promise<RatePermit> {
    if (!this.sharesGeneral(bucket)) return this.waiting.acquire(portalId, lane, bucket);
    const own = await this.waiting.acquire(portalId, lane, 'associations');
    try {
      return jointPermit(await this.waiting.acquire(portalId, lane, 'default'), own);
    } catch (err) {
      await own.settle({ sent: false });
      throw err;
    }
  }

  /**
   * A slot now, or how long until one may be free; never waits. Registers the lane as waiting when refused,
   * so that lower lanes of the portal yield in every process, exactly as a waiting `acquire` does.
   */
  async tryAcquire(portalId: number, lane: Lane = 'live', bucket: Bucket = 'default'): Promise<PermitOffer> {
    if (this.closed) throw shutdownError(portalId);
    if (!this.sharesGeneral(bucket)) return this.slots.offer(portalId, lane, bucket);
    const own = await this.slots.offer(portalId, lane, 'associations');
    if (!('permit' in own)) return own;
    const general = await this.slots.offer(portalId, lane, 'default').catch(async (err: unknown) => {
      await own.permit.settle({ sent: false });
      throw err;
    });
    if ('permit' in general) return { permit: jointPermit(general.permit, own.permit) };
    await own.permit.settle({ sent: false });
    return general;
  }

  /**
   * Runs one attempt inside the portal's budget: waits for a slot before `send` and, once HubSpot answered
   * (errors included), settles it with what the rate-limit headers said. A request that failed on the network
   * may still have reached HubSpot, so its slot counts as used. A `held` permit not used yet is spent first.
   */
  async meter(ctx: BudgetContext, send: () => Promise<RawResponse>, held?: HeldPermit): Promise<RawResponse> {
    if (ctx.unmetered) return send();
    const permit = held?.use() ?? (await this.acquire(ctx.portalId, ctx.lane, ctx.bucket));
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
    return this.slots.dailyResetAt(portalId);
  }

  /** The portal's general budget right now: slots in the window (in flight included), Max, daily left. */
  usage(portalId: number): Promise<BudgetUsage> {
    return this.store.usage(portalId, this.slots.spec('default'));
  }

  /** True while calls are limited in-process because Redis is unreachable. */
  get usingFallback(): boolean {
    return this.store.usingFallback;
  }

  onApplicationShutdown(): void {
    this.closed = true;
    this.waiting.close();
  }

  private sharesGeneral(bucket: Bucket): boolean {
    return bucket === 'associations' && this.config.limits.associationsShareGeneralBudget;
  }
}
