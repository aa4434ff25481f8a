import {
  ContactKeys,
  ContactSource,
  HubspotContactSource,
  HubspotPropertyDeclaration,
  SourceChangesRequest,
  SourceContact,
  SourcePage,
  SourcePageRequest,
} from '@app/hubspot';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThan, Repository } from 'typeorm';
import { PLANS } from './dto/signup.dto';
import { User } from './user.entity';

/** The contact properties `toContact` writes, declared in the module's options (`objects.contacts`). */
export const USER_CONTACT_PROPERTIES: HubspotPropertyDeclaration[] = [
  { name: 'firstname' },
  { name: 'lastname' },
  { name: 'company' },
  {
    name: 'plan',
    label: 'Plan',
    type: 'enumeration',
    fieldType: 'select',
    options: PLANS.map((plan, i) => ({ label: plan, value: plan, displayOrder: i })),
  },
  // The module's own (created by it): referenced, since toContact writes them too.
  { name: 'churned' },
  { name: 'churn_date' },
];

/**
 * The users table as HubSpot sees it: the one mapping (`toContact`) that live writes
 * (`contacts.upsertRecord(user)`), backfill and reconciliation share, paged by primary key (a stable cursor).
 * `changedSince` reads `updated_at` (MySQL sets it on every change, bulk SQL included).
 */
@Injectable()
@HubspotContactSource()
export class UsersContactSource implements ContactSource<User> {
  constructor(@InjectRepository(User) private readonly repo: Repository<User>) {}

  toContact(user: User): SourceContact {
    return {
      email: user.email,
      userId: String(user.id),
      properties: {
        firstname: user.firstName,
        lastname: user.lastName,
        plan: user.plan,
        company: user.companyName,
        churned: user.status === 'churned',
        churn_date: user.churnedAt ? hubspotDate(user.churnedAt) : null,
      },
      companyDomains: user.companyDomain ? [user.companyDomain] : [],
    };
  }

  count(): Promise<number> {
    return this.repo.count();
  }

  async page({ cursor, limit }: SourcePageRequest): Promise<SourcePage<User>> {
    const after = cursor ? Number(cursor) : 0;
    const items = await this.repo.find({ where: { id: MoreThan(after) }, order: { id: 'ASC' }, take: limit });
    const last = items[items.length - 1];
    return { items, nextCursor: items.length === limit && last ? String(last.id) : null };
  }

  async findByKeys(keys: ContactKeys): Promise<User[]> {
    const ids = keys.userIds.map(Number).filter(Number.isInteger);
    const emails = keys.emails.map((e) => e.toLowerCase());
    if (!ids.length && !emails.length) return [];
    const where = [];
    if (ids.length) where.push({ id: In(ids) });
    if (emails.length) where.push({ email: In(emails) });
    return this.repo.find({ where });
  }

  async changedSince({ since, until, cursor, limit }: SourceChangesRequest): Promise<SourcePage<User>> {
    const items = await this.repo
      .createQueryBuilder('u')
      .where('u.updated_at >= :since AND u.updated_at < :until', { since, until })
      .andWhere('u.id > :after', { after: cursor ? Number(cursor) : 0 })
      .orderBy('u.id', 'ASC')
      .limit(limit)
      .getMany();
    const last = items[items.length - 1];
    return { items, nextCursor: items.length === limit && last ? String(last.id) : null };
  }
}

/** A HubSpot date property value: the UTC day as YYYY-MM-DD (what HubSpot returns and the module sends). */
function hubspotDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}
