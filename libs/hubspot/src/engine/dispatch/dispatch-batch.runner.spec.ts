import { resolveHubspotConfig } from '../../config/hubspot.config';
import {
  HubspotDailyLimitError,
  HubspotRateLimitedError,
  HubspotReinstallRequiredError,
  HubspotTransientError,
} from '../../errors';
import { HeldPermit } from '../../http/rate-limit/held-permit';
import { PortalRateLimiter } from '../../http/rate-limit/portal-rate-limiter';
import { OutboxSettlement } from '../outbox/outbox.settlement';
import { DispatchBatchRunner } from './dispatch-batch.runner';
import { DispatchStore } from './dispatch.store';
import { ClaimedRecord, DispatchKindHandler, RecordVerdict } from './dispatch.types';
import { PortalStateStore } from './portal-state.store';

const config = resolveHubspotConfig({
  auth: { type: 'static-token', accessToken: 'pat-unit-test' },
  limits: { windowMs: 10_000 },
  sync: { retryDelayMs: 1_000, leaseMs: 30_000 },
});

const record = (member: string, attempts = 0, outboxIds: number[] = []): ClaimedRecord => ({
  member,
  attempts,
  fields: Object.fromEntries(outboxIds.map((id) => [`m:ob:${id}`, '1'])),
  due: 42,
});

function setup(verdicts: RecordVerdict[], failuresInARow = 1) {
  const order: string[] = [];
  const settled: number[] = [];
  const store = {
    renew: jest.fn(async () => 1),
    finish: jest.fn(async (_p: number, _t: string, members: string[]) => {
      order.push(`finish ${members.join(',')} after ${settled.length} settled`);
      return members.map(() => 'released');
    }),
    release: jest.fn(async () => 123),
  } as unknown as DispatchStore & { finish: jest.Mock; release: jest.Mock };
  const portals = {
    park: jest.fn(async () => 0),
    failed: jest.fn(async () => failuresInARow),
    succeeded: jest.fn(async () => undefined),
  } as unknown as PortalStateStore & { park: jest.Mock; failed: jest.Mock; succeeded: jest.Mock };
  const limiter = {} as PortalRateLimiter;
  const settle = jest.fn(async () => ({ others: 0 }));
  const permit = new HeldPermit({ portalId: 1, id: 'p', settle });
  const handler: DispatchKindHandler = { kind: 'upsert', bucket: 'default', send: async () => verdicts };
  const outbox = {
    settle: jest.fn(async (ids: number[]) => void settled.push(...ids)),
  } as unknown as OutboxSettlement & { settle: jest.Mock };
  const runner = new DispatchBatchRunner(config, store, portals, limiter, outbox);
  const run = (records: ClaimedRecord[]) =>
    runner.run({ portalId: 1, lane: 'live', handler, records, token: 't', permit });
  return { run, store, portals, settle, outbox, settled, order };
}

