import type { Job, Queue } from 'bull';
import { HubspotConfig } from '../../config/hubspot.config';
import { BatchCoalescer } from '../batch/batch-coalescer';
import { QueueWorker } from './queue-worker';

/** Sends one batch of jobs; resolves with one verdict per job, in order. */
export type BatchFlush<D, V> = (jobs: Array<Job<D>>) => Promise<V[]>;

/**
 * A QueueWorker that feeds its jobs into a BatchCoalescer: takes up to concurrency x batchSize jobs of one
 * name at a time and, on shutdown, sends what is buffered before the queue pauses. Subclasses decide the
 * batch group of a job and what its verdict means for the job.
 */
export abstract class CoalescingQueueWorker<D, V> extends QueueWorker {
  protected readonly coalescer: BatchCoalescer<Job<D>, V>;

  protected constructor(
    queue: Queue<D>,
    config: HubspotConfig,
    private readonly jobName: string,
    flush: BatchFlush<D, V>,
  ) {
    super(queue, config);
    this.coalescer = new BatchCoalescer((_group, jobs) => flush(jobs), {
      maxBatch: config.sync.batchSize,
      windowMs: config.sync.coalesceWindowMs,
      maxInFlight: config.sync.concurrency,
    });
  }

  /** Processes one job: resolves to complete it, throws to fail it. */
  abstract handle(job: Job<D>): Promise<string>;

  protected start(): void {
    const slots = this.config.sync.concurrency * this.config.sync.batchSize;
    this.process<D>(this.jobName, slots, (job) => this.handle(job));
  }

  protected override beforePause(): void {
    this.coalescer.drain();
  }
}
