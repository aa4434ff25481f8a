import { randomUUID } from 'node:crypto';
import { Bucket, Lane, LANES } from '../hubspot-request.types';
import { PortalSlots, shutdownError } from './portal-slots';
import { BucketSpec, RatePermit } from './rate-limit.store';

interface Waiter {
  id: string;
  lane: Lane;
  resolve: (permit: RatePermit) => void;
  reject: (err: Error) => void;
}

interface Queue {
  portalId: number;
  bucket: BucketSpec;
  waiters: Map<Lane, Waiter[]>;
  running: boolean;
  /** Lane being served while the pump sleeps, and how to wake it early. */
  serving?: Lane;
  wake?: () => void;
}

/** How many slots one round trip to Redis may take for one process queue. */
const MAX_BATCH = 50;

/**
 * The calls of this process waiting for a slot: one queue per portal and bucket, served highest lane first,
 * many slots per round trip. A waiting lane is registered in Redis, so that other processes' lower lanes yield.
 */
export class WaitingPermits {
  private readonly queues = new Map<string, Queue>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly slots: PortalSlots) {}

  acquire(portalId: number, lane: Lane, bucket: Bucket): Promise<RatePermit> {
    if (this.closed) return Promise.reject(shutdownError(portalId));
    const key = `${portalId}|${bucket}`;
    let queue = this.queues.get(key);
    if (!queue) {
      queue = { portalId, bucket: this.slots.spec(bucket), waiters: new Map(), running: false };
      this.queues.set(key, queue);
    }
    return new Promise<RatePermit>((resolve, reject) => {
      const waiters = queue.waiters.get(lane) ?? [];
      waiters.push({ id: randomUUID(), lane, resolve, reject });
      queue.waiters.set(lane, waiters);
      if (!queue.running) void this.pump(queue);
      // A higher lane must not sleep behind a lower one: wake the pump so it asks (and registers) now.
      else if (queue.serving && LANES.indexOf(lane) < LANES.indexOf(queue.serving)) queue.wake?.();
    });
  }

  /** Rejects everything still waiting (retryably: another process or the next start picks the work up). */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    for (const queue of this.queues.values()) {
      for (const list of queue.waiters.values()) {
        for (const w of list) w.reject(shutdownError(queue.portalId));
      }
      queue.waiters.clear();
    }
  }

  private async pump(queue: Queue): Promise<void> {
    queue.running = true;
    try {
      while (!this.closed) {
        const lane = LANES.find((l) => (queue.waiters.get(l)?.length ?? 0) > 0);
        if (!lane) return;
        const waiting = queue.waiters.get(lane)!;
        const batch = waiting.slice(0, MAX_BATCH);
        const ids = batch.map((w) => w.id);
        const { store, result } = await this.slots.reserve(queue.portalId, queue.bucket, lane, ids);
        if (result.daily) {
          this.rejectDaily(queue, result.daily);
          continue;
        }
        waiting.splice(0, result.admitted);
        for (const w of batch.slice(0, result.admitted))
          w.resolve(this.slots.permit(queue.portalId, queue.bucket, w.id, store));
        if (result.admitted < batch.length) {
          queue.serving = lane;
          await this.sleep(Math.max(1, result.waitMs), queue);
          queue.serving = undefined;
        }
      }
    } finally {
      queue.running = false;
    }
  }

  private rejectDaily(queue: Queue, daily: { remaining: number; resetAt: number }): void {
    const reserveHeld = daily.remaining > 0;
    for (const lane of LANES) {
      if (reserveHeld && lane !== 'reconcile' && lane !== 'backfill') continue;
      const list = queue.waiters.get(lane) ?? [];
      queue.waiters.set(lane, []);
      for (const w of list) w.reject(this.slots.dailyError(queue.portalId, lane, daily));
    }
  }

  private sleep(ms: number, queue: Queue): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.timers.delete(t);
        queue.wake = undefined;
        resolve();
      };
      const t = setTimeout(done, ms);
      this.timers.add(t);
      queue.wake = done;
    });
  }
}