describe('DispatchBatchRunner', () => {
  it('finishes done records, puts retries back with backoff and one attempt more, returns an unused permit', async () => {
    const error = new HubspotTransientError('503');
    const t = setup([{ next: 'done' }, { next: 'retry', error }, { next: 'release' }]);
    const due = await t.run([record('u|a'), record('u|b', 2), record('u|c')]);
    expect(t.store.finish).toHaveBeenCalledWith(1, 't', ['u|a']);
    const released = t.store.release.mock.calls[0][2] as Array<{
      member: string;
      delayMs: number;
      addAttempts: number;
    }>;
    expect(released[0]).toMatchObject({ member: 'u|b', addAttempts: 1 });
    // Third attempt: 1 s doubling twice, half jitter: between 2 and 4 s.
    expect(released[0].delayMs).toBeGreaterThanOrEqual(2_000);
    expect(released[0].delayMs).toBeLessThanOrEqual(4_000);
    expect(released[1]).toEqual({ member: 'u|c', at: 42, delayMs: 0, addAttempts: 0 });
    expect(due).toBe(123);
    expect(t.settle).toHaveBeenCalledWith({ sent: false });
    expect(t.portals.succeeded).toHaveBeenCalledWith(1);
  });

  it('a 429 spends no attempt: the record waits for the window', async () => {
    const limited = new HubspotRateLimitedError('429', 'TEN_SECONDLY_ROLLING', { retryAfterMs: 700 });
    const t = setup([{ next: 'retry', error: limited }]);
    await t.run([record('u|a', 3)]);
    expect(t.store.release.mock.calls[0][2]).toEqual([{ member: 'u|a', delayMs: 700, addAttempts: 0 }]);
  });

  it('parks the portal for what HubSpot said: daily limit until the reset, re-install for a minute', async () => {
    const resetAt = new Date(Date.now() + 3_600_000);
    const daily = new HubspotDailyLimitError('daily', resetAt);
    const t = setup([{ next: 'park', error: daily }]);
    await t.run([record('u|a')]);
    expect(t.store.release.mock.calls[0][2]).toEqual([{ member: 'u|a', at: 42, delayMs: 0, addAttempts: 0 }]);
    expect(t.portals.park).toHaveBeenCalledWith(1, 'daily_limit', expect.any(Number), 'all');
    expect(t.portals.park.mock.calls[0][2]).toBeGreaterThan(3_500_000);

    const reserve = new HubspotDailyLimitError('reserve', resetAt, {}, true);
    const bulk = setup([{ next: 'park', error: reserve }]);
    await bulk.run([record('u|a')]);
    expect(bulk.portals.park).toHaveBeenCalledWith(1, 'daily_reserve', expect.any(Number), 'bulk');

    const revoked = setup([{ next: 'park', error: new HubspotReinstallRequiredError(1) }]);
    await revoked.run([record('u|a')]);
    expect(revoked.portals.park).toHaveBeenCalledWith(1, 'needs_reinstall', 60_000, 'all');
  });

  it('parks a portal whose batches keep failing on HubSpot’s side (the third in a row)', async () => {
    const error = new HubspotTransientError('502');
    const second = setup([{ next: 'retry', error }], 2);
    await second.run([record('u|a')]);
    expect(second.portals.park).not.toHaveBeenCalled();
    const third = setup([{ next: 'retry', error }], 3);
    await third.run([record('u|a')]);
    expect(third.portals.park).toHaveBeenCalledWith(1, 'outage', expect.any(Number), 'all');
  });

  it('a handler that throws (database away) puts the whole batch back as retries', async () => {
    const t = setup([]);
    const failing: DispatchKindHandler = {
      kind: 'upsert',
      bucket: 'default',
      send: async () => {
        throw new Error('ER_CON_COUNT_ERROR');
      },
    };
    const runner = new DispatchBatchRunner(config, t.store, t.portals, {} as PortalRateLimiter, t.outbox);
    const permit = new HeldPermit({ portalId: 1, id: 'p', settle: t.settle });
    await runner.run({
      portalId: 1,
      lane: 'live',
      handler: failing,
      records: [record('u|a')],
      token: 't',
      permit,
    });
    expect(t.store.release.mock.calls[0][2]).toEqual([
      expect.objectContaining({ member: 'u|a', addAttempts: 1 }),
    ]);
  });

  it('deletes the outbox rows of done records (accepted, unchanged, dead-lettered) before it lets go of them', async () => {
    const transient = new HubspotTransientError('503');
    const daily = new HubspotDailyLimitError('daily', new Date(Date.now() + 60_000));
    const t = setup([
      { next: 'done' },
      { next: 'done' },
      { next: 'retry', error: transient },
      { next: 'park', error: daily },
      { next: 'release' },
    ]);
    await t.run([
      record('u|ok', 0, [1, 2]),
      record('u|dead', 0, [3]),
      record('u|later', 0, [4]),
      record('u|parked', 0, [5]),
      record('u|unsent', 0, [6]),
    ]);
    expect(t.settled.sort()).toEqual([1, 2, 3]);
    expect(t.order).toEqual(['finish u|ok,u|dead after 3 settled']);
  });

  it('keeps the claims of records whose rows the database could not delete, and spends no attempt', async () => {
    const t = setup([{ next: 'done' }, { next: 'done' }]);
    t.outbox.settle.mockRejectedValueOnce(new Error('ER_LOCK_WAIT_TIMEOUT'));
    await t.run([record('u|rows', 0, [7]), record('u|plain')]);
    expect(t.store.finish).toHaveBeenCalledWith(1, 't', ['u|plain']);
    expect(t.store.release.mock.calls[0][2]).toEqual([{ member: 'u|rows', delayMs: 1_000, addAttempts: 0 }]);
  });
});
