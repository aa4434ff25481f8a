import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HubspotConfig } from '../config/hubspot.config';
import { InjectHubspotConfig } from '../config/inject-hubspot-config.decorator';
import { QueueWorker } from '../engine/workers/queue-worker';
import { WebhookDrainer } from './webhook-drainer';
import { WebhookEventStore } from './webhook-event.store';
import { DRAIN_JOB, DrainJobData, SWEEP_JOB, WebhookQueue } from './webhook.queue';

/** How often stragglers are picked up: events stored but never drained (crash between insert and enqueue). */
const SWEEP_EVERY_MS = 15_000;
/** An undrained pending event older than this is a straggler. */
const STRAGGLER_AFTER_MS = 10_000;

/** Consumes the webhooks queue in worker processes (`sync.worker`, default true). */
@Injectable()
export class WebhooksWorker extends QueueWorker implements OnApplicationBootstrap {
  protected override readonly logger = new Logger('HubspotWebhooks');

  constructor(
    @InjectHubspotConfig() config: HubspotConfig,
    queue: WebhookQueue,
    private readonly drainer: WebhookDrainer,
    private readonly store: WebhookEventStore,
  ) {
    super(queue.queue, config);
  }

  override async onApplicationBootstrap(): Promise<void> {
    const settings = this.config.webhooks;
    if (settings?.dropEchoes && settings.appId === undefined) {
      this.logger.warn("webhooks.appId is not set: echoes of this app's own writes cannot be recognised");
    }
    await super.onApplicationBootstrap();
  }

  protected async start(): Promise<void> {
    const concurrency = this.config.webhooks?.concurrency ?? 2;
    this.queue.on('error', (error) => this.logger.error(`Webhooks queue: ${error.message}`));
    this.process<DrainJobData>(DRAIN_JOB, concurrency, (job) => this.drainer.drainMany(job.data.objectKeys));
    this.process(SWEEP_JOB, 1, () => this.sweep());
    // One repeatable job cluster-wide (Bull keys it by name + interval).
    await this.queue.add(
      SWEEP_JOB,
      {},
      { repeat: { every: SWEEP_EVERY_MS }, removeOnComplete: true, removeOnFail: 10 },
    );
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
