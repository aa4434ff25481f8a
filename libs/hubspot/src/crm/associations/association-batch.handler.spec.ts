import { resolveHubspotConfig } from '../../config/hubspot.config';
import { AssociationPendingError } from '../../errors/association-pending.error';
import { HubspotValidationError } from '../../errors';
import { RowOutcome } from '../../engine/batch/batch-row.types';
import { DeadLettersService } from '../../engine/dead-letters/dead-letters.service';
import { DispatchKinds } from '../../engine/dispatch/dispatch-kinds.registry';
import { ClaimedRecord, DispatchBatch } from '../../engine/dispatch/dispatch.types';
import { SyncLedgerService } from '../../engine/ledger/sync-ledger.service';
import { HeldPermit } from '../../http/rate-limit/held-permit';
import { AssociationBatchClient } from './association-batch.client';
import { AssociationBatchHandler } from './association-batch.handler';
import { AssociationsService } from './associations.service';

const config = resolveHubspotConfig({
  auth: { type: 'static-token', accessToken: 'pat-unit-test' },
  sync: { maxAttempts: 3 },
});

const record = (
  fromKey: string,
  toKey: string,
  attempts = 0,
  deadLetterIds: number[] = [],
): ClaimedRecord => {
  const data = { portalId: 1, fromType: 'contacts', fromKey, toType: 'companies', toKey, lane: 'live' };
  const fields: Record<string, string> = { 'm:data': JSON.stringify(data), 'm:lane': '1' };
  for (const id of deadLetterIds) fields[`m:dl:${id}`] = '1';
  return { member: `a|x|${fromKey}|${toKey}`, attempts, fields, due: 1 };
};

function setup(ids: Record<string, string>, done: string[], outcomes: RowOutcome[]) {
  const rows = (keys: string[]) => new Map(keys.filter((k) => ids[k]).map((k) => [k, { hubspotId: ids[k] }]));
  const ledger = {
    findMany: jest.fn(async (_p: number, type: string, keys: string[]) =>
      type.startsWith('assoc:')
        ? new Map(keys.filter((k) => done.includes(k)).map((k) => [k, { hubspotId: 'x' }]))
        : rows(keys),
    ),
  } as unknown as SyncLedgerService;
  const client = { associate: jest.fn(async () => outcomes) } as unknown as AssociationBatchClient & {
    associate: jest.Mock;
  };
  const associations = { remember: jest.fn(async () => undefined) } as unknown as AssociationsService;
  const deadLetters = {
    record: jest.fn(async () => [{ id: 1 }]),
    resolve: jest.fn(async () => undefined),
  } as unknown as DeadLettersService;
  const handler = new AssociationBatchHandler(
    config,
    new DispatchKinds(),
    ledger,
    client,
    associations,
    deadLetters,
  );
  const batch = (records: ClaimedRecord[]): DispatchBatch => ({
    portalId: 1,
    lane: 'live',
    records,
    permit: new HeldPermit({ portalId: 1, id: 'p', settle: async () => ({ others: 0 }) }),
    morePermit: async () => null,
  });
  return { handler, client, associations, deadLetters, batch };
}

describe('AssociationBatchHandler', () => {
  it('sends pairs whose both sides are in HubSpot in one call with the held permit, remembers them, resolves replays', async () => {
    const t = setup(
      { a: '1', b: '2', 'acme.io': '9' },
      [],
      [
        { kind: 'ok', hubspotId: '9', created: true },
        { kind: 'ok', hubspotId: '9', created: true },
      ],
    );
    const b = t.batch([record('a', 'acme.io'), record('b', 'acme.io', 0, [7])]);
    expect(await t.handler.send(b)).toEqual([{ next: 'done' }, { next: 'done' }]);
    expect(t.client.associate).toHaveBeenCalledWith(
      expect.objectContaining({
        fromType: 'contacts',
        toType: 'companies',
        call: { permit: b.permit, maxAttempts: 1 },
      }),
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
    const [early, last] = await t.handler.send(
      t.batch([record('a', 'acme.io', 0), record('a', 'acme.io', 2)]),
    );
    expect(early.next).toBe('retry');
    expect((early as { error: Error }).error).toBeInstanceOf(AssociationPendingError);
    expect(last.next).toBe('done');
    expect(t.client.associate).not.toHaveBeenCalled();
    expect(t.deadLetters.record).toHaveBeenCalledWith(
      expect.objectContaining({ operation: 'associate', localKey: 'a->acme.io', attempts: 3 }),
    );
  });

  it('skips pairs the ledger already has and dead-letters pairs HubSpot refuses', async () => {
    const refused = new HubspotValidationError('bad pair');
    const t = setup({ a: '1', b: '2', 'acme.io': '9' }, ['1:9'], [{ kind: 'fatal', error: refused }]);
    const verdicts = await t.handler.send(t.batch([record('a', 'acme.io'), record('b', 'acme.io')]));
    expect(verdicts).toEqual([{ next: 'done' }, { next: 'done' }]);
    expect(t.client.associate).toHaveBeenCalledWith(expect.anything(), [{ fromId: '2', toId: '9' }]);
    expect(t.deadLetters.record).toHaveBeenCalledWith(expect.objectContaining({ error: refused }));
  });
});
