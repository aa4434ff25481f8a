import { CompaniesService, ContactsService } from '@app/hubspot';
import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { User } from './user.entity';
import { SALES_QUEUE, UpgradeSaleJob } from './sales-events.processor';

/**
 * What the users domain tells HubSpot, written as a product team would: after the local write, queue the
 * record (returns once it is durable in Redis). `upsertRecord` maps it through the app's sources, so live
 * writes, backfill and reconciliation cannot disagree. Never fails the user's request: if the queue is
 * unreachable the drift is logged and the next reconciliation repairs it.
 */
@Injectable()
export class UsersCrmSync {
  private readonly logger = new Logger(UsersCrmSync.name);

  constructor(
    private readonly contacts: ContactsService,
    private readonly companies: CompaniesService,
    @InjectQueue(SALES_QUEUE) private readonly sales: Queue<UpgradeSaleJob>,
  ) {}

  signedUp(user: User): Promise<void> {
    return this.safely('signup', user, () => this.contacts.upsertRecord(user));
  }

  /** Upgrade: its company (one per domain), the contact (associated with it), and a deal for sales. */
  upgraded(user: User): Promise<void> {
    return this.safely('upgrade', user, async () => {
      const domain = user.companyDomain as string;
      await this.companies.upsertRecord({ companyDomain: domain, companyName: user.companyName });
      await this.contacts.upsertRecord(user);
      // A deal is a sales event: recorded once per (user, plan), by the app's own queue with retries.
      const eventKey = `upgrade-${user.id}-${user.plan}`;
      await this.sales.add('record-upgrade', { eventKey, userId: user.id }, { jobId: eventKey });
    });
  }

  /** Churn is a property change (`churned`, `churn_date`); the contact stays in HubSpot. */
  churned(user: User): Promise<void> {
    return this.safely('cancel', user, () => this.contacts.upsertRecord(user));
  }

  private async safely(what: string, user: User, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.logger.error(
        `HubSpot sync of ${what} for user ${user.id} not queued (reconciliation will repair): ${(err as Error).message}`,
      );
    }
  }
}
