import { resolveHubspotConfig } from '../../config/hubspot.config';
import { HubspotDailyLimitError, HubspotTransientError, HubspotValidationError } from '../../errors';
import { HeldPermit } from '../../http/rate-limit/held-permit';
import { BatchUpsertExecutor } from '../batch/batch-upsert.executor';
import { RowOutcome, UpsertGroup } from '../batch/batch-row.types';
import { DeadLettersService } from '../dead-letters/dead-letters.service';
import { DispatchKinds } from '../dispatch/dispatch-kinds.registry';
import { ClaimedRecord, DispatchBatch } from '../dispatch/dispatch.types';
import { contentHash } from '../ledger/content-hash';
import { SyncLedgerService } from '../ledger/sync-ledger.service';
import { SyncEvents } from '../sync-events';
import { intentFields } from './intent-fields';
import { UpsertBatchHandler } from './upsert-batch.handler';

const config = resolveHubspotConfig({
  auth: { type: 'static-token', accessToken: 'pat-unit-test' },
  sync: { maxAttempts: 3 },
});

const record = (
  key: string,
  properties: Record<string, string> = { plan: 'pro' },
  attempts = 0,
  extra: { objectType?: string; idProperty?: string } = {},
): ClaimedRecord => ({
  member: `u|${extra.objectType ?? 'contacts'}|${key}`,
  attempts,
  due: 1,
  fields: {
    ...intentFields({
      portalId: 1,
      objectType: extra.objectType ?? 'contacts',
      idProperty: extra.idProperty ?? 'email',
      id: key,
      localKey: key,
      properties,
    }),
    'm:lane': '1',
    'm:first': String(Date.now() - 5),
  },
});

const permit = () => new HeldPermit({ portalId: 1, id: 'p', settle: async () => ({ others: 0 }) });

function setup(outcomes: RowOutcome[][], more: HeldPermit | null = null) {
  const executor = {
    upsert: jest.fn(async (_g: UpsertGroup, rows: unknown[]) => outcomes.shift()!.slice(0, rows.length)),
  } as unknown as BatchUpsertExecutor & { upsert: jest.Mock };
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
  const handler = new UpsertBatchHandler(config, new DispatchKinds(), executor, ledger, deadLetters, events);
  const batch = (records: ClaimedRecord[]): DispatchBatch => ({
    portalId: 1,
    lane: 'live',
    records,
    permit: permit(),
    morePermit: jest.fn(async () => more),
  });
  return { handler, executor, ledger, ledgerRows, deadLetters, events, batch };
}

describe('UpsertBatchHandler', () => {
  it('sends claimed records in one call with the held permit and one attempt, writes the ledger', async () => {
    const t = setup([
      [
        { kind: 'ok', hubspotId: '1', created: true },
        { kind: 'ok', hubspotId: '2', created: false },
      ],
    ]);
    const synced: string[] = [];
    t.events.on('synced', (e) => synced.push(e.hubspotId));
    const b = t.batch([record('a@x.io'), record('b@x.io')]);
    expect(await t.handler.send(b)).toEqual([{ next: 'done' }, { next: 'done' }]);
    expect(t.executor.upsert).toHaveBeenCalledTimes(1);
    expect(t.executor.upsert.mock.calls[0][0]).toMatchObject({ call: { permit: b.permit, maxAttempts: 1 } });
    expect(t.ledger.record).toHaveBeenCalledWith([
      expect.objectContaining({ localKey: 'a@x.io', hubspotId: '1', contentHash: expect.any(String) }),
      expect.objectContaining({ localKey: 'b@x.io', hubspotId: '2' }),
    ]);
    expect(synced).toEqual(['1', '2']);
  });

  it('skips what the ledger says HubSpot already has, without a call', async () => {
    const t = setup([]);
    t.ledgerRows.set('a@x.io', {
      hubspotId: '1',
      contentHash: contentHash('email', 'a@x.io', { plan: 'pro' }),
    });
    expect(await t.handler.send(t.batch([record('a@x.io')]))).toEqual([{ next: 'done' }]);
    expect(t.executor.upsert).not.toHaveBeenCalled();
  });

  it('a second call group goes only with a second permit; without one its records are released unsent', async () => {
    const companies = record('acme.io', { name: 'Acme' }, 0, {
      objectType: 'companies',
      idProperty: 'domain',
    });
    const t = setup([[{ kind: 'ok', hubspotId: '1', created: true }]]);
    const verdicts = await t.handler.send(t.batch([record('a@x.io'), companies]));
    expect(verdicts).toEqual([{ next: 'done' }, { next: 'release' }]);
    expect(t.executor.upsert).toHaveBeenCalledTimes(1);

    const more = permit();
    const t2 = setup(
      [[{ kind: 'ok', hubspotId: '1', created: true }], [{ kind: 'ok', hubspotId: '7', created: true }]],
      more,
    );
    expect(await t2.handler.send(t2.batch([record('a@x.io'), companies]))).toEqual([
      { next: 'done' },
      { next: 'done' },
    ]);
    expect(t2.executor.upsert.mock.calls[1][0]).toMatchObject({
      objectType: 'companies',
      call: { permit: more },
    });
  });

  it('retries retryable rows while attempts remain, dead-letters them on the last one', async () => {
    const error = new HubspotTransientError('503');
    const t = setup([
      [
        { kind: 'retry', error },
        { kind: 'retry', error },
      ],
    ]);
    const verdicts = await t.handler.send(t.batch([record('a@x.io', {}, 0), record('b@x.io', {}, 2)]));
    expect(verdicts).toEqual([{ next: 'retry', error }, { next: 'done' }]);
    expect(t.deadLetters.record).toHaveBeenCalledTimes(1);
    expect(t.deadLetters.record).toHaveBeenCalledWith(
      expect.objectContaining({
        localKey: 'b@x.io',
        attempts: 3,
        operation: 'upsert',
        jobId: 'u|contacts|b@x.io',
      }),
    );
  });

  it('dead-letters fatal rows at once with the claimed payload, and parks on the daily limit', async () => {
    const fatal = new HubspotValidationError('Property "zz" does not exist', {
      category: 'VALIDATION_ERROR',
    });
    const daily = new HubspotDailyLimitError('daily', new Date(Date.now() + 60_000));
    const t = setup([
      [
        { kind: 'fatal', error: fatal },
        { kind: 'retry', error: daily },
      ],
    ]);
    const verdicts = await t.handler.send(t.batch([record('a@x.io', { zz: '1' }), record('b@x.io')]));
    expect(verdicts).toEqual([{ next: 'done' }, { next: 'park', error: daily }]);
    expect(t.deadLetters.record).toHaveBeenCalledWith(
      expect.objectContaining({
        payload: expect.objectContaining({ idProperty: 'email', properties: { zz: '1' } }),
        attempts: 1,
      }),
    );
  });
});
