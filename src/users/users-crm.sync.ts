import { CompaniesService, ContactsService, DealsService } from '@app/hubspot';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { User } from './user.entity';

const YEARLY_PRICE: Record<string, number> = { pro: 588, enterprise: 5988 };

/**
 * What the users domain tells HubSpot, written as a product team would: inside the transaction of the user's
 * own change (`{ transaction }`), so the intent is committed with it or not at all; the module's outbox relay
 * sends it once committed, even if Redis is down at the time or the process dies right after the commit.
 * `upsertRecord` maps the user through the app's sources, so live writes, backfill and reconciliation cannot
 * disagree.
 */
@Injectable()
export class UsersCrmSync {
  constructor(
    private readonly contacts: ContactsService,
    private readonly companies: CompaniesService,
    private readonly deals: DealsService,
  ) {}

  async signedUp(user: User, transaction: EntityManager): Promise<void> {
    await this.contacts.upsertRecord(user, { transaction });
  }

  /** Upgrade: its company (one per domain), the contact (associated with it), and a deal for sales. */
  async upgraded(user: User, transaction: EntityManager): Promise<void> {
    const domain = user.companyDomain as string;
    await this.companies.upsertRecord({ companyDomain: domain, companyName: user.companyName }, { transaction });
    await this.contacts.upsertRecord(user, { transaction });
    // A deal is a sales event: made once per (user, plan), whatever retries or repeats happen.
    await this.deals.recordSale(
      {
        eventKey: `upgrade-${user.id}-${user.plan}`,
        properties: {
          dealname: `${user.companyName ?? user.email}: ${user.plan} plan`,
          amount: YEARLY_PRICE[user.plan] ?? 0,
          pipeline: 'default',
          dealstage: 'qualifiedtobuy',
        },
        contact: { email: user.email },
        companyDomain: domain,
      },
      { transaction },
    );
  }

  /** Churn is a property change (`churned`, `churn_date`); the contact stays in HubSpot. */
  async churned(user: User, transaction: EntityManager): Promise<void> {
    await this.contacts.upsertRecord(user, { transaction });
  }
}
