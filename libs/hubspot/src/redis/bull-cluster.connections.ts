import { Cluster } from 'ioredis';
import { HubspotConfig } from '../config/hubspot.config';
import { closeRedis, redisNodeOptions } from './hubspot-redis.provider';

export type BullClientType = 'client' | 'subscriber' | 'bclient';

/**
 * Bull's connections when the module runs on a Redis Cluster: Bull 4 takes them from `createClient` (its keys
 * share one slot through the hash-tagged prefix). Bull leaves clients it did not open itself open, so they are
 * kept here and closed once the queues are (BullClusterCloser).
 */
export class BullClusterConnections {
  private readonly clients = new Set<Cluster>();

  constructor(private readonly config: HubspotConfig) {}

  /** Bull's prefix: hash-tagged on a cluster, as before on a single server. */
  get prefix(): string {
    const { keyPrefix, cluster } = this.config.redis;
    return cluster ? `{${keyPrefix}:bull}` : `${keyPrefix}:bull`;
  }

  readonly createClient = (type: BullClientType): Cluster => {
    const nodes = this.config.redis.cluster?.nodes ?? [];
    // Bull's blocking and subscriber connections must wait for Redis forever, without a ready check.
    const blocking = type !== 'client';
    const client = new Cluster(nodes, {
      redisOptions: {
        ...redisNodeOptions(this.config),
        connectionName: `hubspot-sync-bull-${type}`,
        ...(blocking
          ? { maxRetriesPerRequest: null, enableReadyCheck: false, commandTimeout: undefined }
          : {}),
      },
      enableReadyCheck: !blocking,
      clusterRetryStrategy: (times: number) => Math.min(times * 200, 2_000),
    });
    client.on('error', () => undefined);
    this.clients.add(client);
    return client;
  };

  async close(): Promise<void> {
    const clients = [...this.clients];
    this.clients.clear();
    await Promise.all(clients.map((c) => closeRedis(c)));
  }
}
