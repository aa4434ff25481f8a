import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { HubspotConfig } from '../../config/hubspot.config';
import { guardWorkerName } from './bull-worker-name.patch';
import { JobFailureLog } from './job-failure.log';
import { releaseOrphanedJobs } from './release-orphaned-jobs';

/**
 * The lifecycle every worker of the module's queues shares. It starts taking jobs at bootstrap, and only in
 * worker processes (`sync.worker`). Shutdown runs once and in order:
 * `beforePause` (stop feeding work), a local pause (other processes keep working the queue), `afterPause`
 * (let running work reach a boundary), then jobs this process fetched but never started go back to the queue.
 * Every failed job is logged with its reason, except failures the worker already reported (see `reported`).
 */
export abstract class QueueWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private started = false;
  private readonly failures = new JobFailureLog(this.logger);
  /** Errors a subclass already logged or expects (a dead letter, a wait for the other record): not logged again. */
  protected readonly reported = new WeakSet<object>();

  protected constructor(
    protected readonly queue: Queue,
    protected readonly config: HubspotConfig,
    /** Pause without waiting for active jobs (they are stopped in afterPause instead). */
    private readonly pauseWithoutWaiting = false,
  ) {
    guardWorkerName(queue);
  }

  /** True between bootstrap and shutdown in a worker process. */
  protected get running(): boolean {
    return this.started;
  }

  /** Registers the processors (see `process`). */
  protected abstract start(): void | Promise<void>;

  protected beforePause(): void | Promise<void> {}

  protected afterPause(): void | Promise<void> {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.sync.worker) return;
    this.started = true;
    this.queue.on('failed', (job: Job, error: Error) => {
      if (!(error && this.reported.has(error))) this.failures.record(job, error);
    });
    await this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Once only: pausing a closed Bull queue reconnects its blocking client (a socket nobody closes).
    if (!this.started) return;
    this.started = false;
    await this.beforePause();
    await this.queue.pause(true, this.pauseWithoutWaiting).catch(() => undefined);
    await this.afterPause();
    const released = await releaseOrphanedJobs(this.queue).catch(() => 0);
    if (released) this.logger.log(`Handed ${released} fetched but unstarted job(s) back to the queue`);
    this.failures.flush();
  }

  /** Takes jobs named `name`; the promise Bull returns settles only when the queue closes, so it is not awaited. */
  protected process<D>(name: string, concurrency: number, handler: (job: Job<D>) => Promise<unknown>): void {
    this.queue
      .process(name, concurrency, handler)
      .catch((err: Error) => this.started && this.logger.error(`${name} processor stopped: ${err.message}`));
  }
}
