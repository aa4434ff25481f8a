import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { HubspotError } from '../../errors';
import { HubspotConfig } from '../../config/hubspot.config';
import { SALES_QUEUE } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { DeadLettersService } from '../../engine/dead-letters/dead-letters.service';
import { OutboxSettlement } from '../../engine/outbox/outbox.settlement';
import { QueueWorker } from '../../engine/workers/queue-worker';
import { SALE_JOB_NAME, SaleJobData } from './deal.types';
import { DealsService } from './deals.service';

/**
 * Makes the deals of sales events relayed from the outbox (the sales queue, job 'sale'): `recordSale`, which
 * is idempotent on the event key, retried with backoff while HubSpot or the database is unavailable, and
 * dead-lettered with HubSpot's reason when it refuses the deal. Either way the outbox rows are then settled.
 */
@Injectable()
export class SaleWorker extends QueueWorker {
  constructor(
    @InjectQueue(SALES_QUEUE) queue: Queue<SaleJobData>,
    @InjectHubspotConfig() config: HubspotConfig,
    private readonly deals: DealsService,
    private readonly deadLetters: DeadLettersService,
    private readonly outbox: OutboxSettlement,
  ) {
    super(queue, config);
  }

  protected start(): void {
    this.process<SaleJobData>(SALE_JOB_NAME, this.config.sync.concurrency, (job) => this.handle(job));
  }

  async handle(job: Job<SaleJobData>): Promise<string> {
    const { portalId, lane, sale, outboxIds, deadLetterIds } = job.data;
    try {
      const { dealId } = await this.deals.recordSale(sale, { portalId, lane });
      await this.deadLetters.resolve(deadLetterIds ?? []);
      await this.outbox.settle(outboxIds);
      return dealId;
    } catch (err) {
      const error = err as Error;
      const refused = error instanceof HubspotError && !error.retryable;
      if (!refused && job.attemptsMade + 1 < (job.opts.attempts ?? 1)) throw error;
      await this.deadLetters.record({
        portalId,
        objectType: 'deals',
        operation: 'sale',
        localKey: sale.eventKey.slice(0, 255),
        lane,
        payload: { portalId, lane, sale } as unknown as Record<string, unknown>,
        error,
        attempts: job.attemptsMade + 1,
        jobId: String(job.id),
        deadLetterIds,
      });
      await this.outbox.settle(outboxIds);
      job.discard();
      throw error;
    }
  }
}
