import type { Job } from 'bull';
import { HubspotDailyLimitError, HubspotTransientError, HubspotValidationError } from '../../errors';
import { BatchUpsertExecutor } from '../batch/batch-upsert.executor';
import { RowOutcome } from '../batch/batch-row.types';
import { DeadLettersService } from '../dead-letters/dead-letters.service';
import { SyncIntentQueue } from '../intents/sync-intent.queue';
import { ClaimedIntent, SyncJobData } from '../intents/sync-intent.types';
import { contentHash } from '../ledger/content-hash';
import { SyncLedgerService } from '../ledger/sync-ledger.service';
import { OutboxSettlement } from '../outbox/outbox.settlement';
import { SyncEvents } from '../sync-events';
import { SyncBatchHandler } from './sync-batch.handler';

const job = (key: string, attemptsMade = 0, attempts = 3) =>
  ({
    id: `1:contacts:${key}:1`,
    data: { portalId: 1, objectType: 'contacts', localKey: key, lane: 'live' },
    attemptsMade,
    opts: { attempts },
  }) as unknown as Job<SyncJobData>;

const claimed = (
  key: string,
  properties: Record<string, string> = { plan: 'pro' },
  outboxIds: number[] = [],
): ClaimedIntent => ({
  portalId: 1,
  objectType: 'contacts',
  idProperty: 'email',
  id: key,
  localKey: key,
  lane: 'live',
  properties,
  deadLetterIds: [],
  outboxIds,
  firstEnqueuedAt: Date.now() - 5,
});

function setup(
  claims: Record<string, ClaimedIntent | 'busy' | null>,
  outcomes: RowOutcome[],
  finish = 'released',
) {
  const store = {
    claim: jest.fn(async (ref: { localKey: string }) => claims[ref.localKey]),
    finish: jest.fn(async () => finish),
  };
  const intents = { store } as unknown as SyncIntentQueue;
  const executor = { upsert: jest.fn(async () => outcomes) } as unknown as BatchUpsertExecutor;
  const ledgerRows = new Map<string, unknown>();
  const ledger = {
    findMany: jest.fn(async () => ledgerRows),
    record: jest.fn(async () => undefined),
  } as unknown as SyncLedgerService;
  const deadLetters = {
    record: jest.fn(async () => [{ id: 9 }]),
    resolve: jest.fn(async () => undefined),
  } as unknown as DeadLettersService;
  const events = new SyncEvents();
  const settled: number[] = [];
  const outbox = {
    settle: jest.fn(async (ids: number[]) => void settled.push(...ids)),
  } as unknown as OutboxSettlement;
  const handler = new SyncBatchHandler(intents, executor, ledger, deadLetters, events, outbox);
  return { handler, store, executor, ledger, ledgerRows, deadLetters, events, settled };
}

