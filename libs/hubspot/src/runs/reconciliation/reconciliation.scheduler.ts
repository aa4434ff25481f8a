import { InjectQueue } from '@nestjs/bull';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Type,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bull';
import { CronJob, CronTime } from 'cron';
import { TokenProvider } from '../../http/token-provider';
import { HubspotConfig } from '../../config/hubspot.config';
import { RUNS_QUEUE } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { optionalPeer } from '../../config/optional-peer';
import { ReconciliationService } from './reconciliation.service';

export const RECONCILE_SLOT_JOB = 'reconcile-slot';
export const RECONCILIATION_CRON_NAME = 'hubspot-reconciliation';

/** What the scheduler uses of @nestjs/schedule's SchedulerRegistry (an optional peer). */
interface CronRegistry {
  addCronJob(name: string, job: unknown): void;
  doesExist(type: 'cron', name: string): boolean;
  deleteCronJob(name: string): void;
}

export interface ReconcileSlotJobData {
  portalId: number;
  /** Epoch ms of the cron occurrence this tick belongs to. */
  slot: number;
}

/**
 * Ticks `reconciliation.cron` without calling ScheduleModule.forRoot: a `CronJob` from the `cron` package
 * (the one @nestjs/schedule uses), added to the host's SchedulerRegistry when the host uses @nestjs/schedule. A tick only enqueues
 * a job whose id derives from the occurrence, so every pod ticking the same slot yields one job; its processor
 * creates the run under a unique slot key, so one run per slot happens cluster-wide even after Bull forgets.
 */
@Injectable()
export class ReconciliationScheduler
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(ReconciliationScheduler.name);
  private job?: CronJob;
  private stopping = false;
  private registry?: CronRegistry;

  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    @InjectQueue(RUNS_QUEUE) private readonly queue: Queue,
    @Inject(TokenProvider) private readonly tokens: TokenProvider,
    private readonly reconciliation: ReconciliationService,
    private readonly moduleRef: ModuleRef,
  ) {}

  onApplicationBootstrap(): void {
    const cron = this.config.reconciliation.cron;
    if (!this.config.sync.worker) return;
    // The promise settles when the queue closes; a closing connection is not an error then.
    this.queue
      .process(RECONCILE_SLOT_JOB, 1, (job) =>
        this.reconciliation.startScheduled(job.data.portalId, job.data.slot),
      )
      .catch(
        (err: Error) =>
          this.stopping || this.logger.error(`Reconciliation slots processor stopped: ${err.message}`),
      );
    if (!cron) return;
    this.job = CronJob.from({
      cronTime: cron,
      onTick: () => this.tick(),
      timeZone: this.config.limits.portalTimeZone,
      start: false,
    });
    this.registry = this.hostCronRegistry();
    this.registry?.addCronJob(RECONCILIATION_CRON_NAME, this.job);
    this.job.start();
    this.logger.log(`Reconciliation scheduled: '${cron}' (next ${this.job.nextDate().toISO()})`);
  }

  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.job) return;
    await this.job.stop();
    if (this.registry?.doesExist('cron', RECONCILIATION_CRON_NAME)) {
      this.registry.deleteCronJob(RECONCILIATION_CRON_NAME);
    }
  }

  /** The host's SchedulerRegistry, when it imports ScheduleModule (so its cron jobs list ours too). */
  private hostCronRegistry(): CronRegistry | undefined {
    const schedule = optionalPeer<{ SchedulerRegistry: Type<CronRegistry> }>('@nestjs/schedule');
    if (!schedule) return undefined;
    try {
      return this.moduleRef.get(schedule.SchedulerRegistry, { strict: false });
    } catch {
      return undefined;
    }
  }

  /** Enqueues this occurrence for every portal; safe to call from any number of pods. */
  async tick(now = Date.now()): Promise<void> {
    const slot = this.slotOf(now);
    try {
      for (const portalId of await this.tokens.portalIds()) {
        await this.queue.add(RECONCILE_SLOT_JOB, { portalId, slot } satisfies ReconcileSlotJobData, {
          jobId: `reconcile-slot-${portalId}-${slot}`,
          removeOnComplete: 100,
          removeOnFail: 100,
          attempts: 3,
        });
      }
    } catch (err) {
      this.logger.error(`Reconciliation tick failed: ${(err as Error).message}`);
    }
  }

  /**
   * The occurrence a tick belongs to: the first scheduled time after (now - tolerance), tolerance being half
   * the gap between occurrences (at most a minute). Cron fires at or just after its occurrence, so every pod
   * ticking the same occurrence derives the same slot.
   */
  slotOf(now: number): number {
    const cron = this.config.reconciliation.cron ?? '* * * * * *';
    const time = new CronTime(cron, this.config.limits.portalTimeZone);
    const first = time.getNextDateFrom(new Date(now)).toMillis();
    const gap = time.getNextDateFrom(new Date(first)).toMillis() - first;
    const tolerance = Math.min(60_000, Math.floor(gap / 2));
    return time.getNextDateFrom(new Date(now - tolerance)).toMillis();
  }
}
