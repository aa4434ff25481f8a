import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { Job } from 'bull';
import { HubspotConfig } from '../config/hubspot.config';
import { HUBSPOT_CONFIG } from '../config/hubspot.constants';
import { WebhookDrainer } from './webhook-drainer';
import { WebhookEventStore } from './webhook-event.store';
import { DRAIN_JOB, DrainJobData, SWEEP_JOB, WebhookQueue } from './webhook.queue';

/** How often stragglers are picked up: events stored but never drained (crash between insert and enqueue). */
const SWEEP_EVERY_MS = 15_000;
/** An undrained pending event older than this is a straggler. */
const STRAGGLER_AFTER_MS = 10_000;

/** Consumes the webhooks queue in worker processes (`sync.worker`, default true). */
@Injectable()
export class WebhooksWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('HubspotWebhooks');
  private started = false;

  constructor(
    @Inject(HUBSPOT_CONFIG) private readonly config: HubspotConfig,
    private readonly queue: WebhookQueue,
    private readonly drainer: WebhookDrainer,
    private readonly store: WebhookEventStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const settings = this.config.webhooks;
    if (settings?.dropEchoes && settings.appId === undefined) {
      this.logger.warn("webhooks.appId is not set: echoes of this app's own writes cannot be recognised");
    }
    if (!this.config.sync.worker) return;
    this.started = true;
    const concurrency = this.config.webhooks?.concurrency ?? 2;
    const queue = this.queue.queue;
    const failed = (error: unknown) => this.logger.error(`Webhooks queue stopped: ${String(error)}`);
    queue.on('error', (error) => this.logger.error(`Webhooks queue: ${error.message}`));
    // A failed drain job is re-run by Bull; say so, or a re-run (and its cause) would go unnoticed.
    queue.on('failed', (job: Job, error: Error) =>
      this.logger.warn(
        `Webhook ${job.name} job ${job.id} failed (attempt ${job.attemptsMade}): ${error.message}`,
      ),
    );
    queue
      .process(DRAIN_JOB, concurrency, (job: Job<DrainJobData>) =>
        this.drainer.drainMany(job.data.objectKeys),
      )
      .catch(failed);
    queue.process(SWEEP_JOB, 1, () => this.sweep()).catch(failed);
    // One repeatable job cluster-wide (Bull keys it by name + interval).
    await queue.add(
      SWEEP_JOB,
      {},
      { repeat: { every: SWEEP_EVERY_MS }, removeOnComplete: true, removeOnFail: 10 },
    );
  }

  /** Lets running drains finish while Redis and the database are still open (they close on shutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    // Once only: pausing a closed Bull queue reconnects its blocking client (a socket nobody closes).
    if (!this.started) return;
    this.started = false;
    await this.queue.queue
      .pause(true)
      .catch((error: Error) => this.logger.warn(`Pausing webhooks: ${error.message}`));
  }

  async sweep(): Promise<number> {
    const now = new Date();
    const keys = await this.store.dueObjectKeys(now, new Date(now.getTime() - STRAGGLER_AFTER_MS), 500);
    if (keys.length) {
      this.logger.log(`Sweeping ${keys.length} webhook object(s) with due events`);
      await this.drainer.drainMany(keys);
    }
    return keys.length;
  }
}
