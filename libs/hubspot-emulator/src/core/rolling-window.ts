/** Exact rolling window: the timestamps of accepted requests, oldest first. */
export class RollingWindow {
  private ts: number[] = [];
  private head = 0;

  /** Accepted requests in (now - windowMs, now]. */
  count(now: number, windowMs: number): number {
    this.expire(now, windowMs);
    return this.ts.length - this.head;
  }

  /** Takes one slot if fewer than `max` were accepted inside the window; returns the count after, or -1. */
  tryTake(now: number, windowMs: number, max: number): number {
    const used = this.count(now, windowMs);
    if (used >= max) return -1;
    this.ts.push(now);
    return used + 1;
  }

  /** Accepted requests in the last `spanMs` (binary search over the sorted tail). */
  countSince(now: number, spanMs: number): number {
    const from = now - spanMs;
    let lo = this.head;
    let hi = this.ts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ts[mid] <= from) lo = mid + 1;
      else hi = mid;
    }
    return this.ts.length - lo;
  }

  /** Milliseconds until the oldest accepted request leaves the window. */
  msUntilSlot(now: number, windowMs: number): number {
    this.expire(now, windowMs);
    if (this.head >= this.ts.length) return 0;
    return Math.max(0, this.ts[this.head] + windowMs - now);
  }

  private expire(now: number, windowMs: number): void {
    const cutoff = now - windowMs;
    while (this.head < this.ts.length && this.ts[this.head] <= cutoff) this.head++;
    if (this.head > 4096 && this.head * 2 > this.ts.length) {
      this.ts = this.ts.slice(this.head);
      this.head = 0;
    }
  }
}
