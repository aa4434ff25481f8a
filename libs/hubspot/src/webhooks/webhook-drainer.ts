import { Injectable, Logger } from '@nestjs/common';
import { WebhookDispatcher } from './webhook-dispatcher';
import { HubspotWebhookEventEntity } from './webhook-event.entity';
import { WebhookEventStore } from './webhook-event.store';
import { ObjectLock } from './webhook-object.lock';
import { WebhookQueue } from './webhook.queue';

const PAGE = 50;
/** Objects drained side by side per job: with `concurrency` jobs, keeps DB connections free for intake. */
const PARALLEL_OBJECTS = 4;
const MAX_ROUNDS = 3;

const runnable = (row: HubspotWebhookEventEntity | undefined, now = Date.now()) =>
  !!row && (!row.nextAttemptAt || row.nextAttemptAt.getTime() <= now);

/**
 * Handles the pending events of an object in occurredAt order, one object holder at a time. An event
 * waiting for its retry blocks the later events of the same object until it succeeds or fails for good.
 */
@Injectable()
export class WebhookDrainer {
  private readonly logger = new Logger('HubspotWebhooks');
  private readonly lock: ObjectLock;

  constructor(
    private readonly store: WebhookEventStore,
    private readonly dispatcher: WebhookDispatcher,
    private readonly queue: WebhookQueue,
  ) {
    this.lock = new ObjectLock(() => queue.redis(), `${queue.keyPrefix()}lock:`);
  }

  async drainMany(objectKeys: string[]): Promise<void> {
    const pending = [...new Set(objectKeys)];
    const workers = Array.from({ length: Math.min(PARALLEL_OBJECTS, pending.length) }, async () => {
      for (let key = pending.shift(); key !== undefined; key = pending.shift()) await this.drain(key);
    });
    await Promise.all(workers);
  }

  async drain(objectKey: string): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const held = await this.lock.acquire(objectKey);
      // The holder looks again after releasing, so it also handles what made us come here.
      if (!held) return;
      let waiting: boolean;
      try {
        waiting = await this.drainLocked(objectKey);
      } finally {
        await held.release();
      }
      if (waiting) return;
      const [first] = await this.store.pendingForObject(objectKey, 1);
      if (!runnable(first)) return;
    }
    await this.queue.drainSoon([objectKey]);
  }

  /** Returns true when the object waits for a retry (a delayed drain is scheduled). */
  private async drainLocked(objectKey: string): Promise<boolean> {
    for (;;) {
      const rows = await this.store.pendingForObject(objectKey, PAGE);
      if (!rows.length) return false;
      for (const row of rows) {
        if (!runnable(row)) {
          await this.queue.drainAt(objectKey, row.nextAttemptAt as Date);
          return true;
        }
        const outcome = await this.dispatcher.dispatch(row);
        if (!outcome.settled) {
          this.logger.debug(`Webhook event ${row.id} retries at ${outcome.retryAt.toISOString()}`);
          await this.queue.drainAt(objectKey, outcome.retryAt);
          return true;
        }
      }
      // A short page was everything; what arrived meanwhile is seen by drain()'s check after release.
      if (rows.length < PAGE) return false;
    }
  }
}
