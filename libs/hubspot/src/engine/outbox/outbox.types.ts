import type { EntityManager, QueryRunner } from 'typeorm';
import { OutboxKind } from './hubspot-outbox.entity';

/**
 * The host's running transaction: the EntityManager `dataSource.transaction(manager => ...)` hands over, or a
 * QueryRunner after `startTransaction()`. The intent commits or rolls back with the host's own rows.
 */
export type OutboxTransaction = EntityManager | QueryRunner;

/** What a CRM write puts into the outbox. */
export interface OutboxEntry {
  kind: OutboxKind;
  portalId: number;
  objectType: string;
  localKey: string;
  payload: object;
}

/** One row as the relay reads it. */
export interface OutboxRow {
  id: number;
  payload: unknown;
  createdAt: Date;
}

/** Every unsettled row of one record (kind, portal, object type, key), oldest first. */
export interface OutboxRecord {
  kind: OutboxKind;
  portalId: number;
  objectType: string;
  localKey: string;
  rows: OutboxRow[];
}

/**
 * Hands records of one kind to their pipeline; resolves once they are durably queued in Redis. It must carry
 * the row ids along, so that whoever settles the delivery deletes exactly those rows (OutboxSettlement).
 */
export type OutboxDispatcher = (records: OutboxRecord[]) => Promise<void>;
