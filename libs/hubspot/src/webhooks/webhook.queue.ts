import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { HubspotRedis } from '../redis/hubspot-redis.types';
import { HubspotConfig } from '../config/hubspot.config';
import { HUBSPOT_REDIS, WEBHOOKS_QUEUE } from '../config/hubspot.constants';
import { InjectHubspotConfig } from '../config/inject-hubspot-config.decorator';

export const DRAIN_JOB = 'drain';
export const SWEEP_JOB = 'sweep';

export interface DrainJobData {
  objectKeys: string[];
}

/** The webhooks Bull queue: what to drain and when. Jobs only name objects; the events live in the table. */
@Injectable()
export class WebhookQueue {
  constructor(
    @InjectQueue(WEBHOOKS_QUEUE) readonly queue: Queue,
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    @Inject(HUBSPOT_REDIS) private readonly redisClient: HubspotRedis,
  ) {}

  /** Drain these objects after the settle delay. */
  async drainSoon(objectKeys: string[]): Promise<void> {
    if (!objectKeys.length) return;
    await this.queue.add(DRAIN_JOB, { objectKeys } satisfies DrainJobData, {
      delay: this.config.webhooks?.settleMs ?? 0,
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }

  /** Drain one object when its next retry is due (one job per object and due time). */
  async drainAt(objectKey: string, at: Date): Promise<void> {
    await this.queue.add(DRAIN_JOB, { objectKeys: [objectKey] } satisfies DrainJobData, {
      jobId: `retry:${objectKey}:${at.getTime()}`,
      delay: Math.max(0, at.getTime() - Date.now()),
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }

  /** The module's Redis connection (HUBSPOT_REDIS), for locks and the replay cache. */
  redis(): HubspotRedis {
    return this.redisClient;
  }

  keyPrefix(): string {
    return `${this.config.redis.keyPrefix}:webhooks:`;
  }
}
