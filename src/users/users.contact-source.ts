import {
  ContactKeys,
  ContactSource,
  HubspotContactSource,
  SourceChangesRequest,
  SourcePage,
  SourcePageRequest,
} from '@app/hubspot';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThan, Repository } from 'typeorm';
import { User } from './user.entity';
import { userToContact } from './users-crm.mapper';

/**
 * The users table as the module's backfill and reconciliation see it: paged by primary key (stable cursor).
 * `changedSince` reads `updated_at` (MySQL sets it on every change, bulk SQL included).
 */
@Injectable()
@HubspotContactSource()
export class UsersContactSource implements ContactSource<User> {
  constructor(@InjectRepository(User) private readonly repo: Repository<User>) {}

  count(): Promise<number> {
    return this.repo.count();
  }

  async page({ cursor, limit }: SourcePageRequest): Promise<SourcePage<User>> {
    const after = cursor ? Number(cursor) : 0;
    const items = await this.repo.find({ where: { id: MoreThan(after) }, order: { id: 'ASC' }, take: limit });
    const last = items[items.length - 1];
    return { items, nextCursor: items.length === limit && last ? String(last.id) : null };
  }

  toContact = userToContact;

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
