import { Lane } from '../hubspot-request.types';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import { AcquireCommand, BucketSpec } from './rate-limit.store';

const bucket: BucketSpec = { bucket: 'default', learned: true, max: 10, windowMs: 1_000, slices: 1 };
let seq = 0;

function cmd(lane: Lane, n: number, extra: Partial<AcquireCommand> = {}): AcquireCommand {
  return {
    portalId: 1,
    lane,
    bucket,
    ids: Array.from({ length: n }, () => `slot-${++seq}`),
    waiterId: `proc-${lane}`,
    leaseMs: 5_000,
    dailyReserve: 100,
    pollMs: 20,
    ...extra,
  };
}

describe('MemoryRateLimitStore (the algorithm of the Redis scripts)', () => {
  let now: number;
  let store: MemoryRateLimitStore;
  beforeEach(() => {
    now = 1_000_000;
    store = new MemoryRateLimitStore(1, () => now);
  });

  async function take(lane: Lane, n: number, extra: Partial<AcquireCommand> = {}) {
    const c = cmd(lane, n, extra);
    const r = await store.acquire(c);
    return { ...r, ids: c.ids.slice(0, r.admitted) };
  }

  it('admits Max per rolling window and says when the oldest settled slot leaves', async () => {
    const first = await take('live', 6);
    now += 100;
    const second = await take('live', 6);
    expect(first.admitted + second.admitted).toBe(10);
    for (const id of first.ids) await store.settle({ portalId: 1, bucket, id, sent: true, resetAt: 0 });
    now += 300;
    const third = await take('live', 1);
    expect(third.admitted).toBe(0);
    // First six settled at t=1,000,100 -> the first leaves the window at 1,001,100.
    expect(third.waitMs).toBe(1_000_100 + 1_000 - now);
    now += third.waitMs;
    expect((await take('live', 1)).admitted).toBe(1);
  });

  it('an unsettled (in-flight) slot keeps its lease: waiters poll instead of guessing', async () => {
    await take('live', 10);
    const r = await take('live', 1);
    expect(r).toMatchObject({ admitted: 0, waitMs: 20 });
  });

  it('a returned slot (never sent) is free at once', async () => {
    const r = await take('live', 10);
    await store.settle({ portalId: 1, bucket, id: r.ids[0], sent: false, resetAt: 0 });
    expect((await take('live', 1)).admitted).toBe(1);
  });

  async function fillSettled(lane: Lane) {
    const r = await take(lane, 10, { waiterId: 'proc-a' });
    for (const id of r.ids) await store.settle({ portalId: 1, bucket, id, sent: true, resetAt: 0 });
  }

  it('lower lanes yield while a higher lane waits, in any process', async () => {
    await fillSettled('backfill');
    const live = await take('live', 1, { waiterId: 'proc-b' });
    expect(live).toMatchObject({ admitted: 0, waitMs: 1_000 });
    now += 1_000; // every slot free again, but live registered as waiting
    expect((await take('backfill', 1, { waiterId: 'proc-a' })).admitted).toBe(0);
    expect((await take('reconcile', 1, { waiterId: 'proc-c' })).admitted).toBe(0);
    expect((await take('live', 1, { waiterId: 'proc-b' })).admitted).toBe(1);
    // Live is served and deregistered; reconcile (now waiting too) outranks backfill.
    expect((await take('backfill', 1, { waiterId: 'proc-a' })).admitted).toBe(0);
    expect((await take('reconcile', 1, { waiterId: 'proc-c' })).admitted).toBe(1);
    expect((await take('backfill', 1, { waiterId: 'proc-a' })).admitted).toBe(1);
  });

  it('a crashed higher-lane waiter stops blocking once its registration expires', async () => {
    await fillSettled('backfill');
    await take('webhook', 1, { waiterId: 'proc-dead' }); // registered for 2 x 1,000 + 250 ms
    now += 1_000;
    expect((await take('backfill', 1)).admitted).toBe(0);
    now += 1_000 + 250;
    expect((await take('backfill', 1)).admitted).toBe(1);
  });

  it('learns Max and window from headers and shrinks by what other integrations spend', async () => {
    const r = await take('live', 2);
    for (const id of r.ids) {
      // HubSpot says 30 of 40 remain while we have 2 in the window: others spent 8.
      await store.settle({
        portalId: 1,
        bucket,
        id,
        sent: true,
        resetAt: 0,
        headers: { max: 40, intervalMs: 2_000, remaining: 30 },
      });
    }
    const more = await take('live', 50);
    // Others' 8, plus ceil(sqrt(8)) = 3 as a margin, plus our own 2.
    expect(more.admitted).toBe(40 - 8 - 3 - 2);
    // The estimate expires with the window when nothing new is observed.
    now += 2_001 + 5_000;
    expect((await take('live', 50)).admitted).toBe(40);
  });

  it('daily governor: bulk lanes park below the reserve, live continues; all stop at zero', async () => {
    const r = await take('live', 1);
    const resetAt = now + 60_000;
    await store.settle({
      portalId: 1,
      bucket,
      id: r.ids[0],
      sent: true,
      resetAt,
      headers: { dailyRemaining: 50 },
    });
    expect(await take('backfill', 1)).toMatchObject({ admitted: 0, daily: { remaining: 50, resetAt } });
    expect(await take('reconcile', 1)).toMatchObject({ admitted: 0, daily: { remaining: 50 } });
    expect((await take('webhook', 1)).admitted).toBe(1);
    await store.settle({ portalId: 1, bucket, id: 'x', sent: true, resetAt, dailyExhausted: true });
    expect(await take('live', 1)).toMatchObject({ admitted: 0, daily: { remaining: 0 } });
    now = resetAt;
    expect((await take('backfill', 1)).admitted).toBe(1);
  });

  it('paces: at most max/slices per window/slices, without lowering the window total', async () => {
    const paced = { ...bucket, max: 20, slices: 10 };
    const first = await take('live', 5, { bucket: paced });
    expect(first).toMatchObject({ admitted: 2, waitMs: 100 });
    let total = 2;
    for (let t = 0; t < 9; t++) {
      now += 100;
      total += (await take('live', 5, { bucket: paced })).admitted;
    }
    expect(total).toBe(20);
    now += 100; // 1,000 ms after the first: the window's own limit decides
    expect((await take('live', 5, { bucket: paced })).admitted).toBe(0);
  });

  it('fallback share: a conservative slice of the window', async () => {
    store = new MemoryRateLimitStore(0.25, () => now);
    expect((await take('live', 10)).admitted).toBe(2);
  });
});
