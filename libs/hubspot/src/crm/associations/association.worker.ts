import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { AssociationPendingError } from '../../errors';
import { ASSOCIATION_JOB_NAME, AssociationJobData, associationLedgerType } from './association.types';
import { HubspotConfig } from '../../config/hubspot.config';
import { DEFERRED_QUEUE } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { CoalescingQueueWorker } from '../../engine/workers/coalescing-queue.worker';
import { AssociationBatchHandler, AssociationVerdict } from './association-batch.handler';

/**
 * Worker of DEFERRED_QUEUE: queued associations, coalesced into v4 batch calls. A job whose records are not
 * in HubSpot yet fails retryably and Bull tries it again with backoff. Runs only when `sync.worker` is true.
 */
@Injectable()
export class AssociationWorker extends CoalescingQueueWorker<AssociationJobData, AssociationVerdict> {
  constructor(
    @InjectQueue(DEFERRED_QUEUE) queue: Queue<AssociationJobData>,
    @InjectHubspotConfig() config: HubspotConfig,
    handler: AssociationBatchHandler,
  ) {
    super(queue, config, ASSOCIATION_JOB_NAME, (jobs) => handler.flush(jobs));
  }

  async handle(job: Job<AssociationJobData>): Promise<string> {
    const d = job.data;
    const group = `${d.portalId}|${associationLedgerType(d.fromType, d.toType, d.types)}|${d.lane}`;
    const verdict = await this.coalescer.submit(group, job);
    if (verdict.next === 'retry') {
      // Waiting for a record to reach HubSpot is the expected case, not a failure worth a log line.
      if (verdict.error instanceof AssociationPendingError) this.reported.add(verdict.error);
      throw verdict.error;
    }
    if (verdict.next === 'failed') {
      job.discard();
      this.reported.add(verdict.error);
      throw verdict.error;
    }
    return verdict.next;
  }
}
