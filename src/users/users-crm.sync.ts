import {
  AssociationsService,
  CompaniesService,
  ContactsService,
  DealsService,
  PropertiesService,
  PropertyDefinition,
} from '@app/hubspot';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { User } from './user.entity';
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

const YEARLY_PRICE: Record<string, number> = { pro: 588, enterprise: 5988 };

/**
 * What the users domain tells HubSpot, written as a product team would: inside the transaction of the user's
 * own change (`{ transaction }`), so the intent is committed with it or not at all. The module's outbox relay
 * sends it once committed, even if Redis is down at the time or the process dies right after the commit.
 */
@Injectable()
export class UsersCrmSync implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersCrmSync.name);

  constructor(
    private readonly contacts: ContactsService,
    private readonly companies: CompaniesService,
    private readonly associations: AssociationsService,
    private readonly deals: DealsService,
    private readonly properties: PropertiesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const check = await this.properties.ensure('contacts', PLAN_PROPERTY);
      if (check.status === 'mismatch') this.logger.warn(`HubSpot property contacts.plan: ${check.problem}`);
    } catch (err) {
      this.logger.error(`Could not ensure the HubSpot property contacts.plan: ${(err as Error).message}`);
    }
  }

  async signedUp(user: User, transaction: EntityManager): Promise<void> {
    const { email, userId, properties } = userToContact(user);
    await this.contacts.upsert({ email, userId, properties }, { transaction });
  }

  /** Upgrade: the contact's plan, its company (one per domain), the association, and a deal for sales. */
  async upgraded(user: User, transaction: EntityManager): Promise<void> {
    const { email, userId, properties } = userToContact(user);
    const domain = user.companyDomain as string;
    await this.companies.upsert(toCompany(domain, user.companyName), { transaction });
    await this.contacts.upsert({ email, userId, properties }, { transaction });
    await this.associations.contactToCompany({ email }, domain, { primary: true, transaction });
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
        contact: { email },
        companyDomain: domain,
      },
      { transaction },
    );
  }

  /** Churn is a property change; the contact stays in HubSpot. */
  async churned(user: User, transaction: EntityManager): Promise<void> {
    await this.contacts.markChurned(
      { email: user.email, userId: String(user.id) },
      user.churnedAt ?? new Date(),
      { transaction },
    );
  }
}
