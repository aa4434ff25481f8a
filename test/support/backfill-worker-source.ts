import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Column, Entity, In, MoreThan, PrimaryGeneratedColumn, Repository } from 'typeorm';
import {
  CompanySource,
  ContactKeys,
  ContactSource,
  HubspotCompanySource,
  HubspotContactSource,
  SourceCompany,
  SourceContact,
  SourcePage,
  SourcePageRequest,
} from '@app/hubspot';

/** The e2e suites' "host" users: a plain table paged by primary key. */
@Entity('bf_users')
export class BackfillTestUser {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ type: 'varchar', length: 254, unique: true }) email!: string;
  @Column({ name: 'first_name', type: 'varchar', length: 100 }) firstName!: string;
  @Column({ name: 'last_name', type: 'varchar', length: 100 }) lastName!: string;
  @Column({ type: 'varchar', length: 20 }) plan!: string;
  @Column({ name: 'company_domain', type: 'varchar', length: 253, nullable: true }) companyDomain!:
    string | null;
}

export const BF_USERS_DDL = `CREATE TABLE IF NOT EXISTS bf_users (
  id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email varchar(254) NOT NULL UNIQUE,
  first_name varchar(100) NOT NULL,
  last_name varchar(100) NOT NULL,
  plan varchar(20) NOT NULL,
  company_domain varchar(253) NULL
) ENGINE=InnoDB`;

export function userToContact(u: BackfillTestUser): SourceContact {
  return {
    email: u.email,
    userId: String(u.id),
    properties: { firstname: u.firstName, lastname: u.lastName, plan: u.plan },
    companyDomains: u.companyDomain ? [u.companyDomain] : [],
  };
}

@Injectable()
@HubspotContactSource()
export class TestUsersContactSource implements ContactSource<BackfillTestUser> {
  constructor(@InjectRepository(BackfillTestUser) private readonly repo: Repository<BackfillTestUser>) {}

  count(): Promise<number> {
    return this.repo.count();
  }

  async page({ cursor, limit }: SourcePageRequest): Promise<SourcePage<BackfillTestUser>> {
    const items = await this.repo.find({
      where: { id: MoreThan(cursor ? Number(cursor) : 0) },
      order: { id: 'ASC' },
      take: limit,
    });
    return { items, nextCursor: items.length === limit ? String(items[items.length - 1].id) : null };
  }

  toContact = userToContact;

  findByKeys(keys: ContactKeys): Promise<BackfillTestUser[]> {
    const where = [];
    if (keys.emails.length) where.push({ email: In(keys.emails.map((e) => e.toLowerCase())) });
    if (keys.userIds.length) where.push({ id: In(keys.userIds.map(Number)) });
    return where.length ? this.repo.find({ where }) : Promise.resolve([]);
  }
}

interface CompanyRow {
  domain: string;
}

@Injectable()
@HubspotCompanySource()
export class TestCompaniesSource implements CompanySource<CompanyRow> {
  constructor(@InjectRepository(BackfillTestUser) private readonly repo: Repository<BackfillTestUser>) {}

  async count(): Promise<number> {
    const row = await this.repo
      .createQueryBuilder('u')
      .select('COUNT(DISTINCT u.company_domain)', 'n')
      .getRawOne<{ n: string }>();
    return Number(row?.n ?? 0);
  }

  async page({ cursor, limit }: SourcePageRequest): Promise<SourcePage<CompanyRow>> {
    const qb = this.repo
      .createQueryBuilder('u')
      .select('DISTINCT u.company_domain', 'domain')
      .where('u.company_domain IS NOT NULL')
      .orderBy('u.company_domain', 'ASC')
      .limit(limit);
    if (cursor) qb.andWhere('u.company_domain > :cursor', { cursor });
    const items = await qb.getRawMany<CompanyRow>();
    return { items, nextCursor: items.length === limit ? items[items.length - 1].domain : null };
  }

  toCompany(row: CompanyRow): SourceCompany {
    return { domain: row.domain, properties: { name: companyName(row.domain), domain: row.domain } };
  }

  async findByKeys(domains: string[]): Promise<CompanyRow[]> {
    return domains.length
      ? (await this.repo.find({ where: { companyDomain: In(domains) } }))
          .map((u) => ({ domain: u.companyDomain! }))
          .filter((row, i, all) => all.findIndex((r) => r.domain === row.domain) === i)
      : [];
  }
}

export function companyName(domain: string): string {
  return `Company ${domain.split('.')[0]}`;
}

/** Rows for `count` users; every 100th shares a company (domain `c<k>.example`). */
export function seedUsers(count: number): Array<Omit<BackfillTestUser, 'id'>> {
  return Array.from({ length: count }, (_, i) => ({
    email: `user${i + 1}@example.com`,
    firstName: `First${i + 1}`,
    lastName: `Last${i + 1}`,
    plan: ['free', 'pro', 'enterprise'][i % 3],
    companyDomain: i % 4 === 0 ? `c${Math.floor(i / 100)}.example` : null,
  }));
}
