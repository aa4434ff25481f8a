import type { Cluster, Redis } from 'ioredis';

/** The module's Redis connection: a single server (the default) or a Redis Cluster (`redis.cluster`). */
export type HubspotRedis = Redis | Cluster;
