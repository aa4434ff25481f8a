import { Inject, Injectable, Logger, OnApplicationShutdown, Provider } from '@nestjs/common';
import Redis from 'ioredis';
import { HubspotConfig } from '../config/hubspot.config';
import { HUBSPOT_CONFIG, HUBSPOT_REDIS } from '../config/hubspot.constants';

/**
 * The module's own Redis connection (limiter, locks). Keys are NOT prefixed by ioredis: build every key
 * as `${config.redis.keyPrefix}:<feature>:...` so one Redis can host several apps and test suites.
 */
export const hubspotRedisProvider: Provider = {
  provide: HUBSPOT_REDIS,
  inject: [HUBSPOT_CONFIG],
  useFactory: (config: HubspotConfig): Redis => createHubspotRedis(config),
};

export function createHubspotRedis(config: HubspotConfig): Redis {
  const logger = new Logger('HubspotRedis');
  const options = {
    connectionName: 'hubspot-sync',
    // Fail commands fast while Redis is away: the limiter then switches to its in-process fallback.
    maxRetriesPerRequest: 1,
    commandTimeout: 2_000,
    retryStrategy: (times: number) => Math.min(times * 200, 2_000),
    // A socket that never connected may never emit 'close': don't let its cleanup timer hold shutdown.
    disconnectTimeout: 200,
  };
  const redis = config.redis.url
    ? new Redis(config.redis.url, options)
    : new Redis({
        ...options,
        host: config.redis.host,
        port: config.redis.port,
        password: config.redis.password,
        db: config.redis.db,
      });
  let lastError = 0;
  redis.on('error', (err: Error) => {
    // ioredis emits on every reconnect attempt; keep the log useful, not a flood.
    if (Date.now() - lastError > 10_000) logger.error(`Redis error: ${err.message}`);
    lastError = Date.now();
  });
  return redis;
}

/** Closes HUBSPOT_REDIS when the application shuts down. */
@Injectable()
export class HubspotRedisCloser implements OnApplicationShutdown {
  constructor(@Inject(HUBSPOT_REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'end') return;
    // quit() only closes a live connection; a client still (re)connecting would keep retrying.
    if (this.redis.status !== 'ready') return this.redis.disconnect();
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}