describe('SyncBatchHandler', () => {
  it('sends claimed records in one call, writes the ledger and completes each job', async () => {
    const t = setup({ 'a@x.io': claimed('a@x.io'), 'b@x.io': claimed('b@x.io') }, [
      { kind: 'ok', hubspotId: '1', created: true },
      { kind: 'ok', hubspotId: '2', created: false },
    ]);
    const synced: string[] = [];
    t.events.on('synced', (e) => synced.push(e.hubspotId));
    const verdicts = await t.handler.flush([job('a@x.io'), job('b@x.io')]);
    expect(verdicts).toEqual([{ next: 'done' }, { next: 'done' }]);
    expect(t.executor.upsert).toHaveBeenCalledTimes(1);
    expect(t.ledger.record).toHaveBeenCalledWith([
      expect.objectContaining({ localKey: 'a@x.io', hubspotId: '1', contentHash: expect.any(String) }),
      expect.objectContaining({ localKey: 'b@x.io', hubspotId: '2' }),
    ]);
    expect(synced).toEqual(['1', '2']);
  });

  it('skips what the ledger says HubSpot already has, busy records and empty claims', async () => {
    const t = setup({ 'a@x.io': claimed('a@x.io'), 'b@x.io': 'busy', 'c@x.io': null }, []);
    t.ledgerRows.set('a@x.io', {
      hubspotId: '1',
      contentHash: contentHash('email', 'a@x.io', { plan: 'pro' }),
    });
    const verdicts = await t.handler.flush([job('a@x.io'), job('b@x.io'), job('c@x.io')]);
    expect(verdicts).toEqual([{ next: 'done' }, { next: 'busy' }, { next: 'done' }]);
    expect(t.executor.upsert).not.toHaveBeenCalled();
  });

  it('claims again when intents were staged while the batch was out', async () => {
    const t = setup({ 'a@x.io': claimed('a@x.io') }, [{ kind: 'ok', hubspotId: '1', created: true }], 'more');
    expect(await t.handler.flush([job('a@x.io')])).toEqual([{ next: 'again' }]);
  });

  it('retries retryable rows while attempts remain, dead-letters them on the last one', async () => {
    const error = new HubspotTransientError('503');
    const t = setup({ 'a@x.io': claimed('a@x.io'), 'b@x.io': claimed('b@x.io') }, [
      { kind: 'retry', error },
      { kind: 'retry', error },
    ]);
    const verdicts = await t.handler.flush([job('a@x.io', 0, 3), job('b@x.io', 2, 3)]);
    expect(verdicts).toEqual([
      { next: 'retry', error },
      { next: 'failed', error },
    ]);
    expect(t.deadLetters.record).toHaveBeenCalledTimes(1);
    expect(t.deadLetters.record).toHaveBeenCalledWith(
      expect.objectContaining({ localKey: 'b@x.io', attempts: 3, operation: 'upsert' }),
    );
    expect(t.store.finish).toHaveBeenCalledTimes(1);
  });

  it('dead-letters fatal rows at once with the claimed payload, and parks on the daily limit', async () => {
    const fatal = new HubspotValidationError('Property "zz" does not exist', {
      category: 'VALIDATION_ERROR',
    });
    const daily = new HubspotDailyLimitError('daily', new Date(Date.now() + 60_000));
    const t = setup({ 'a@x.io': claimed('a@x.io', { zz: '1' }), 'b@x.io': claimed('b@x.io') }, [
      { kind: 'fatal', error: fatal },
      { kind: 'retry', error: daily },
    ]);
    const verdicts = await t.handler.flush([job('a@x.io'), job('b@x.io')]);
    expect(verdicts).toEqual([
      { next: 'failed', error: fatal },
      { next: 'park', error: daily },
    ]);
    expect(t.deadLetters.record).toHaveBeenCalledWith(
      expect.objectContaining({
        payload: expect.objectContaining({ idProperty: 'email', properties: { zz: '1' } }),
        attempts: 1,
      }),
    );
  });

  it('settles outbox rows once accepted, unchanged or dead-lettered, and keeps them for retries and parking', async () => {
    const fatal = new HubspotValidationError('bad', { category: 'VALIDATION_ERROR' });
    const transient = new HubspotTransientError('503');
    const daily = new HubspotDailyLimitError('daily', new Date(Date.now() + 60_000));
    const t = setup(
      {
        'ok@x.io': claimed('ok@x.io', { plan: 'pro' }, [1, 2]),
        'same@x.io': claimed('same@x.io', { plan: 'pro' }, [3]),
        'bad@x.io': claimed('bad@x.io', { plan: 'pro' }, [4]),
        'later@x.io': claimed('later@x.io', { plan: 'pro' }, [5]),
        'parked@x.io': claimed('parked@x.io', { plan: 'pro' }, [6]),
      },
      [
        { kind: 'ok', hubspotId: '1', created: true },
        { kind: 'fatal', error: fatal },
        { kind: 'retry', error: transient },
        { kind: 'retry', error: daily },
      ],
    );
    t.ledgerRows.set('same@x.io', {
      hubspotId: '7',
      contentHash: contentHash('email', 'same@x.io', { plan: 'pro' }),
    });
    const order: string[] = [];
    t.store.finish.mockImplementation(async () => {
      order.push(`finish after ${t.settled.length} settled`);
      return 'released';
    });
    const jobs = ['ok@x.io', 'same@x.io', 'bad@x.io', 'later@x.io', 'parked@x.io'].map((k) => job(k));
    const verdicts = await t.handler.flush(jobs);
    expect(verdicts.map((v) => v.next)).toEqual(['done', 'done', 'failed', 'retry', 'park']);
    expect(t.settled.sort()).toEqual([1, 2, 3, 4]);
    // Every claim is let go only after its rows are settled.
    expect(order).toEqual(['finish after 1 settled', 'finish after 3 settled', 'finish after 4 settled']);
  });
});
