import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import { webhookDedupeKey, webhookObjectRef } from './webhook-dedupe-key';
import { HubspotWebhookEventEntity } from './webhook-event.entity';
import { HubspotWebhookEvent, WebhookEventStatus } from './webhook-event.types';

const INSERT_COLUMNS = [
  'dedupe_key',
  'portal_id',
  'subscription_type',
  'object_type',
  'object_id',
  'object_key',
  'property_name',
  'event_id',
  'occurred_at',
  'change_source',
  'source_id',
  'payload',
];
const ER_LOCK_DEADLOCK = 1213;
const comparable = (v: unknown) => (v instanceof Date ? v.getTime() : v);
const ER_LOCK_WAIT_TIMEOUT = 1205;

/** How one handled event ends up: settled (done/skipped/echo/failed) or still pending with a retry time. */
export interface WebhookEventOutcome {
  id: string;
  status: WebhookEventStatus;
  attempts: number;
  completedHandlers: string[];
  lastError: string | null;
  /** Set only for a retry (status stays 'pending'). */
  nextAttemptAt: Date | null;
}

export interface StoreResult {
  /** Rows actually inserted (the rest were already known). */
  inserted: number;
  /** Distinct events in the delivery. */
  distinct: number;
  /** Objects the delivery touches. */
  objectKeys: string[];
}

/** Persistence of webhook events: insert-once by dedupe key, per-object reads, outcome updates. */
@Injectable()
export class WebhookEventStore {
  constructor(
    @InjectRepository(HubspotWebhookEventEntity) private readonly repo: Repository<HubspotWebhookEventEntity>,
  ) {}

  async insertMany(events: HubspotWebhookEvent[]): Promise<StoreResult> {
    const rows = new Map<string, unknown[]>();
    const objectKeys = new Set<string>();
    for (const event of events) {
      const dedupeKey = webhookDedupeKey(event);
      if (rows.has(dedupeKey)) continue;
      const ref = webhookObjectRef(event);
      objectKeys.add(ref.objectKey);
      rows.set(dedupeKey, [
        dedupeKey,
        event.portalId,
        event.subscriptionType,
        ref.objectType,
        ref.objectId,
        ref.objectKey,
        event.propertyName ?? null,
        event.eventId,
        event.occurredAt,
        event.changeSource ?? null,
        event.sourceId === undefined || event.sourceId === null ? null : String(event.sourceId),
        JSON.stringify(event),
      ]);
    }
    // Same key order in every insert: concurrent overlapping deliveries then queue on the unique index
    // instead of deadlocking; a deadlock that still happens is retried. Plain SQL: this is the hot path
    // of every acknowledgement, and the query builder costs more CPU than the insert itself.
    const keys = [...rows.keys()].sort();
    const placeholders = `(${INSERT_COLUMNS.map(() => '?').join(', ')})`;
    const sql =
      `INSERT IGNORE INTO \`${this.repo.metadata.tableName}\` (${INSERT_COLUMNS.map((c) => `\`${c}\``).join(', ')}) ` +
      `VALUES ${keys.map(() => placeholders).join(', ')}`;
    const params = keys.flatMap((key) => rows.get(key) as unknown[]);
    const inserted = await this.withDeadlockRetry(async () => {
      const result = (await this.repo.query(sql, params)) as { affectedRows?: number };
      return result.affectedRows ?? keys.length;
    });
    return { inserted, distinct: rows.size, objectKeys: [...objectKeys] };
  }

  private async withDeadlockRetry<T>(fn: () => Promise<T>, attempts = 4): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        const code = (error as { driverError?: { errno?: number } }).driverError?.errno;
        if (attempt >= attempts || (code !== ER_LOCK_DEADLOCK && code !== ER_LOCK_WAIT_TIMEOUT)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
      }
    }
  }

  /** Pending events of one object, oldest change first. */
  pendingForObject(objectKey: string, limit: number): Promise<HubspotWebhookEventEntity[]> {
    return this.repo
      .createQueryBuilder('e')
      .where('e.objectKey = :objectKey AND e.status = :status', { objectKey, status: 'pending' })
      .orderBy('e.occurredAt', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /**
   * Records the outcomes of several pending events of objects this worker holds: one autocommit UPDATE
   * per status, by primary key only (values that differ per row go through CASE id), so it locks just
   * those rows and never waits on the inserts of concurrent deliveries.
   */
  async recordOutcomes(outcomes: WebhookEventOutcome[]): Promise<void> {
    const byStatus = new Map<WebhookEventStatus, WebhookEventOutcome[]>();
    for (const outcome of outcomes) {
      const group = byStatus.get(outcome.status);
      if (group) group.push(outcome);
      else byStatus.set(outcome.status, [outcome]);
    }
    const processedAt = new Date();
    for (const [status, group] of byStatus) {
      const params: unknown[] = [status];
      const columns: Array<[string, (o: WebhookEventOutcome) => unknown]> = [
        ['attempts', (o) => o.attempts],
        [
          'completed_handlers',
          (o) => (o.completedHandlers.length ? JSON.stringify(o.completedHandlers) : null),
        ],
        ['last_error', (o) => o.lastError],
        ['next_attempt_at', (o) => o.nextAttemptAt],
      ];
      const sets = columns.map(([column, value]) => {
        const values = group.map(value);
        const same = values.every((v) => comparable(v) === comparable(values[0]));
        if (same) {
          params.push(values[0]);
          return `\`${column}\` = ?`;
        }
        group.forEach((o, i) => params.push(o.id, values[i]));
        return `\`${column}\` = CASE id ${group.map(() => 'WHEN ? THEN ?').join(' ')} END`;
      });
      // A retry leaves the event pending: it is not processed yet.
      if (status !== 'pending') {
        sets.push('`processed_at` = ?');
        params.push(processedAt);
      }
      params.push(...group.map((o) => o.id));
      const sql =
        `UPDATE \`${this.repo.metadata.tableName}\` SET status = ?, ${sets.join(', ')}, ` +
        `updated_at = CURRENT_TIMESTAMP(3) WHERE id IN (${group.map(() => '?').join(', ')})`;
      await this.withDeadlockRetry(() => this.repo.query(sql, params));
    }
  }

  /** Objects with pending events that are due (retry time reached) or were stored a while ago and never drained. */
  async dueObjectKeys(now: Date, storedBefore: Date, limit: number): Promise<string[]> {
    const rows = await this.repo
      .createQueryBuilder('e')
      .select('DISTINCT e.objectKey', 'objectKey')
      .where('e.status = :status', { status: 'pending' })
      .andWhere(
        new Brackets((qb) =>
          qb
            .where('e.nextAttemptAt <= :now', { now })
            .orWhere('e.nextAttemptAt IS NULL AND e.receivedAt < :storedBefore', { storedBefore }),
        ),
      )
      .limit(limit)
      .getRawMany<{ objectKey: string }>();
    return rows.map((r) => r.objectKey);
  }

  /** Whether the object has a pending event that may run now. */
  async hasRunnable(objectKey: string, now: Date): Promise<boolean> {
    const count = await this.repo
      .createQueryBuilder('e')
      .where('e.objectKey = :objectKey AND e.status = :status', { objectKey, status: 'pending' })
      .andWhere(
        new Brackets((qb) => qb.where('e.nextAttemptAt IS NULL').orWhere('e.nextAttemptAt <= :now', { now })),
      )
      .getCount();
    return count > 0;
  }
}
