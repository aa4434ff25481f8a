import { InjectQueue } from '@nestjs/bull';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { Job, Queue } from 'bull';
import {
  ASSOCIATION_JOB_NAME,
  AssociationJobData,
  associationLedgerType,
} from '../../crm/associations/association.types';
import { HubspotConfig } from '../../hubspot.config';
import { DEFERRED_QUEUE, HUBSPOT_CONFIG } from '../../hubspot.constants';
import { BatchCoalescer } from '../batch/batch-coalescer';
import { releaseOrphanedJobs } from './release-orphaned-jobs';
import { AssociationBatchHandler, AssociationVerdict } from './association-batch.handler';

/**
 * Worker of DEFERRED_QUEUE: queued associations, coalesced into v4 batch calls. A job whose records are not
 * in HubSpot yet fails retryably and Bull tries it again with backoff. Runs only when `sync.worker` is true.
 */
@Injectable()
export class AssociationWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AssociationWorker.name);
  private readonly coalescer: BatchCoalescer<Job<AssociationJobData>, AssociationVerdict>;
  private started = false;

  constructor(
    @InjectQueue(DEFERRED_QUEUE) private readonly queue: Queue<AssociationJobData>,
    @Inject(HUBSPOT_CONFIG) private readonly config: HubspotConfig,
    handler: AssociationBatchHandler,
  ) {
    this.coalescer = new BatchCoalescer((_group, jobs) => handler.flush(jobs), {
      maxBatch: config.sync.batchSize,
      windowMs: config.sync.coalesceWindowMs,
      maxInFlight: config.sync.concurrency,
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.sync.worker) return;
    this.started = true;
    const slots = this.config.sync.concurrency * this.config.sync.batchSize;
    this.queue
      .process(ASSOCIATION_JOB_NAME, slots, (job: Job<AssociationJobData>) => this.handle(job))
      .catch((err: Error) => this.logger.error(`Association worker stopped: ${err.message}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Once only: pausing a closed Bull queue reconnects its blocking client (a socket nobody closes).
    if (!this.started) return;
    this.started = false;
    this.coalescer.drain();
    await this.queue.pause(true).catch(() => undefined);
    const released = await releaseOrphanedJobs(this.queue).catch(() => 0);
    if (released) this.logger.log(`Handed ${released} fetched but unstarted job(s) back to the queue`);
  }

  async handle(job: Job<AssociationJobData>): Promise<string> {
    const d = job.data;
    const group = `${d.portalId}|${associationLedgerType(d.fromType, d.toType, d.types)}|${d.lane}`;
    const verdict = await this.coalescer.submit(group, job);
    if (verdict.next === 'retry') throw verdict.error;
    if (verdict.next === 'failed') {
      job.discard();
      throw verdict.error;
    }
    return verdict.next;
  }
}
