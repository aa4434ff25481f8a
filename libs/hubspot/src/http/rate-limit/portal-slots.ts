import { randomUUID } from 'node:crypto';
import { HubspotConfig } from '../../config/hubspot.config';
import { HubspotDailyLimitError, HubspotTransientError } from '../../errors';
import { Bucket, Lane } from '../hubspot-request.types';
import { dailyGovernorError, nextDailyReset } from './daily-reset';
import { PortalTimeZones } from './portal-time-zones';
import { bucketSpec } from './rate-limit.buckets';
import { BucketSpec, RateLimitStore, RatePermit, SettleResult } from './rate-limit.store';
import { ResilientRateLimitStore } from './resilient-rate-limit.store';

/** What `tryAcquire` answers: a slot now, or how long to wait (and why, when the daily governor said no). */
export type PermitOffer = { permit: RatePermit } | { waitMs: number; daily?: HubspotDailyLimitError };

/**
 * Reserving slots in one portal's windows (Redis, or the in-process fallback while Redis is away) and turning
 * them into permits that settle on the store that granted them.
 */
export class PortalSlots {
  /** Identifies this process's waiting lanes in the shared lane registry. */
  private readonly processId = randomUUID();

  constructor(
    private readonly config: HubspotConfig,
    readonly store: ResilientRateLimitStore,
    private readonly timeZones: PortalTimeZones,
  ) {}

  spec(bucket: Bucket): BucketSpec {
    return bucketSpec(this.config.limits, bucket);
  }

  reserve(portalId: number, bucket: BucketSpec, lane: Lane, ids: string[]) {
    return this.store.acquire({
      portalId,
      lane,
      bucket,
      ids,
      waiterId: this.processId,
      leaseMs: this.config.http.timeoutMs + 2_000,
      dailyReserve: this.config.limits.dailyReserve,
      pollMs: Math.max(5, Math.min(50, Math.round(this.config.limits.windowMs / 50))),
    });
  }

  /** One slot now, or how long to wait; never waits itself. */
  async offer(portalId: number, lane: Lane, bucket: Bucket): Promise<PermitOffer> {
    const spec = this.spec(bucket);
    const id = randomUUID();
    const { store, result } = await this.reserve(portalId, spec, lane, [id]);
    if (result.daily) return { waitMs: 0, daily: this.dailyError(portalId, lane, result.daily) };
    if (result.admitted) return { permit: this.permit(portalId, spec, id, store) };
    return { waitMs: Math.max(1, result.waitMs) };
  }

  permit(portalId: number, bucket: BucketSpec, id: string, store: RateLimitStore): RatePermit {
    let settled: Promise<SettleResult> | undefined;
    return {
      portalId,
      id,
      settle: (outcome) => {
        settled ??= store
          .settle({ portalId, bucket, id, resetAt: this.dailyResetAt(portalId).getTime(), ...outcome })
          .catch((err: Error) => {
            // The slot's lease frees it; the window stays safe. The next acquire logs the outage.
            this.store.noteFailure(`settle failed: ${err.message}`);
            return { others: 0 };
          });
        return settled;
      },
    };
  }

  dailyError(
    portalId: number,
    lane: Lane,
    daily: { remaining: number; resetAt: number },
  ): HubspotDailyLimitError {
    const resetAt = new Date(daily.resetAt || this.dailyResetAt(portalId).getTime());
    return dailyGovernorError(portalId, lane, daily.remaining, resetAt);
  }

  /** The portal's next daily reset: midnight in its account's time zone (the default zone until learned). */
  dailyResetAt(portalId?: number): Date {
    return nextDailyReset(this.timeZones.zoneOf(portalId));
  }
}

/** Retryable: work interrupted by a deploy is picked up again by another process or after restart. */
export function shutdownError(portalId: number): HubspotTransientError {
  return new HubspotTransientError('PortalRateLimiter is shut down', { portalId, category: 'SHUTDOWN' });
}
