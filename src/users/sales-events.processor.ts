import { DealsService } from '@app/hubspot';
import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Job } from 'bull';
import { Repository } from 'typeorm';
import { User } from './user.entity';

/** The app's own Bull queue (its BullModule.forRoot), next to the module's: sales events become deals. */
export const SALES_QUEUE = 'sales-events';

export interface UpgradeSaleJob {
  eventKey: string;
  userId: number;
}

const YEARLY_PRICE: Record<string, number> = { pro: 588, enterprise: 5988 };

@Processor(SALES_QUEUE)
export class SalesEventsProcessor {
  private readonly logger = new Logger(SalesEventsProcessor.name);

  constructor(
    private readonly deals: DealsService,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  /** Idempotent on the event key: a retried job finds the deal it made before. */
  @Process('record-upgrade')
  async recordUpgrade(job: Job<UpgradeSaleJob>): Promise<string> {
    const user = await this.users.findOneByOrFail({ id: job.data.userId });
    const result = await this.deals.recordSale({
      eventKey: job.data.eventKey,
      properties: {
        dealname: `${user.companyName ?? user.email}: ${user.plan} plan`,
        amount: YEARLY_PRICE[user.plan] ?? 0,
        pipeline: 'default',
        dealstage: 'qualifiedtobuy',
      },
      contact: { email: user.email },
      companyDomain: user.companyDomain ?? undefined,
    });
    if (result.created) this.logger.log(`Deal ${result.dealId} recorded for ${job.data.eventKey}`);
    return result.dealId;
  }
}
