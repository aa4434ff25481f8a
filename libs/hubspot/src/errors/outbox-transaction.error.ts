/**
 * `{ transaction }` was given to a CRM write but is not an EntityManager or QueryRunner inside a running
 * transaction: the intent would not commit or roll back with the host's rows, so nothing is written.
 */
export class OutboxTransactionError extends Error {
  constructor(reason: string) {
    super(
      `options.transaction must be the EntityManager of a running transaction (dataSource.transaction(manager => ...)) ` +
        `or a QueryRunner after startTransaction(): ${reason}`,
    );
    this.name = 'OutboxTransactionError';
  }
}
