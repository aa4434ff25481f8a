import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource, QueryRunner, Repository } from 'typeorm';
import { OutboxTransactionError } from '../../errors/outbox-transaction.error';
import { HubspotOutbox } from './hubspot-outbox.entity';
import { OutboxCommitSubscriber } from './outbox-commit.subscriber';
import { OutboxEntry, OutboxTransaction } from './outbox.types';

/**
 * Writes intents into `hubspot_outbox` through the host's transaction, so that they exist exactly when the
 * host's own change does. The relay is woken once that transaction commits.
 */
@Injectable()
export class OutboxWriter {
  private readonly dataSource: DataSource;

  constructor(
    @InjectRepository(HubspotOutbox) repo: Repository<HubspotOutbox>,
    private readonly commits: OutboxCommitSubscriber,
  ) {
    this.dataSource = repo.manager.connection;
  }

  /** Inserts one row inside `transaction`; returns its id. */
  async write(transaction: OutboxTransaction, entry: OutboxEntry): Promise<number> {
    const runner = activeRunner(transaction);
    if (runner.connection !== this.dataSource)
      throw new OutboxTransactionError("it belongs to another DataSource than the module's tables");
    const table = runner.connection.driver.escape(runner.connection.getMetadata(HubspotOutbox).tableName);
    const result = (await runner.query(
      `INSERT INTO ${table} (kind, portal_id, object_type, local_key, record_hash, payload, created_at) ` +
        'VALUES (?, ?, ?, ?, ?, ?, ?)',
      [
        entry.kind,
        entry.portalId,
        entry.objectType,
        entry.localKey.slice(0, 255),
        outboxRecordHash(entry),
        JSON.stringify(entry.payload),
        new Date(),
      ],
    )) as { insertId: number | string };
    this.commits.watch(runner);
    return Number(result.insertId);
  }
}

/** Groups a record's rows: the same for every write of one record, whatever its payload (full key). */
export function outboxRecordHash(entry: Pick<OutboxEntry, 'kind' | 'portalId' | 'objectType' | 'localKey'>) {
  return createHash('sha1')
    .update(JSON.stringify([entry.kind, entry.portalId, entry.objectType, entry.localKey]))
    .digest('hex');
}

function activeRunner(transaction: OutboxTransaction): QueryRunner {
  if (!transaction) throw new OutboxTransactionError('none was given');
  const runner = isQueryRunner(transaction) ? transaction : transaction.queryRunner;
  if (!runner) throw new OutboxTransactionError('this EntityManager is not bound to a transaction');
  if (runner.isReleased) throw new OutboxTransactionError('its QueryRunner was released');
  if (!runner.isTransactionActive) throw new OutboxTransactionError('no transaction is active on it');
  return runner;
}

function isQueryRunner(transaction: OutboxTransaction): transaction is QueryRunner {
  return typeof (transaction as QueryRunner).startTransaction === 'function';
}
