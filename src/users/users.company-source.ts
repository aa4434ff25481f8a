import {
  CompanySource,
  HubspotCompanySource,
  HubspotPropertyDeclaration,
  SourceCompany,
  SourceChangesRequest,
  SourcePage,
  SourcePageRequest,
} from '@app/hubspot';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { User } from './user.entity';

/** The company properties `toCompany` writes, declared in the module's options (`objects.companies`). */
export const USER_COMPANY_PROPERTIES: HubspotPropertyDeclaration[] = [{ name: 'name' }, { name: 'domain' }];

export interface CompanyRow {
  companyDomain: string;
  companyName: string | null;
}

/**
 * The app has no companies table: a company is the distinct domain its upgraded users gave. `toCompany` is the
 * one mapping live writes (`companies.upsertRecord(row)`), backfill and reconciliation share; the key is the
 * normalised domain (HubSpot does not dedupe companies through the API).
 */
@Injectable()
@HubspotCompanySource()
export class UsersCompanySource implements CompanySource<CompanyRow> {
  constructor(@InjectRepository(User) private readonly repo: Repository<User>) {}

  async count(): Promise<number> {
    const row = await this.repo
      .createQueryBuilder('u')
      .select('COUNT(DISTINCT u.company_domain)', 'n')
      .where('u.company_domain IS NOT NULL')
      .getRawOne<{ n: string }>();
    return Number(row?.n ?? 0);
  }

  async page({ cursor, limit }: SourcePageRequest): Promise<SourcePage<CompanyRow>> {
    const qb = this.grouped().orderBy('u.company_domain', 'ASC').limit(limit);
    if (cursor) qb.andWhere('u.company_domain > :cursor', { cursor });
    const items = await qb.getRawMany<CompanyRow>();
    const last = items[items.length - 1];
    return { items, nextCursor: items.length === limit && last ? last.companyDomain : null };
  }

  toCompany(row: CompanyRow): SourceCompany {
    return { domain: row.companyDomain, properties: { name: row.companyName, domain: row.companyDomain } };
  }

  async findByKeys(domains: string[]): Promise<CompanyRow[]> {
    if (!domains.length) return [];
    return this.grouped()
      .andWhere({ companyDomain: In(domains.map((d) => d.toLowerCase())) })
      .getRawMany<CompanyRow>();
  }

  /** Domains of users changed in the window, each with its name across all its users (as `page` has it). */
  async changedSince({ since, until, cursor, limit }: SourceChangesRequest): Promise<SourcePage<CompanyRow>> {
    const qb = this.repo
      .createQueryBuilder('u')
      .select('DISTINCT u.company_domain', 'domain')
      .where('u.company_domain IS NOT NULL')
      .andWhere('u.updated_at >= :since AND u.updated_at < :until', { since, until })
      .orderBy('u.company_domain', 'ASC')
      .limit(limit);
    if (cursor) qb.andWhere('u.company_domain > :cursor', { cursor });
    const domains = (await qb.getRawMany<{ domain: string }>()).map((row) => row.domain);
    const items = await this.findByKeys(domains);
    const last = domains[domains.length - 1];
    return { items, nextCursor: domains.length === limit && last ? last : null };
  }

  private grouped() {
    return this.repo
      .createQueryBuilder('u')
      .select('u.company_domain', 'companyDomain')
      .addSelect('MAX(u.company_name)', 'companyName')
      .where('u.company_domain IS NOT NULL')
      .groupBy('u.company_domain');
  }
}
