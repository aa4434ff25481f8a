import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import { webhookDedupeKey, webhookObjectRef } from './webhook-dedupe-key';
import { HubspotWebhookEventEntity } from './webhook-event.entity';
import { HubspotWebhookEvent, WebhookEventStatus } from './webhook-event.types';

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
    const rows = new Map<string, Partial<HubspotWebhookEventEntity>>();
    for (const event of events) {
      const dedupeKey = webhookDedupeKey(event);
      if (rows.has(dedupeKey)) continue;
      const ref = webhookObjectRef(event);
      rows.set(dedupeKey, {
        dedupeKey,
        portalId: String(event.portalId),
        subscriptionType: event.subscriptionType,
        objectType: ref.objectType,
        objectId: String(ref.objectId),
        objectKey: ref.objectKey,
        propertyName: event.propertyName ?? null,
        eventId: String(event.eventId),
        occurredAt: String(event.occurredAt),
        changeSource: event.changeSource ?? null,
        sourceId: event.sourceId === undefined || event.sourceId === null ? null : String(event.sourceId),
        payload: event,
        status: 'pending',
        attempts: 0,
      });
    }
    const result = await this.repo
      .createQueryBuilder()
      .insert()
      .values([...rows.values()])
      .orIgnore()
      .updateEntity(false)
      .execute();
    const raw = result.raw as { affectedRows?: number } | undefined;
    const objectKeys = [...new Set([...rows.values()].map((r) => r.objectKey as string))];
    return { inserted: raw?.affectedRows ?? rows.size, distinct: rows.size, objectKeys };
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

  async settle(
    id: string,
    status: WebhookEventStatus,
    fields: { attempts: number; completedHandlers: string[]; lastError?: string | null },
  ): Promise<void> {
    await this.repo.update(id, {
      status,
      attempts: fields.attempts,
      completedHandlers: fields.completedHandlers.length ? fields.completedHandlers : null,
      lastError: fields.lastError ?? null,
      nextAttemptAt: null,
      processedAt: new Date(),
    });
  }

  async scheduleRetry(
    id: string,
    fields: { attempts: number; completedHandlers: string[]; lastError: string; nextAttemptAt: Date },
  ): Promise<void> {
    await this.repo.update(id, {
      attempts: fields.attempts,
      completedHandlers: fields.completedHandlers.length ? fields.completedHandlers : null,
      lastError: fields.lastError,
      nextAttemptAt: fields.nextAttemptAt,
    });
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
