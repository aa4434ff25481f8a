import { Injectable, Logger } from '@nestjs/common';
import { WebhookDispatcher } from './webhook-dispatcher';
import { HubspotWebhookEventEntity } from './webhook-event.entity';
import { WebhookEventOutcome, WebhookEventStore } from './webhook-event.store';
import { RedisLock } from '../redis/redis-lock';
import { WebhookQueue } from './webhook.queue';

const PAGE = 50;
/** Objects drained side by side per job: with `concurrency` jobs, keeps DB connections free for intake. */
const PARALLEL_OBJECTS = 4;
const MAX_ROUNDS = 3;
/** Lease of an object's lock (renewed while its events are handled). */
const OBJECT_LOCK_TTL_MS = 30_000;

const runnable = (row: HubspotWebhookEventEntity | undefined, now = Date.now()) =>
  !!row && (!row.nextAttemptAt || row.nextAttemptAt.getTime() <= now);

/**
 * Handles the pending events of an object in occurredAt order, one object holder at a time. An event
 * waiting for its retry blocks the later events of the same object until it succeeds or fails for good.
 */
@Injectable()
export class WebhookDrainer {
  private readonly logger = new Logger('HubspotWebhooks');
  private readonly lock: RedisLock;

  constructor(
    private readonly store: WebhookEventStore,
    private readonly dispatcher: WebhookDispatcher,
    private readonly queue: WebhookQueue,
  ) {
    this.lock = new RedisLock(queue.redis());
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
      const held = await this.lock.tryAcquire(`${this.queue.keyPrefix()}lock:${objectKey}`, {
        ttlMs: OBJECT_LOCK_TTL_MS,
        renew: true,
      });
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

  /**
   * Returns true when the object waits for a retry (a delayed drain is scheduled).
   *
   * Outcomes are recorded once per page (one UPDATE per distinct outcome, so a page of successes is one
   * statement), always before the object lock is released and before a retry is scheduled. Without a
   * crash this stays exactly once: only the lock holder handles the object, and the next holder reads
   * what this one recorded. After a crash mid-page (process died, or the outcome write failed), the
   * page's events whose success was not yet recorded are handled again, oldest first, so delivery is
   * at-least-once for at most one page per object — the same trade-off as before (a crash between a
   * handler's success and its write), over a wider window, for far fewer commits.
   */
  private async drainLocked(objectKey: string): Promise<boolean> {
    for (;;) {
      const rows = await this.store.pendingForObject(objectKey, PAGE);
      if (!rows.length) return false;
      const outcomes: WebhookEventOutcome[] = [];
      let retryAt: Date | undefined;
      try {
        for (const row of rows) {
          if (!runnable(row)) {
            retryAt = row.nextAttemptAt as Date;
            break;
          }
          const result = await this.dispatcher.dispatch(row);
          outcomes.push(result.outcome);
          if (result.retryAt) {
            this.logger.debug(`Webhook event ${row.id} retries at ${result.retryAt.toISOString()}`);
            retryAt = result.retryAt;
            break;
          }
        }
      } finally {
        await this.store.recordOutcomes(outcomes);
      }
      if (retryAt) {
        await this.queue.drainAt(objectKey, retryAt);
        return true;
      }
      // A short page was everything; what arrived meanwhile is seen by drain()'s check after release.
      if (rows.length < PAGE) return false;
    }
  }
}
