import { Inject, Injectable, Logger, OnApplicationShutdown, Provider } from '@nestjs/common';
import Redis, { Cluster, RedisOptions } from 'ioredis';
import { HubspotConfig } from '../config/hubspot.config';
import { HUBSPOT_CONFIG, HUBSPOT_REDIS } from '../config/hubspot.constants';
import { HubspotRedis } from './hubspot-redis.types';

/**
 * The module's own Redis connection (limiter, dispatcher, locks): a single server, or a Redis Cluster with
 * `redis.cluster`. Keys are NOT prefixed by ioredis: build every key as `${config.redis.keyPrefix}:<feature>:...`
 * so one Redis can host several apps and test suites.
 */
export const hubspotRedisProvider: Provider = {
  provide: HUBSPOT_REDIS,
  inject: [HUBSPOT_CONFIG],
  useFactory: (config: HubspotConfig): HubspotRedis => createHubspotRedis(config),
};

/** Connection settings shared by every client the module opens (its own, and Bull's on a cluster). */
export function redisNodeOptions(config: HubspotConfig): RedisOptions {
  return {
    // Fail commands fast while Redis is away: the limiter then switches to its in-process fallback.
    maxRetriesPerRequest: 1,
    commandTimeout: 2_000,
    retryStrategy: (times: number) => Math.min(times * 200, 2_000),
    // A socket that never connected may never emit 'close': don't let its cleanup timer hold shutdown.
    disconnectTimeout: 200,
    password: config.redis.password,
  };
}

export function createHubspotRedis(config: HubspotConfig): HubspotRedis {
  const logger = new Logger('HubspotRedis');
  const options = { ...redisNodeOptions(config), connectionName: 'hubspot-sync' };
  let redis: HubspotRedis;
  if (config.redis.cluster) {
    redis = new Cluster(config.redis.cluster.nodes, {
      redisOptions: options,
      clusterRetryStrategy: (times: number) => Math.min(times * 200, 2_000),
    });
  } else if (config.redis.url) redis = new Redis(config.redis.url, options);
  else
    redis = new Redis({ ...options, host: config.redis.host, port: config.redis.port, db: config.redis.db });
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
  constructor(@Inject(HUBSPOT_REDIS) private readonly redis: HubspotRedis) {}

  async onApplicationShutdown(): Promise<void> {
    await closeRedis(this.redis);
  }
}

export async function closeRedis(redis: HubspotRedis): Promise<void> {
  if (redis.status === 'end') return;
  // quit() only closes a live connection; a client still (re)connecting would keep retrying.
  if (redis.status !== 'ready') return redis.disconnect();
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
