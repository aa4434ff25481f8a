import { InjectQueue } from '@nestjs/bull';
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import { HubspotConfig } from '../../config/hubspot.config';
import { SYNC_QUEUE } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { DeadLettersService } from '../dead-letters/dead-letters.service';
import { IntentStore } from './intent-store';
import { SYNC_JOB_NAME, SyncIntent, SyncJobData } from './sync-intent.types';

export interface EnqueueResult {
  /** The Bull job that will send it; null when the record's current job picks it up after its batch. */
  jobId: string | null;
}

/**
 * Producer side of the sync queue: stages an intent in Redis (merging with any not yet sent for the same
 * record) and makes sure exactly one job will send it. Resolves once both are durably in Redis.
 */
@Injectable()
export class SyncIntentQueue implements OnModuleInit {
  private intentStore?: IntentStore;

  constructor(
    @InjectQueue(SYNC_QUEUE) private readonly queue: Queue<SyncJobData>,
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly deadLetters: DeadLettersService,
  ) {}

  onModuleInit(): void {
    this.deadLetters.registerReplayer('upsert', async (payload, deadLetterId) => {
      await this.enqueue({ ...(payload as unknown as SyncIntent), deadLetterIds: [deadLetterId] });
    });
  }

  get store(): IntentStore {
    this.intentStore ??= new IntentStore(
      this.queue.client,
      this.config.redis.keyPrefix,
      this.queue.toKey(''),
    );
    return this.intentStore;
  }

  async enqueue(intent: SyncIntent): Promise<EnqueueResult> {
    const jobId = await this.store.stage(intent);
    if (jobId) {
      const data: SyncJobData = {
        portalId: intent.portalId,
        objectType: intent.objectType,
        localKey: intent.localKey,
        lane: intent.lane ?? 'live',
      };
      await this.queue.add(SYNC_JOB_NAME, data, { ...this.jobOptions(), jobId });
    }
    return { jobId };
  }

  /** Options of every sync job: Bull retries with exponential backoff; failed jobs kept for inspection. */
  jobOptions(): JobOptions {
    return {
      attempts: this.config.sync.maxAttempts,
      backoff: { type: 'exponential', delay: this.config.sync.retryDelayMs },
      removeOnComplete: true,
      removeOnFail: 1000,
    };
  }
}
