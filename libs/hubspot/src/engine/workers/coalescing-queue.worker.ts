import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { HubspotConfig } from '../../config/hubspot.config';
import { BatchCoalescer } from '../batch/batch-coalescer';
import { releaseOrphanedJobs } from './release-orphaned-jobs';

/** Sends one batch of jobs; resolves with one verdict per job, in order. */
export type BatchFlush<D, V> = (jobs: Array<Job<D>>) => Promise<V[]>;

/**
 * Lifecycle shared by the workers that feed Bull jobs into a BatchCoalescer: takes up to
 * concurrency x batchSize jobs of one name at a time (only when `sync.worker` is true) and, on shutdown,
 * sends what is buffered, pauses locally and hands fetched but unstarted jobs back to the queue.
 * Subclasses decide the batch group of a job and what its verdict means for the job.
 */
export abstract class CoalescingQueueWorker<D, V>
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  protected readonly logger = new Logger(this.constructor.name);
  protected readonly coalescer: BatchCoalescer<Job<D>, V>;
  private started = false;

  protected constructor(
    protected readonly queue: Queue<D>,
    protected readonly config: HubspotConfig,
    private readonly jobName: string,
    private readonly label: string,
    flush: BatchFlush<D, V>,
  ) {
    this.coalescer = new BatchCoalescer((_group, jobs) => flush(jobs), {
      maxBatch: config.sync.batchSize,
      windowMs: config.sync.coalesceWindowMs,
      maxInFlight: config.sync.concurrency,
    });
  }

  /** Processes one job: resolves to complete it, throws to fail it. */
  abstract handle(job: Job<D>): Promise<string>;

  onApplicationBootstrap(): void {
    if (!this.config.sync.worker) return;
    this.started = true;
    const slots = this.config.sync.concurrency * this.config.sync.batchSize;
    // process() resolves only when the queue closes: never await it here.
    this.queue
      .process(this.jobName, slots, (job: Job<D>) => this.handle(job))
      .catch((err: Error) => this.logger.error(`${this.label} stopped: ${err.message}`));
  }

  /** Stops taking jobs, sends what is buffered now and waits for batches in flight. */
  async beforeApplicationShutdown(): Promise<void> {
    // Once only: pausing a closed Bull queue reconnects its blocking client (a socket nobody closes).
    if (!this.started) return;
    this.started = false;
    this.coalescer.drain();
    await this.queue.pause(true).catch(() => undefined);
    const released = await releaseOrphanedJobs(this.queue).catch(() => 0);
    if (released) this.logger.log(`Handed ${released} fetched but unstarted job(s) back to the queue`);
  }
}
