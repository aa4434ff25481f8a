import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, In, Like, Repository } from 'typeorm';
import { HubspotError } from '../../errors';
import { SyncEvents } from '../sync-events';
import { DeadLetterFilter, DeadLetterInput, DeadLetterReplayer } from './dead-letter.types';
import { HubspotDeadLetter } from './hubspot-dead-letter.entity';
import { MissingProperty, missingPropertiesAdvice, summariseMissingProperties } from './missing-properties';
import { missingPropertyNames } from '../batch/row-errors';

/**
 * The dead-letter table: record failures with HubSpot's reason, list and inspect them, replay one or all.
 * Replay re-enqueues the payload through the operation's own path; success marks the row resolved. Rows are
 * never deleted.
 */
@Injectable()
export class DeadLettersService {
  private readonly logger = new Logger(DeadLettersService.name);
  private readonly replayers = new Map<string, DeadLetterReplayer>();

  constructor(
    @InjectRepository(HubspotDeadLetter) private readonly repo: Repository<HubspotDeadLetter>,
    private readonly events: SyncEvents,
  ) {}

  /** Operations register how to send their payload again (done by the module's own services). */
  registerReplayer(operation: string, replayer: DeadLetterReplayer): void {
    this.replayers.set(operation, replayer);
  }

  async record(input: DeadLetterInput): Promise<HubspotDeadLetter[]> {
    const e = input.error;
    const fields = {
      category: e instanceof HubspotError ? (e.category ?? e.name) : e.name,
      message: e.message,
      statusCode: e instanceof HubspotError ? (e.status ?? null) : null,
      correlationId: e instanceof HubspotError ? (e.correlationId ?? null) : null,
      details: e instanceof HubspotError ? detailsOf(e) : null,
      payload: input.payload,
      jobId: input.jobId ?? null,
    };
    let rows: HubspotDeadLetter[];
    const existing = input.deadLetterIds?.length
      ? await this.repo.findBy({ id: In(input.deadLetterIds) })
      : [];
    if (existing.length) {
      rows = existing.map((row) =>
        Object.assign(row, fields, { status: 'open', attempts: row.attempts + input.attempts }),
      );
    } else {
      rows = [
        this.repo.create({
          ...fields,
          portalId: input.portalId,
          objectType: input.objectType,
          operation: input.operation,
          localKey: input.localKey,
          lane: input.lane,
          status: 'open',
          attempts: input.attempts,
        }),
      ];
    }
    const saved = await this.repo.save(rows);
    for (const row of saved) {
      const line = `Dead letter #${row.id} ${row.operation} ${row.objectType} ${row.localKey ?? ''}: ${row.category} ${row.message}`;
      // A missing property refuses every write that carries it: a setup problem, not one bad record.
      const missing = missingPropertyNames(row.message);
      if (missing.length)
        this.logger.error(`${line}. ${missingPropertiesAdvice(row.portalId, row.objectType, missing)}`);
      else this.logger.warn(line);
      this.events.emit('dead-lettered', {
        portalId: row.portalId,
        objectType: row.objectType,
        localKey: row.localKey,
        deadLetterId: row.id,
        category: row.category,
        message: row.message,
      });
    }
    return saved;
  }

  /** HubSpot accepted what these dead letters held. */
  async resolve(ids: number[]): Promise<void> {
    if (!ids.length) return;
    await this.repo.update({ id: In(ids) }, { status: 'resolved', resolvedAt: new Date() });
  }

  async list(filter: DeadLetterFilter = {}): Promise<{ items: HubspotDeadLetter[]; total: number }> {
    const [items, total] = await this.repo.findAndCount({
      where: whereOf(filter),
      order: { id: 'ASC' },
      take: Math.min(filter.limit ?? 100, 1000),
      skip: filter.offset ?? 0,
    });
    return { items, total };
  }

  /** Dead letters still waiting for a replay or an operator (resolved ones are history). */
  countOpen(): Promise<number> {
    return this.repo.count({ where: { status: In(['open', 'replaying']) } });
  }

  /** Properties that open dead letters say do not exist in HubSpot (from the newest 1,000 such rows). */
  async missingProperties(): Promise<MissingProperty[]> {
    const rows = await this.repo.find({
      select: { id: true, portalId: true, objectType: true, message: true },
      where: { status: In(['open', 'replaying']), message: Like('%does not exist%') },
      order: { id: 'DESC' },
      take: 1000,
    });
    return summariseMissingProperties(rows);
  }

  inspect(id: number): Promise<HubspotDeadLetter | null> {
    return this.repo.findOneBy({ id });
  }

  /** Re-enqueues one dead letter; false if it is unknown or already resolved. */
  async replay(id: number): Promise<boolean> {
    const row = await this.inspect(id);
    if (!row || row.status === 'resolved') return false;
    const replayer = this.replayers.get(row.operation);
    if (!replayer) throw new Error(`No replayer for dead-letter operation '${row.operation}'`);
    await this.repo.update({ id }, { status: 'replaying', replayCount: row.replayCount + 1 });
    await replayer(row.payload, row.id);
    return true;
  }

  /** Replays every open dead letter matching the filter (default: all open ones); returns how many. */
  async replayAll(filter: Omit<DeadLetterFilter, 'limit' | 'offset'> = {}): Promise<number> {
    let count = 0;
    let afterId = 0;
    for (;;) {
      const page = await this.repo
        .createQueryBuilder('d')
        .select('d.id')
        .where(whereOf({ status: 'open', ...filter }))
        .andWhere('d.id > :afterId', { afterId })
        .orderBy('d.id', 'ASC')
        .take(500)
        .getMany();
      if (!page.length) return count;
      for (const { id } of page) if (await this.replay(id)) count++;
      afterId = page[page.length - 1].id;
    }
  }
}

function whereOf(filter: DeadLetterFilter): FindOptionsWhere<HubspotDeadLetter> {
  const where: FindOptionsWhere<HubspotDeadLetter> = {};
  if (filter.portalId !== undefined) where.portalId = filter.portalId;
  if (filter.status) where.status = filter.status;
  if (filter.objectType) where.objectType = filter.objectType;
  if (filter.operation) where.operation = filter.operation;
  if (filter.localKey) where.localKey = filter.localKey;
  return where;
}

function detailsOf(e: HubspotError): Record<string, unknown> | null {
  const { errors, context, subCategory, retryAfterMs } = e;
  const details = { errors, context, subCategory, retryAfterMs };
  return Object.values(details).some((v) => v !== undefined) ? details : null;
}
