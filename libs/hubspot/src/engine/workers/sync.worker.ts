import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { HubspotError } from '../../errors';
import { HubspotConfig } from '../../config/hubspot.config';
import { SYNC_QUEUE } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { SyncIntentQueue } from '../intents/sync-intent.queue';
import { SYNC_JOB_NAME, SyncJobData } from '../intents/sync-intent.types';
import { CoalescingQueueWorker } from './coalescing-queue.worker';
import { refOf, SyncBatchHandler } from './sync-batch.handler';
import { SyncVerdict } from './sync-verdict';

/**
 * The sync queue's worker. Bull hands it jobs one by one (up to concurrency x batchSize at a time); each job
 * waits in the coalescer until its batch leaves, then settles on its own row's verdict. A job completes only
 * once HubSpot accepted its record (or it was dead-lettered); until then its intent stays in Redis, so a
 * restart loses nothing. Runs only when `sync.worker` is true.
 */
@Injectable()
export class SyncWorker extends CoalescingQueueWorker<SyncJobData, SyncVerdict> {
  constructor(
    @InjectQueue(SYNC_QUEUE) queue: Queue<SyncJobData>,
    @InjectHubspotConfig() config: HubspotConfig,
    handler: SyncBatchHandler,
    private readonly intents: SyncIntentQueue,
  ) {
    super(queue, config, SYNC_JOB_NAME, (jobs) => handler.flush(jobs));
  }

  async handle(job: Job<SyncJobData>): Promise<string> {
    for (;;) {
      const verdict = await this.coalescer.submit(groupOf(job.data), job);
      switch (verdict.next) {
        case 'again':
          continue;
        case 'done':
        case 'busy':
          return verdict.next;
        case 'retry':
          throw verdict.error;
        case 'failed':
          // Dead-lettered (and logged there): no retry, no second log line.
          job.discard();
          this.reported.add(verdict.error);
          throw verdict.error;
        case 'park':
          await this.park(job, verdict.error);
          return 'parked';
      }
    }
  }

  /** Daily budget spent: a delayed job takes over the record (and its lease) until the portal's reset. */
  private async park(job: Job<SyncJobData>, error: HubspotError): Promise<void> {
    const delay = Math.max(error.retryAfterMs ?? 60_000, 1_000);
    const successor = `${job.data.parkedFrom ?? job.id}:parked:${Date.now()}`;
    await this.queue.add(
      SYNC_JOB_NAME,
      {
        ...job.data,
        parkedFrom: String(job.data.parkedFrom ?? job.id),
        parkedReason: `${error.category ?? error.name}: ${error.message}`,
      },
      { ...this.intents.jobOptions(), jobId: successor, delay },
    );
    await this.intents.store.handoff(refOf(job), String(job.id), successor);
    this.logger.warn(`Parked ${job.id} for ${Math.round(delay / 1000)} s: ${error.message}`);
  }
}

function groupOf(data: SyncJobData): string {
  return `${data.portalId}|${data.objectType}|${data.lane}`;
}
