import { Inject, Injectable, Logger } from '@nestjs/common';
import { HUBSPOT_REDIS } from '../../config/hubspot.constants';
import { TokenProvider } from '../../http/token-provider';
import { HubspotRedis } from '../../redis/hubspot-redis.types';
import { RedisLock } from '../../redis/redis-lock';
import { DispatchStore } from './dispatch.store';
import { PortalIndex } from './portal-index';

const SWEEP_MS = 30_000;

/**
 * The safety net under the portal index: a producer that died between staging a record and adding its portal
 * to the index would leave that work unseen. Every 30 s one process (a Redis lock) looks at the installed
 * portals missing from the index and puts back any that has work.
 */
@Injectable()
export class PortalIndexSweeper {
  private readonly logger = new Logger('SyncDispatcher');
  private readonly lock: RedisLock;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(HUBSPOT_REDIS) redis: HubspotRedis,
    @Inject(TokenProvider) private readonly tokens: TokenProvider,
    private readonly store: DispatchStore,
    private readonly index: PortalIndex,
  ) {
    this.lock = new RedisLock(redis);
  }

  start(): void {
    this.timer = setInterval(() => void this.sweep().catch(() => undefined), SWEEP_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Returns the portals it put back. */
  async sweep(): Promise<number[]> {
    const held = await this.lock.tryAcquire(this.store.keys.sweepLock, { ttlMs: SWEEP_MS / 2 });
    if (!held) return [];
    try {
      const indexed = new Set(await this.index.portals());
      const restored: number[] = [];
      for (const portalId of await this.tokens.portalIds()) {
        if (indexed.has(portalId)) continue;
        const peek = await this.store.peek(portalId);
        if (peek.nextDue === null && peek.nextLeaseExpiry === null) continue;
        await this.index.lower(portalId, peek.now);
        restored.push(portalId);
      }
      if (restored.length)
        this.logger.warn(`Put portal(s) ${restored.join(', ')} back into the dispatch index`);
      return restored;
    } finally {
      await held.release();
    }
  }
}
