import { bulkhead, BulkheadPolicy } from 'cockatiel';

export interface CoalescerOptions {
  /** Flush as soon as a group holds this many items. */
  maxBatch: number;
  /** Flush a group this long after its first item arrived. */
  windowMs: number;
  /** Flushes running at once; further full groups wait their turn (and keep collecting). */
  maxInFlight: number;
}

/** Sends one group's items; resolves with one result per item, in order. A throw rejects every item. */
export type FlushFn<T, R> = (groupKey: string, items: T[]) => Promise<R[]>;

interface Waiter<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

interface Buffer<T, R> {
  waiters: Array<Waiter<T, R>>;
  timer?: NodeJS.Timeout;
}

/**
 * Collects items submitted one by one (one per Bull job) into batches per group key, and hands each caller
 * the result for its own item. A batch goes out when it is full or its window has passed.
 */
export class BatchCoalescer<T, R> {
  private readonly buffers = new Map<string, Buffer<T, R>>();
  private readonly inFlight: BulkheadPolicy;
  private draining = false;

  constructor(
    private readonly flushFn: FlushFn<T, R>,
    private readonly options: CoalescerOptions,
  ) {
    this.inFlight = bulkhead(options.maxInFlight, Number.MAX_SAFE_INTEGER);
  }

  submit(groupKey: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let buffer = this.buffers.get(groupKey);
      if (!buffer) {
        buffer = { waiters: [] };
        this.buffers.set(groupKey, buffer);
      }
      buffer.waiters.push({ item, resolve, reject });
      if (this.draining || buffer.waiters.length >= this.options.maxBatch) this.flush(groupKey);
      else buffer.timer ??= setTimeout(() => this.flush(groupKey), this.options.windowMs);
    });
  }

  /** Sends everything buffered now, and every later submit at once (shutdown). */
  drain(): void {
    this.draining = true;
    for (const key of [...this.buffers.keys()]) this.flush(key);
  }

  /** Items waiting for their batch to leave (not counting batches in flight). */
  get buffered(): number {
    let n = 0;
    for (const b of this.buffers.values()) n += b.waiters.length;
    return n;
  }

  private flush(groupKey: string): void {
    const buffer = this.buffers.get(groupKey);
    if (!buffer) return;
    this.buffers.delete(groupKey);
    if (buffer.timer) clearTimeout(buffer.timer);
    const waiters = buffer.waiters;
    void this.inFlight
      .execute(() =>
        this.flushFn(
          groupKey,
          waiters.map((w) => w.item),
        ),
      )
      .then(
        (results) => waiters.forEach((w, i) => w.resolve(results[i])),
        (error: unknown) => waiters.forEach((w) => w.reject(error)),
      );
  }
}
