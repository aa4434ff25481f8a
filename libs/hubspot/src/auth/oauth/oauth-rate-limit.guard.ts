import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { HubspotRedis } from '../../redis/hubspot-redis.types';
import { HubspotConfig } from '../../config/hubspot.config';
import { HUBSPOT_REDIS } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { ClientRateLimitedError } from '../../errors/client-rate-limited.error';
import { RedisWindowCounter } from '../../redis/redis-window.counter';

const WINDOW_MS = 60_000;

interface ClientRequest {
  ip?: string;
  socket?: { remoteAddress?: string };
}

/**
 * Caps install and callback requests per client address and route (`auth.rateLimitPerMinute`), counted in
 * Redis so that every pod shares the window. The address is the framework's `req.ip`, so behind a proxy
 * it is right only when the host configured the proxy as trusted (Express `trust proxy`). When Redis is
 * unreachable the routes stay open: the signed, browser-bound state still protects the callback.
 */
@Injectable()
export class OAuthRateLimitGuard implements CanActivate {
  private readonly logger = new Logger('HubspotOAuth');
  private readonly counter: RedisWindowCounter;
  private warnedUnavailable = false;

  constructor(
    @Inject(HUBSPOT_REDIS) redis: HubspotRedis,
    @InjectHubspotConfig() private readonly config: HubspotConfig,
  ) {
    this.counter = new RedisWindowCounter(redis);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ClientRequest>();
    const route = context.getHandler().name;
    const client = req.ip ?? req.socket?.remoteAddress ?? 'unknown';
    const key = `${this.config.redis.keyPrefix}:oauth:rate:${route}:${client}`;
    let hit;
    try {
      hit = await this.counter.hit(key, WINDOW_MS);
    } catch (error) {
      if (!this.warnedUnavailable) {
        this.warnedUnavailable = true;
        this.logger.warn(`OAuth rate limit not applied (Redis): ${(error as Error).message}`);
      }
      return true;
    }
    this.warnedUnavailable = false;
    if (hit.count > this.config.auth.rateLimitPerMinute) {
      throw new ClientRateLimitedError(`OAuth ${route}`, hit.resetInMs);
    }
    return true;
  }
}
