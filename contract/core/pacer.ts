/**
 * At most `max` requests in any `windowMs`: keeps a live run inside HubSpot's rolling window (100 per
 * 10 s on Free) and its search limit (5 per second) with room to spare.
 */
export class Pacer {
  private readonly sent: number[] = [];

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  async slot(): Promise<void> {
    for (;;) {
      const now = Date.now();
      while (this.sent.length && this.sent[0] <= now - this.windowMs) this.sent.shift();
      if (this.sent.length < this.max) {
        this.sent.push(now);
        return;
      }
      await sleep(this.sent[0] + this.windowMs - now + 1);
    }
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
