import { BatchCoalescer } from './batch-coalescer';

describe('BatchCoalescer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends items arriving within the window as one batch and hands each caller its own result', async () => {
    const flush = jest.fn(async (_g: string, items: number[]) => items.map((n) => n * 10));
    const c = new BatchCoalescer(flush, { maxBatch: 100, windowMs: 200, maxInFlight: 2 });
    const results = [c.submit('g', 1), c.submit('g', 2), c.submit('g', 3)];
    expect(flush).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(200);
    await expect(Promise.all(results)).resolves.toEqual([10, 20, 30]);
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('flushes a full batch at once, keeps groups apart, and starts a new batch after a flush', async () => {
    const flush = jest.fn(async (_g: string, items: string[]) => items);
    const c = new BatchCoalescer(flush, { maxBatch: 2, windowMs: 1_000, maxInFlight: 4 });
    const a = [c.submit('a', 'a1'), c.submit('b', 'b1'), c.submit('a', 'a2'), c.submit('a', 'a3')];
    await jest.advanceTimersByTimeAsync(0);
    expect(flush.mock.calls).toEqual([['a', ['a1', 'a2']]]);
    await jest.advanceTimersByTimeAsync(1_000);
    await Promise.all(a);
    expect(flush.mock.calls).toEqual([
      ['a', ['a1', 'a2']],
      ['b', ['b1']],
      ['a', ['a3']],
    ]);
  });

  it('rejects every item of a batch whose flush throws', async () => {
    const c = new BatchCoalescer(async () => Promise.reject(new Error('down')), {
      maxBatch: 10,
      windowMs: 10,
      maxInFlight: 1,
    });
    const both = [c.submit('g', 1), c.submit('g', 2)];
    both.forEach((p) => p.catch(() => undefined));
    await jest.advanceTimersByTimeAsync(10);
    await expect(both[0]).rejects.toThrow('down');
    await expect(both[1]).rejects.toThrow('down');
  });

  it('limits batches in flight; later ones wait their turn', async () => {
    let running = 0;
    let peak = 0;
    const flush = jest.fn(async (_g: string, items: number[]) => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, 50));
      running--;
      return items;
    });
    const c = new BatchCoalescer(flush, { maxBatch: 1, windowMs: 10, maxInFlight: 2 });
    const all = Promise.all([1, 2, 3, 4, 5].map((n) => c.submit(`g${n}`, n)));
    await jest.advanceTimersByTimeAsync(500);
    await expect(all).resolves.toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });

  it('drain sends what is buffered now, and later items immediately', async () => {
    const flush = jest.fn(async (_g: string, items: number[]) => items);
    const c = new BatchCoalescer(flush, { maxBatch: 10, windowMs: 60_000, maxInFlight: 1 });
    const first = c.submit('g', 1);
    c.drain();
    await expect(first).resolves.toBe(1);
    await expect(c.submit('g', 2)).resolves.toBe(2);
    expect(flush).toHaveBeenCalledTimes(2);
    expect(c.buffered).toBe(0);
  });
});
