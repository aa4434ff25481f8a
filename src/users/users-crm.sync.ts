import {
  AssociationsService,
  CompaniesService,
  ContactsService,
  PropertiesService,
  PropertyDefinition,
} from '@app/hubspot';
import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { User } from './user.entity';
import { SALES_QUEUE, UpgradeSaleJob } from './sales-events.processor';
import { PLANS } from './dto/signup.dto';
import { toCompany, userToContact } from './users-crm.mapper';

/** The app's own contact property (the module creates its own: churned, churn_date, app_user_id...). */
const PLAN_PROPERTY: PropertyDefinition = {
  name: 'plan',
  label: 'Plan',
  type: 'enumeration',
  fieldType: 'select',
  groupName: 'contactinformation',
  options: PLANS.map((plan, i) => ({ label: plan, value: plan, displayOrder: i })),
};

/**
 * What the users domain tells HubSpot, written as a product team would: after the local write, queue the
 * intent (returns once it is durable in Redis). Never fails the user's request: if the queue is unreachable
 * the drift is logged and the next reconciliation repairs it.
 */
@Injectable()
export class UsersCrmSync implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersCrmSync.name);

  constructor(
    private readonly contacts: ContactsService,
    private readonly companies: CompaniesService,
    private readonly associations: AssociationsService,
    private readonly properties: PropertiesService,
    @InjectQueue(SALES_QUEUE) private readonly sales: Queue<UpgradeSaleJob>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const check = await this.properties.ensure('contacts', PLAN_PROPERTY);
      if (check.status === 'mismatch') this.logger.warn(`HubSpot property contacts.plan: ${check.problem}`);
    } catch (err) {
      this.logger.error(`Could not ensure the HubSpot property contacts.plan: ${(err as Error).message}`);
    }
  }

  signedUp(user: User): Promise<void> {
    return this.safely('signup', user, async () => {
      const { email, userId, properties } = userToContact(user);
      await this.contacts.upsert({ email, userId, properties });
    });
  }

  /** Upgrade: the contact's plan, its company (one per domain), the association, and a deal for sales. */
  upgraded(user: User): Promise<void> {
    return this.safely('upgrade', user, async () => {
      const { email, userId, properties } = userToContact(user);
      const domain = user.companyDomain as string;
      await this.companies.upsert(toCompany(domain, user.companyName));
      await this.contacts.upsert({ email, userId, properties });
      await this.associations.contactToCompany({ email }, domain, { primary: true });
      // A deal is a sales event: recorded once per (user, plan), by the app's own queue with retries.
      const eventKey = `upgrade-${user.id}-${user.plan}`;
      await this.sales.add('record-upgrade', { eventKey, userId: user.id }, { jobId: eventKey });
    });
  }

  /** Churn is a property change; the contact stays in HubSpot. */
  churned(user: User): Promise<void> {
    return this.safely('cancel', user, async () => {
      await this.contacts.markChurned(
        { email: user.email, userId: String(user.id) },
        user.churnedAt ?? new Date(),
      );
    });
  }

  private async safely(what: string, user: User, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.logger.error(
        `HubSpot sync of ${what} for user ${user.id} not queued (reconciliation will repair): ${(err as Error).message}`,
      );
    }
  }
}
