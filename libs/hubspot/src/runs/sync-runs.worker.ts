import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bull';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { HubspotError } from '../errors/hubspot.error';
import { HubspotDailyLimitError } from '../errors/hubspot-daily-limit.error';
import { HubspotConfig } from '../config/hubspot.config';
import { RUNS_QUEUE } from '../config/hubspot.constants';
import { InjectHubspotConfig } from '../config/inject-hubspot-config.decorator';
import { QueueWorker } from '../engine/workers/queue-worker';
import { HubspotSyncRun } from './hubspot-sync-run.entity';
import { RunCallMeter } from './run-call-meter';
import {
  RUN_EXECUTORS,
  RUN_JOB,
  RunExecutor,
  RunJobData,
  runJobId,
  RunStoppedError,
} from './run-executor.types';
import { SYNC_RUN_TIMING, SyncRunTiming } from './sync-run.timing';
import { SyncRunLeases } from './sync-run-leases';

/** How long a run waits after HubSpot stayed unavailable through every retry. */
const TRANSIENT_PARK_MS = 60_000;
/** On shutdown, how long to wait for runs to reach a batch boundary and hand themselves back. */
const SHUTDOWN_GRACE_MS = 15_000;

/**
 * Executes runs from RUNS_QUEUE under a lease (see SyncRunTiming) and re-enqueues runs whose worker died,
 * whose daily-limit parking is over, or whose job was lost. Enqueueing is safe from any pod: job ids are
 * deterministic per attempt, and the lease decides who works.
 */
@Injectable()
export class SyncRunsWorker extends QueueWorker {
  readonly ownerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly active = new Map<number, { controller: AbortController; done: Promise<void> }>();
  private sweepTimer?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    @InjectQueue(RUNS_QUEUE) queue: Queue<RunJobData>,
    @InjectHubspotConfig() config: HubspotConfig,
    @Inject(SYNC_RUN_TIMING) private readonly timing: SyncRunTiming,
    @Inject(RUN_EXECUTORS) private readonly executors: RunExecutor[],
    private readonly runs: SyncRunLeases,
    private readonly meter: RunCallMeter,
  ) {
    // Running runs are stopped at their next batch boundary after the pause, not waited for.
    super(queue, config, true);
  }

  async enqueue(run: HubspotSyncRun, delayMs = 0): Promise<void> {
    await this.queue.add(
      RUN_JOB,
      { runId: run.id },
      { jobId: runJobId(run), delay: delayMs, removeOnComplete: true, removeOnFail: 100, attempts: 1 },
    );
  }

  protected start(): void {
    this.process<RunJobData>(RUN_JOB, 2, (job) => this.handle(job.data.runId));
    this.sweepTimer = setInterval(() => void this.sweep(), this.timing.sweepMs);
    this.sweepTimer.unref();
    void this.sweep();
  }

  protected override beforePause(): void {
    this.stopping = true;
    clearInterval(this.sweepTimer);
  }

  /**
   * Before Redis, the database and the HTTP agent close: running runs stop at their next batch boundary and
   * are handed back (status queued), so another worker continues right away instead of after the lease.
   */
  protected override async afterPause(): Promise<void> {
    const running = [...this.active.values()];
    for (const { controller } of running) controller.abort();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(running.map((r) => r.done)),
      new Promise((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS))),
    ]);
    clearTimeout(timer);
  }

  /** Claims the run and executes one attempt; a run it cannot claim belongs to someone else. */
  async handle(runId: number): Promise<void> {
    if (this.stopping) return;
    const run = await this.runs.claim(runId, this.ownerId);
    if (!run) return;
    const executor = this.executors.find((e) => e.kind === run.kind);
    const controller = new AbortController();
    let settle!: () => void;
    this.active.set(run.id, { controller, done: new Promise<void>((resolve) => (settle = resolve)) });
    const tally = { calls: 0, rateLimited: 0 };
    const callsUsed = () => run.callsUsed + tally.calls;
    const heartbeat = setInterval(() => {
      void this.runs
        .heartbeat(run.id, this.ownerId)
        .then((alive) => alive || controller.abort())
        .catch((err: Error) => this.logger.warn(`Run ${run.id}: heartbeat failed: ${err.message}`));
    }, this.timing.heartbeatMs);
    if (run.resumedCount > 0) this.logger.log(`Run ${run.id} resumed (${run.resumedCount})`);
    try {
      if (!executor) throw new Error(`No executor for runs of kind '${run.kind}'`);
      const result = await this.meter.measure(tally, () =>
        executor.execute({
          run,
          signal: controller.signal,
          callsUsed,
          save: async (patch) => {
            if (controller.signal.aborted) throw new RunStoppedError(run.id);
            const ok = await this.runs.checkpoint(run.id, this.ownerId, { ...patch, callsUsed: callsUsed() });
            if (!ok) {
              controller.abort();
              throw new RunStoppedError(run.id);
            }
          },
        }),
      );
      await this.runs.finish(run.id, this.ownerId, 'completed', { ...result, callsUsed: callsUsed() });
    } catch (err) {
      await this.settleFailure(run, err, callsUsed());
    } finally {
      clearInterval(heartbeat);
      this.active.delete(run.id);
      settle();
    }
  }

  private async settleFailure(run: HubspotSyncRun, err: unknown, callsUsed: number): Promise<void> {
    if (err instanceof RunStoppedError || controllerAborted(err)) {
      if (this.stopping) await this.release(run, callsUsed);
      return;
    }
    if (err instanceof HubspotDailyLimitError || (err instanceof HubspotError && err.retryable)) {
      const until =
        err instanceof HubspotDailyLimitError ? err.resetAt : new Date(Date.now() + TRANSIENT_PARK_MS);
      this.logger.warn(`Run ${run.id} parked until ${until.toISOString()}: ${err.message}`);
      const parked = await this.runs.finish(run.id, this.ownerId, 'parked', {
        parkedUntil: until,
        callsUsed,
      });
      const latest = parked ? await this.runs.find(run.id) : null;
      if (latest) await this.enqueue(latest, Math.max(0, until.getTime() - Date.now()));
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    this.logger.error(`Run ${run.id} failed: ${message}`, err instanceof Error ? err.stack : undefined);
    await this.runs.finish(run.id, this.ownerId, 'failed', { error: message.slice(0, 2000), callsUsed });
  }

  /** Graceful shutdown: hand the run back so another worker continues right away. */
  private async release(run: HubspotSyncRun, callsUsed: number): Promise<void> {
    try {
      await this.runs.finish(run.id, this.ownerId, 'queued', { callsUsed });
    } catch (err) {
      this.logger.warn(`Run ${run.id}: could not release: ${(err as Error).message}`);
    }
  }

  /** Re-enqueues runs whose worker died, whose parking is over, or that wait without a job. */
  async sweep(): Promise<void> {
    try {
      const runs = [...(await this.runs.findOrphans()), ...(await this.runs.findQueued())];
      for (const run of runs) {
        if (this.active.has(run.id)) continue;
        await this.enqueue(run);
      }
    } catch (err) {
      if (!this.stopping) this.logger.warn(`Run sweep failed: ${(err as Error).message}`);
    }
  }
}

function controllerAborted(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}
