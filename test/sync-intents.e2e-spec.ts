import Bull, { Queue } from 'bull';
import { IntentStore } from '../libs/hubspot/src/engine/intents/intent-store';
import { SyncIntent } from '../libs/hubspot/src/engine/intents/sync-intent.types';
import { REDIS_URL, uniquePrefix } from './support/services';

const ref = { portalId: 1, objectType: 'contacts', localKey: 'a@x.io' };
const intent = (properties: SyncIntent['properties'], extra: Partial<SyncIntent> = {}): SyncIntent => ({
  ...ref,
  idProperty: 'email',
  id: 'a@x.io',
  properties,
  ...extra,
});

/** The per-record intent state in real Redis: merge, lease, busy, hand-back of a dead owner's claim. */
describe('IntentStore (real Redis)', () => {
  let queue: Queue;
  let store: IntentStore;
  let prefix: string;

  beforeEach(async () => {
    prefix = uniquePrefix('intents');
    queue = new Bull('hubspot-sync', REDIS_URL, { prefix: `${prefix}:bull` });
    await queue.isReady();
    store = new IntentStore(queue.client, prefix, queue.toKey(''));
  });

  afterEach(async () => {
    const keys = await queue.client.keys(`${prefix}:*`);
    if (keys.length) await queue.client.del(...keys);
    await queue.close();
  });

  it('merges repeated intents property by property into one job id, newest value first', async () => {
    const first = await store.stage(intent({ firstname: 'A', plan: 'free' }));
    const second = await store.stage(intent({ plan: 'pro', churned: null }, { deadLetterIds: [4] }));
    expect(first).toMatch(/^1:contacts:a@x\.io:\d+$/);
    expect(second).toBe(first);
    const claimed = await store.claim(ref, first!);
    expect(claimed).toMatchObject({
      idProperty: 'email',
      id: 'a@x.io',
      lane: 'live',
      properties: { firstname: 'A', plan: 'pro', churned: null },
      deadLetterIds: [4],
    });
  });

  it('holds the record for its owner: later intents wait for the owner, who claims them after its batch', async () => {
    const jobId = (await store.stage(intent({ plan: 'free' })))!;
    await queue.add('upsert', ref, { jobId });
    await store.claim(ref, jobId);
    // A live owner holds the lease: no new job, the owner sends it.
    expect(await store.stage(intent({ plan: 'pro' }))).toBeNull();
    expect(await store.claim(ref, 'someone-else')).toBe('busy');
    expect(await store.finish(ref, jobId)).toBe('more');
    expect((await store.claim(ref, jobId)) as { properties: unknown }).toMatchObject({
      properties: { plan: 'pro' },
    });
    expect(await store.finish(ref, jobId)).toBe('released');
    expect(await store.finish(ref, 'someone-else')).toBe('lost');
    // Released: the next intent gets a new generation, so it never lands on the finished job.
    const next = await store.stage(intent({ plan: 'team' }));
    expect(next).not.toBeNull();
    expect(next).not.toBe(jobId);
  });

  it('folds a dead owner’s claim back into pending, so a new job sends it (pending values win)', async () => {
    const jobId = (await store.stage(intent({ firstname: 'A', plan: 'free' })))!;
    const job = await queue.add('upsert', ref, { jobId });
    await store.claim(ref, jobId);
    await job.remove(); // the owner failed for good without finishing
    const nextJob = await store.stage(intent({ plan: 'pro' }));
    expect(nextJob).not.toBeNull();
    const claimed = await store.claim(ref, nextJob!);
    expect(claimed).toMatchObject({ properties: { firstname: 'A', plan: 'pro' } });
  });

  it('hands the lease to a successor, and discards pending intents on request', async () => {
    const jobId = (await store.stage(intent({ plan: 'free' })))!;
    await queue.add('upsert', ref, { jobId });
    await store.claim(ref, jobId);
    await queue.add('upsert', ref, { jobId: 'successor', delay: 60_000 });
    expect(await store.handoff(ref, jobId, 'successor')).toBe(true);
    expect(await store.claim(ref, jobId)).toBe('busy');
    expect(await store.stage(intent({ plan: 'pro' }))).toBeNull();
    await store.discardPending(ref);
    expect((await store.inspect(ref)).pending).toEqual({});
  });

  it('an outbox relay holding older rows of a record never overwrites what a newer one staged', async () => {
    const newer = await store.stage(
      intent({ plan: 'pro', lastname: 'L' }, { outboxIds: [5, 6], outboxSeq: 6 }),
    );
    expect(newer).not.toBeNull();
    // A slower relay read the record before row 6 was committed: it stages nothing...
    const older = await store.stage(intent({ plan: 'free' }, { outboxIds: [5], outboxSeq: 5 }));
    expect(older).toBe(newer);
    const claimed = await store.claim(ref, newer!);
    expect(claimed).toMatchObject({ properties: { plan: 'pro', lastname: 'L' }, outboxIds: [5, 6] });
    expect(await store.finish(ref, newer!)).toBe('released');
    // ...and once the newer intent was sent, relaying the same rows again stages nothing to send.
    expect(
      await store.stage(intent({ plan: 'pro', lastname: 'L' }, { outboxIds: [5, 6], outboxSeq: 6 })),
    ).toBeNull();
    // A newer row is staged as usual.
    const next = await store.stage(intent({ plan: 'team' }, { outboxIds: [7], outboxSeq: 7 }));
    expect(await store.claim(ref, next!)).toMatchObject({ properties: { plan: 'team' }, outboxIds: [7] });
  });

  it('a relay that finds its rows already staged still makes sure a job sends them (dead owner folded back)', async () => {
    const jobId = (await store.stage(intent({ plan: 'pro' }, { outboxIds: [9], outboxSeq: 9 })))!;
    const job = await queue.add('upsert', ref, { jobId });
    await store.claim(ref, jobId);
    await job.remove(); // the owner died holding the claim; Redis kept it
    const again = await store.stage(intent({ plan: 'pro' }, { outboxIds: [9], outboxSeq: 9 }));
    expect(again).not.toBeNull();
    expect(again).not.toBe(jobId);
    expect(await store.claim(ref, again!)).toMatchObject({ properties: { plan: 'pro' }, outboxIds: [9] });
  });
});
