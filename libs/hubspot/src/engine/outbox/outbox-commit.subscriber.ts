import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type {
  DataSource,
  EntitySubscriberInterface,
  QueryRunner,
  Repository,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { HubspotOutbox } from './hubspot-outbox.entity';
import { OutboxWakeup } from './outbox-wakeup.signal';

/**
 * A TypeORM subscriber on the module's DataSource: when a transaction that wrote outbox rows commits, the
 * relay is woken at once (its poll is only the safety net). Savepoints (nested transactions) are not the
 * commit: only the outermost COMMIT counts.
 */
@Injectable()
export class OutboxCommitSubscriber
  implements EntitySubscriberInterface, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly writers = new WeakSet<QueryRunner>();
  private dataSource?: DataSource;

  constructor(
    @InjectRepository(HubspotOutbox) private readonly repo: Repository<HubspotOutbox>,
    private readonly wakeup: OutboxWakeup,
  ) {}

  /** After the module's setup checks (onModuleInit) have confirmed the DataSource holds the outbox. */
  onApplicationBootstrap(): void {
    this.dataSource = this.repo.manager.connection;
    (this.dataSource.subscribers as EntitySubscriberInterface[]).push(this);
  }

  onApplicationShutdown(): void {
    if (!this.dataSource) return;
    const subscribers = this.dataSource.subscribers as EntitySubscriberInterface[];
    const index = subscribers.indexOf(this);
    if (index >= 0) subscribers.splice(index, 1);
  }

  /** The runner's transaction wrote outbox rows. */
  watch(runner: QueryRunner): void {
    this.writers.add(runner);
  }

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    if (!queryRunner.isTransactionActive && this.writers.delete(queryRunner)) this.wakeup.committed();
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    if (!queryRunner.isTransactionActive) this.writers.delete(queryRunner);
  }
}
