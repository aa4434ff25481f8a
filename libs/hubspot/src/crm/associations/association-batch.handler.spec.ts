import type { Job } from 'bull';
import { AssociationBatchClient } from './association-batch.client';
import { AssociationPendingError } from '../../errors/association-pending.error';
import { AssociationJobData } from './association.types';
import { AssociationsService } from './associations.service';
import { HubspotValidationError } from '../../errors';
import { RowOutcome } from '../../engine/batch/batch-row.types';
import { DeadLettersService } from '../../engine/dead-letters/dead-letters.service';
import { SyncLedgerService } from '../../engine/ledger/sync-ledger.service';
import { OutboxSettlement } from '../../engine/outbox/outbox.settlement';
import { AssociationBatchHandler } from './association-batch.handler';

const job = (
  fromKey: string,
  toKey: string,
  attemptsMade = 0,
  deadLetterIds?: number[],
  outboxIds?: number[],
) =>
  ({
    id: `j-${fromKey}`,
    data: {
      portalId: 1,
      fromType: 'contacts',
      fromKey,
      toType: 'companies',
      toKey,
      lane: 'live',
      deadLetterIds,
      outboxIds,
    },
    attemptsMade,
    opts: { attempts: 3 },
  }) as unknown as Job<AssociationJobData>;

function setup(ids: Record<string, string>, done: string[], outcomes: RowOutcome[]) {
  const rows = (keys: string[]) => new Map(keys.filter((k) => ids[k]).map((k) => [k, { hubspotId: ids[k] }]));
  const ledger = {
    findMany: jest.fn(async (_p: number, type: string, keys: string[]) =>
      type.startsWith('assoc:')
        ? new Map(keys.filter((k) => done.includes(k)).map((k) => [k, { hubspotId: 'x' }]))
        : rows(keys),
    ),
  } as unknown as SyncLedgerService;
  const batch = { associate: jest.fn(async () => outcomes) } as unknown as AssociationBatchClient;
  const associations = { remember: jest.fn(async () => undefined) } as unknown as AssociationsService;
  const deadLetters = {
    record: jest.fn(async () => [{ id: 1 }]),
    resolve: jest.fn(async () => undefined),
  } as unknown as DeadLettersService;
  const settled: number[] = [];
  const outbox = {
    settle: jest.fn(async (ids?: number[]) => void settled.push(...(ids ?? []))),
  } as unknown as OutboxSettlement;
  return {
    handler: new AssociationBatchHandler(ledger, batch, associations, deadLetters, outbox),
    batch,
    associations,
    deadLetters,
    settled,
  };
}

describe('AssociationBatchHandler', () => {
  it('sends pairs whose both sides are in HubSpot in one batch, remembers them and resolves replays', async () => {
    const t = setup(
      { a: '1', b: '2', 'acme.io': '9' },
      [],
      [
        { kind: 'ok', hubspotId: '9', created: true },
        { kind: 'ok', hubspotId: '9', created: true },
      ],
    );
    const verdicts = await t.handler.flush([job('a', 'acme.io'), job('b', 'acme.io', 0, [7])]);
    expect(verdicts).toEqual([{ next: 'done' }, { next: 'done' }]);
    expect(t.batch.associate).toHaveBeenCalledWith(
      expect.objectContaining({ fromType: 'contacts', toType: 'companies' }),
      [
        { fromId: '1', toId: '9' },
        { fromId: '2', toId: '9' },
      ],
    );
    expect(t.associations.remember).toHaveBeenCalledWith(1, 'contacts', 'companies', undefined, [
      { fromId: '1', toId: '9' },
      { fromId: '2', toId: '9' },
    ]);
    expect(t.deadLetters.resolve).toHaveBeenCalledWith([7]);
  });

  it('waits (retries) while a side is missing and dead-letters it on the last attempt', async () => {
    const t = setup({ a: '1' }, [], []);
    const [early, last] = await t.handler.flush([job('a', 'acme.io', 0), job('a', 'acme.io', 2)]);
    expect(early.next).toBe('retry');
    expect(last.next).toBe('failed');
    expect((last as { error: Error }).error).toBeInstanceOf(AssociationPendingError);
    expect(t.batch.associate).not.toHaveBeenCalled();
    expect(t.deadLetters.record).toHaveBeenCalledWith(
      expect.objectContaining({ operation: 'associate', localKey: 'a->acme.io', attempts: 3 }),
    );
  });

  it('skips pairs the ledger already has and dead-letters pairs HubSpot refuses', async () => {
    const refused = new HubspotValidationError('bad pair');
    const t = setup({ a: '1', b: '2', 'acme.io': '9' }, ['1:9'], [{ kind: 'fatal', error: refused }]);
    const verdicts = await t.handler.flush([job('a', 'acme.io'), job('b', 'acme.io')]);
    expect(verdicts).toEqual([{ next: 'done' }, { next: 'failed', error: refused }]);
    expect(t.batch.associate).toHaveBeenCalledWith(expect.anything(), [{ fromId: '2', toId: '9' }]);
  });

  it('settles outbox rows of pairs made, already made or dead-lettered, not of pairs still waiting', async () => {
    const refused = new HubspotValidationError('bad pair');
    const t = setup(
      { a: '1', b: '2', c: '3', 'acme.io': '9' },
      ['1:9'],
      [
        { kind: 'ok', hubspotId: '9', created: true },
        { kind: 'fatal', error: refused },
      ],
    );
    const verdicts = await t.handler.flush([
      job('a', 'acme.io', 0, undefined, [1]),
      job('b', 'acme.io', 0, undefined, [2, 3]),
      job('c', 'acme.io', 0, undefined, [4]),
      job('d', 'acme.io', 0, undefined, [5]),
    ]);
    expect(verdicts.map((v) => v.next)).toEqual(['done', 'done', 'failed', 'retry']);
    expect(t.settled.sort()).toEqual([1, 2, 3, 4]);
    expect(t.deadLetters.record).toHaveBeenCalledWith(
      expect.objectContaining({ payload: expect.not.objectContaining({ outboxIds: expect.anything() }) }),
    );
  });
});
