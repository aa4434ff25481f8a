import { InjectQueue } from '@nestjs/bull';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import { HubspotConfig } from '../config/hubspot.config';
import { RUNS_QUEUE, SALES_QUEUE, WEBHOOKS_QUEUE } from '../config/hubspot.constants';
import { InjectHubspotConfig } from '../config/inject-hubspot-config.decorator';
import { BullClusterConnections } from './bull-cluster.connections';

/**
 * On a Redis Cluster: closes the module's queues (Bull's own close, which a later call simply awaits again),
 * then the cluster connections Bull was given. Nothing to do on a single server: Bull closes its own.
 */
@Injectable()
export class BullClusterCloser implements OnApplicationShutdown {
  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    @InjectQueue(WEBHOOKS_QUEUE) private readonly webhooks: Queue,
    @InjectQueue(RUNS_QUEUE) private readonly runs: Queue,
    @InjectQueue(SALES_QUEUE) private readonly sales: Queue,
    private readonly connections: BullClusterConnections,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.config.redis.cluster) return;
    await Promise.all([this.webhooks.close(), this.runs.close(), this.sales.close()]).catch(() => undefined);
    await this.connections.close();
  }
}
