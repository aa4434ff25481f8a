import { Logger } from '@nestjs/common';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import { AcquireCommand, AcquireResult, BucketSpec, BudgetUsage, RateLimitStore } from './rate-limit.store';
import { RedisRateLimitStore } from './redis-rate-limit.store';

/** After a Redis failure, stay in-process this long before trying Redis again. */
const REDIS_RETRY_MS = 5_000;

/**
 * Redis while it answers; otherwise a conservative in-process store (a share of the window, since
 * other processes may still be sending), with a loud log on the way in and out. Never blocks calls.
 */
export class ResilientRateLimitStore {
  private readonly logger = new Logger('PortalRateLimiter');
  private readonly fallback: MemoryRateLimitStore;
  private degradedUntil = 0;
  private degraded = false;

  constructor(
    private readonly redis: RedisRateLimitStore,
    private readonly fallbackShare: number,
  ) {
    this.fallback = new MemoryRateLimitStore(fallbackShare);
  }

  get usingFallback(): boolean {
    return this.degraded;
  }

  /** Acquires from Redis or the fallback; the permit must settle on the store that granted it. */
  async acquire(cmd: AcquireCommand): Promise<{ store: RateLimitStore; result: AcquireResult }> {
    if (Date.now() >= this.degradedUntil && this.redis.usable) {
      try {
        const result = await this.redis.acquire(cmd);
        if (this.degraded) {
          this.degraded = false;
          this.logger.warn('Redis is back: the HubSpot rate limit is shared across processes again');
        }
        return { store: this.redis, result };
      } catch (err) {
        this.noteFailure((err as Error).message);
      }
    } else if (!this.degraded) {
      this.noteFailure(this.redis.usable ? 'recent command failure' : 'connection lost');
    }
    return { store: this.fallback, result: await this.fallback.acquire(cmd) };
  }

  /** The shared window's use; the fallback's while Redis is away. */
  async usage(portalId: number, bucket: BucketSpec): Promise<BudgetUsage> {
    if (!this.degraded && this.redis.usable) {
      try {
        return await this.redis.usage(portalId, bucket);
      } catch {
        // Reported through the fallback below; the next acquire notices the outage.
      }
    }
    return this.fallback.usage(portalId, bucket);
  }

  /** Switches to the in-process store for a while; logs loudly once per outage. */
  noteFailure(reason: string): void {
    this.degradedUntil = Date.now() + REDIS_RETRY_MS;
    if (this.degraded) return;
    this.degraded = true;
    this.logger.error(
      `Redis unreachable (${reason}): HubSpot calls are now limited in-process to ` +
        `${Math.round(this.fallbackShare * 100)}% of the portal's window until Redis returns`,
    );
  }
}
