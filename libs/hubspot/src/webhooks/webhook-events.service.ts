import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { HubspotWebhookEventEntity } from './webhook-event.entity';
import { WebhookEventStatus } from './webhook-event.types';
import { WebhookQueue } from './webhook.queue';

export interface WebhookEventFilter {
  status?: WebhookEventStatus;
  portalId?: number;
  subscriptionType?: string;
  objectType?: string;
  objectId?: number;
  /** Page size (default 50, max 500). */
  limit?: number;
  /** Return rows with an id below this one (newest first paging). */
  beforeId?: string;
}

export type WebhookEventCounts = Record<WebhookEventStatus, number>;

/** Operator view of received webhook events: list, count, replay. */
@Injectable()
export class WebhookEventsService {
  constructor(
    @InjectRepository(HubspotWebhookEventEntity) private readonly repo: Repository<HubspotWebhookEventEntity>,
    private readonly queue: WebhookQueue,
  ) {}

  list(filter: WebhookEventFilter = {}): Promise<HubspotWebhookEventEntity[]> {
    const qb = this.repo.createQueryBuilder('e').orderBy('e.id', 'DESC');
    qb.limit(Math.min(Math.max(filter.limit ?? 50, 1), 500));
    if (filter.status) qb.andWhere('e.status = :status', { status: filter.status });
    if (filter.portalId !== undefined) qb.andWhere('e.portalId = :portalId', { portalId: filter.portalId });
    if (filter.subscriptionType) qb.andWhere('e.subscriptionType = :type', { type: filter.subscriptionType });
    if (filter.objectType) qb.andWhere('e.objectType = :objectType', { objectType: filter.objectType });
    if (filter.objectId !== undefined) qb.andWhere('e.objectId = :objectId', { objectId: filter.objectId });
    if (filter.beforeId) qb.andWhere('e.id < :beforeId', { beforeId: filter.beforeId });
    return qb.getMany();
  }

  get(id: string): Promise<HubspotWebhookEventEntity | null> {
    return this.repo.findOneBy({ id });
  }

  async counts(): Promise<WebhookEventCounts> {
    const rows = await this.repo
      .createQueryBuilder('e')
      .select('e.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .groupBy('e.status')
      .getRawMany<{ status: WebhookEventStatus; n: string }>();
    const counts: WebhookEventCounts = { pending: 0, done: 0, skipped: 0, echo: 0, failed: 0 };
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  /**
   * Runs events again. A failed event keeps the handlers that already succeeded (only the others run);
   * any other event is handled from scratch. Returns how many were requeued.
   */
  async replay(ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    const rows = await this.repo.findBy({ id: In(ids) });
    const replayable = rows.filter((r) => r.status !== 'pending');
    for (const row of replayable) {
      await this.repo.update(row.id, {
        status: 'pending',
        attempts: 0,
        nextAttemptAt: null,
        lastError: null,
        processedAt: null,
        completedHandlers: row.status === 'failed' ? row.completedHandlers : null,
      });
    }
    await this.queue.drainSoon([...new Set(replayable.map((r) => r.objectKey))]);
    return replayable.length;
  }

  /** Replays every failed event (optionally of one portal), up to `limit`. */
  async replayFailed(portalId?: number, limit = 1000): Promise<number> {
    const rows = await this.list({ status: 'failed', portalId, limit: Math.min(limit, 500) });
    return this.replay(rows.map((r) => r.id));
  }
}
