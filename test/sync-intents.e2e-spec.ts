import Redis from 'ioredis';
import {
  DispatchStore,
  memberOf,
  PortalIndex,
  PortalIndexSweeper,
  PortalStateStore,
  resolveHubspotConfig,
  TokenProvider,
} from '@app/hubspot/testing';
import { intentFields } from '../libs/hubspot/src/engine/intents/intent-fields';
import { SyncIntent } from '../libs/hubspot/src/engine/intents/sync-intent.types';
import { REDIS_URL, uniquePrefix } from './support/services';

const PORTAL = 1;
const member = memberOf('upsert', 'contacts|a@x.io');
const intent = (properties: SyncIntent['properties'], extra: Partial<SyncIntent> = {}): SyncIntent => ({
  portalId: PORTAL,
  objectType: 'contacts',
  localKey: 'a@x.io',
  idProperty: 'email',
  id: 'a@x.io',
  properties,
  ...extra,
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A portal's record queues in real Redis: merge, claim under a lease, finish, backoff, crash recovery, park. */
describe('DispatchStore and PortalIndex (real Redis)', () => {
  let redis: Redis;
  let store: DispatchStore;
  let portals: PortalStateStore;
  let index: PortalIndex;
  let prefix: string;

  beforeEach(async () => {
    prefix = uniquePrefix('dispatch');
    redis = new Redis(REDIS_URL);
    const config = resolveHubspotConfig({
      auth: { type: 'static-token', accessToken: 'pat-test' },
      redis: { keyPrefix: prefix },
      sync: { coalesceWindowMs: 0, batchSize: 3, leaseMs: 500 },
    });
    store = new DispatchStore(redis, config);
    portals = new PortalStateStore(redis, config);
    index = new PortalIndex(redis, config);
  });

  afterEach(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  const stage = (i: SyncIntent, lane: SyncIntent['lane'] = 'live') =>
    store.stage(PORTAL, 'upsert', member, lane, intentFields(i));
  const claim = (token: string, lane: SyncIntent['lane'] = 'live') =>
    store.claim(PORTAL, 'upsert', lane!, token);

  it('merges repeated intents property by property (newest value first); the highest lane wins', async () => {
    await stage(intent({ firstname: 'A', plan: 'free' }), 'reconcile');
    await stage(intent({ plan: 'pro', churned: null }, { deadLetterIds: [4] }), 'live');
    expect(await claim('t', 'reconcile')).toEqual([]);
    const [record] = await claim('t');
    expect(record.member).toBe(member);
    expect(record.fields).toMatchObject({
      'p:firstname': '"A"',
      'p:plan': '"pro"',
      'p:churned': 'null',
      'm:dl:4': '1',
      'm:lane': '1',
    });
    expect(record.attempts).toBe(0);
  });

  it('holds a claimed record for its batch: later intents wait and go out right after it', async () => {
    await stage(intent({ plan: 'free' }));
    await claim('batch-1');
    expect((await stage(intent({ plan: 'pro' }))).state).toBe('held');
    expect(await claim('batch-2')).toEqual([]);
    expect(await store.finish(PORTAL, 'batch-2', [member])).toEqual(['lost']);
    expect(await store.finish(PORTAL, 'batch-1', [member])).toEqual(['more']);
    const [again] = await claim('batch-2');
    expect(again.fields['p:plan']).toBe('"pro"');
    expect(await store.finish(PORTAL, 'batch-2', [member])).toEqual(['released']);
    expect(await store.inspect(PORTAL, member)).toEqual({ pending: undefined, inFlight: undefined });
  });

  it('a crashed batch’s records come back when its lease expires, newer values first, one attempt spent', async () => {
    await stage(intent({ firstname: 'A', plan: 'free' }));
    await claim('dead-worker');
    await stage(intent({ plan: 'pro' }));
    expect((await store.peek(PORTAL)).dispatchable).toEqual([]);
    await sleep(600);
    const peek = await store.peek(PORTAL);
    expect(peek.dispatchable).toEqual([{ kind: 'upsert', lane: 'live' }]);
    const [record] = await claim('next-worker');
    expect(record.fields).toMatchObject({ 'p:firstname': '"A"', 'p:plan': '"pro"' });
    expect(record.attempts).toBe(1);
    expect(await store.finish(PORTAL, 'dead-worker', [member])).toEqual(['lost']);
  });

  it('renewed leases do not expire while their batch runs', async () => {
    await stage(intent({ plan: 'free' }));
    await claim('slow-batch');
    for (let i = 0; i < 4; i++) {
      await sleep(200);
      expect(await store.renew(PORTAL, 'slow-batch', [member])).toBe(1);
    }
    await store.peek(PORTAL);
    expect(await store.finish(PORTAL, 'slow-batch', [member])).toEqual(['released']);
  });

  it('a released record waits for its backoff and counts the attempt', async () => {
    await stage(intent({ plan: 'free' }));
    await claim('b');
    const due = await store.release(PORTAL, 'b', [{ member, delayMs: 300, addAttempts: 1 }]);
    expect(due).toBeGreaterThan(0);
    expect(await claim('c')).toEqual([]);
    const peek = await store.peek(PORTAL);
    expect(peek.nextDue).toBe(due);
    await sleep(350);
    const [record] = await claim('c');
    expect(record.attempts).toBe(1);
  });

  it('a record put back unsent keeps its place ahead of newer ones, and spends no attempt', async () => {
    const key = (i: number) => memberOf('upsert', `contacts|q${i}`);
    for (let i = 0; i < 3; i++) {
      await store.stage(PORTAL, 'upsert', key(i), 'live', { 'm:lk': `q${i}` });
      await sleep(5);
    }
    const claimed = await claim('b');
    expect(claimed.map((r) => r.fields['m:lk'])).toEqual(['q0', 'q1', 'q2']);
    await sleep(5);
    await store.stage(PORTAL, 'upsert', key(3), 'live', { 'm:lk': 'q3' });
    await store.finish(PORTAL, 'b', [key(0), key(1)]);
    await store.release(PORTAL, 'b', [{ member: key(2), at: claimed[2].due, delayMs: 0, addAttempts: 0 }]);
    const next = await claim('c');
    expect(next.map((r) => [r.fields['m:lk'], r.attempts])).toEqual([
      ['q2', 0],
      ['q3', 0],
    ]);
  });

  it('fills a batch of batchSize records oldest first, and reports the backlog per lane', async () => {
    for (let i = 0; i < 5; i++)
      await store.stage(PORTAL, 'upsert', memberOf('upsert', `contacts|u${i}`), 'live', { 'm:lk': `u${i}` });
    await store.stage(PORTAL, 'upsert', memberOf('upsert', 'contacts|bf'), 'backfill', { 'm:lk': 'bf' });
    const backlog = await portals.backlog(PORTAL);
    expect(backlog.lanes).toEqual([
      { lane: 'live', ready: 5 },
      { lane: 'webhook', ready: 0 },
      { lane: 'reconcile', ready: 0 },
      { lane: 'backfill', ready: 1 },
    ]);
    const first = await claim('x');
    expect(first.map((r) => r.fields['m:lk'])).toEqual(['u0', 'u1', 'u2']);
    expect((await portals.backlog(PORTAL)).inFlight).toBe(3);
  });

  it('discards staged intents on request; parks and un-parks the portal', async () => {
    await stage(intent({ plan: 'free' }));
    await store.discard(PORTAL, member);
    expect(await store.inspect(PORTAL, member)).toEqual({ pending: undefined, inFlight: undefined });
    expect((await store.peek(PORTAL)).nextDue).toBeNull();
    await portals.park(PORTAL, 'needs_reinstall', 60_000, 'all');
    expect((await store.peek(PORTAL)).park).toMatchObject({ reason: 'needs_reinstall', scope: 'all' });
    await portals.unpark(PORTAL);
    expect((await store.peek(PORTAL)).park).toBeUndefined();
  });

  it('index: a producer that lowers a portal during a visit is never overwritten by the visit', async () => {
    await index.lower(7, 1);
    const taken = await index.take(10, 1_000);
    expect(taken.portals).toEqual([{ portalId: 7, due: 1 }]);
    // The visit found nothing, but meanwhile a producer staged work and lowered the portal's score.
    await index.lower(7, 2);
    await index.settle(7, taken.lease, null);
    expect(await index.portals()).toEqual([7]);
    // Without a producer, the visit's verdict stands: nothing left, the portal leaves the index.
    const again = await index.take(10, 1_000);
    await index.settle(7, again.lease, null);
    expect(await index.portals()).toEqual([]);
  });

  it('sweep: an installed portal with work but no index entry (its producer died) is put back', async () => {
    await stage(intent({ plan: 'free' }));
    expect(await index.portals()).toEqual([]);
    const installed: TokenProvider = {
      mode: 'static-token',
      getAccessToken: async () => 'unused',
      defaultPortalId: async () => PORTAL,
      portalIds: async () => [PORTAL, 2],
    };
    const sweeper = new PortalIndexSweeper(redis, installed, store, index);
    expect(await sweeper.sweep()).toEqual([PORTAL]);
    expect(await index.portals()).toEqual([PORTAL]);
  });

  /** What the outbox relay stages: the record's rows as fields, the newest row as sequence, the oldest's time. */
  const relay = (i: SyncIntent) =>
    store.stage(PORTAL, 'upsert', member, 'live', intentFields(i), { seq: i.outboxSeq, since: i.since });

  it('an outbox relay holding older rows of a record never overwrites what a newer one staged', async () => {
    const since = Date.now() - 5_000;
    const newer = await relay(
      intent({ plan: 'pro', lastname: 'L' }, { outboxIds: [5, 6], outboxSeq: 6, since }),
    );
    expect(newer.state).toBe('queued');
    // A slower relay read the record before row 6 was committed: it writes nothing...
    await relay(intent({ plan: 'free' }, { outboxIds: [5], outboxSeq: 5 }));
    const [claimed] = await claim('batch');
    expect(claimed.fields).toMatchObject({
      'p:plan': '"pro"',
      'p:lastname': '"L"',
      'm:ob:5': '1',
      'm:ob:6': '1',
      'm:first': String(since),
    });
    expect(await store.finish(PORTAL, 'batch', [member])).toEqual(['released']);
    // ...and once the newer values were sent, relaying the same rows again stages nothing to send.
    const again = await relay(intent({ plan: 'pro', lastname: 'L' }, { outboxIds: [5, 6], outboxSeq: 6 }));
    expect(again.state).toBe('stale');
    expect(await store.inspect(PORTAL, member)).toEqual({ pending: undefined, inFlight: undefined });
    // A newer row is staged as usual.
    expect((await relay(intent({ plan: 'team' }, { outboxIds: [7], outboxSeq: 7 }))).state).toBe('queued');
    const [next] = await claim('next');
    expect(next.fields).toMatchObject({ 'p:plan': '"team"', 'm:ob:7': '1' });
    expect(next.fields['m:ob:5']).toBeUndefined();
  });

  it('a relay that finds its rows already staged leaves them be, and a crashed batch still sends them', async () => {
    await relay(intent({ plan: 'pro' }, { outboxIds: [9], outboxSeq: 9 }));
    // Relayed again (unsettled past redeliverAfterMs) while it still waits: still queued, nothing rewritten.
    expect((await relay(intent({ plan: 'pro' }, { outboxIds: [9], outboxSeq: 9 }))).state).toBe('queued');
    expect((await portals.backlog(PORTAL)).lanes[0]).toEqual({ lane: 'live', ready: 1 });
    await claim('dead-worker');
    // The batch that claimed it dies; relayed again meanwhile, nothing is written (the claim holds the rows)...
    expect((await relay(intent({ plan: 'pro' }, { outboxIds: [9], outboxSeq: 9 }))).state).toBe('stale');
    expect((await store.inspect(PORTAL, member)).pending).toBeUndefined();
    await sleep(600);
    await store.peek(PORTAL);
    // ...and its lease's expiry puts it back with its rows, so they are still settled when it is sent.
    const [record] = await claim('next-worker');
    expect(record.fields).toMatchObject({ 'p:plan': '"pro"', 'm:ob:9': '1' });
    expect(record.attempts).toBe(1);
  });
});
