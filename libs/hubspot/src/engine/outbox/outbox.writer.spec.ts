import type { DataSource, EntityManager, QueryRunner, Repository } from 'typeorm';
import { OutboxTransactionError } from '../../errors/outbox-transaction.error';
import { HubspotOutbox } from './hubspot-outbox.entity';
import { OutboxCommitSubscriber } from './outbox-commit.subscriber';
import { outboxRecordHash, OutboxWriter } from './outbox.writer';

function setup() {
  const dataSource = {
    driver: { escape: (name: string) => `\`${name}\`` },
    getMetadata: () => ({ tableName: 'hubspot_outbox' }),
  } as unknown as DataSource;
  const runner = (overrides: Partial<QueryRunner> = {}) =>
    ({
      connection: dataSource,
      isReleased: false,
      isTransactionActive: true,
      startTransaction: jest.fn(),
      query: jest.fn(async () => ({ insertId: '17' })),
      ...overrides,
    }) as unknown as QueryRunner;
  const repo = { manager: { connection: dataSource } } as unknown as Repository<HubspotOutbox>;
  const commits = { watch: jest.fn() } as unknown as OutboxCommitSubscriber;
  return { writer: new OutboxWriter(repo, commits), runner, commits };
}

const entry = {
  kind: 'upsert' as const,
  portalId: 7,
  objectType: 'contacts',
  localKey: 'ada@example.com',
  payload: { properties: { plan: 'pro' } },
};

describe('OutboxWriter', () => {
  it('inserts through the transaction’s own connection and watches it for the commit', async () => {
    const t = setup();
    const runner = t.runner();
    expect(await t.writer.write(runner, entry)).toBe(17);
    const [sql, params] = (runner.query as jest.Mock).mock.calls[0] as [string, unknown[]];
    expect(sql).toMatch(/^INSERT INTO `hubspot_outbox` /);
    expect(params.slice(0, 6)).toEqual([
      'upsert',
      7,
      'contacts',
      'ada@example.com',
      outboxRecordHash(entry),
      JSON.stringify(entry.payload),
    ]);
    expect(t.commits.watch).toHaveBeenCalledWith(runner);
  });

  it('takes the EntityManager of a transaction', async () => {
    const t = setup();
    const runner = t.runner();
    await t.writer.write({ queryRunner: runner } as unknown as EntityManager, entry);
    expect(runner.query).toHaveBeenCalledTimes(1);
  });

  it.each([
    [
      'a manager outside a transaction',
      (_t: ReturnType<typeof setup>) => ({ queryRunner: undefined }) as unknown as EntityManager,
      'not bound to a transaction',
    ],
    [
      'a runner without a transaction',
      (t: ReturnType<typeof setup>) => t.runner({ isTransactionActive: false }),
      'no transaction is active',
    ],
    ['a released runner', (t: ReturnType<typeof setup>) => t.runner({ isReleased: true }), 'was released'],
    [
      "another DataSource's runner",
      (t: ReturnType<typeof setup>) => t.runner({ connection: {} as DataSource }),
      'another DataSource',
    ],
  ])('refuses %s and writes nothing', async (_what, make, reason) => {
    const t = setup();
    const transaction = make(t);
    await expect(t.writer.write(transaction, entry)).rejects.toThrow(OutboxTransactionError);
    await expect(t.writer.write(transaction, entry)).rejects.toThrow(reason);
    expect(t.commits.watch).not.toHaveBeenCalled();
  });

  it('groups a record’s rows by kind, portal, type and the full key', () => {
    const long = 'x'.repeat(300);
    expect(outboxRecordHash({ ...entry, localKey: `${long}a` })).not.toBe(
      outboxRecordHash({ ...entry, localKey: `${long}b` }),
    );
    expect(outboxRecordHash(entry)).not.toBe(outboxRecordHash({ ...entry, kind: 'associate' }));
    expect(outboxRecordHash(entry)).toBe(outboxRecordHash({ ...entry }));
  });
});
