import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { QueryRunner, Repository } from 'typeorm';
import { HubspotOutbox, OutboxKind } from './hubspot-outbox.entity';
import { OutboxRecord } from './outbox.types';

/** Rows one requeue statement touches at most (keeps its locks short). */
const REQUEUE_CHUNK = 5_000;

export interface OutboxStats {
  /** Rows not settled yet (waiting for the relay, or relayed and waiting for HubSpot). */
  size: number;
  /** Rows not relayed yet. */
  waiting: number;
  /** Age of the oldest row, seconds (0 when empty). */
  oldestAgeSeconds: number;
}

interface StatsRow {
  size: string | number;
  waiting: string | number;
  oldest: Date | null;
}

interface RawRow {
  id: string | number;
  kind: OutboxKind;
  portal_id: string | number;
  object_type: string;
  local_key: string;
  record_hash: string;
  payload: string;
  created_at: Date;
}

/**
 * The SQL of the outbox. Relaying claims due rows with FOR UPDATE SKIP LOCKED in a short READ COMMITTED
 * transaction, so that several instances share the work and never relay the same row at once.
 */
@Injectable()
export class OutboxStore {
  private readonly logger = new Logger('OutboxRelay');
  private tableName?: string;

  constructor(@InjectRepository(HubspotOutbox) private readonly repo: Repository<HubspotOutbox>) {}

  /** Resolved at first use: the boot checks report a DataSource without the module's entities first. */
  private get table(): string {
    const { connection } = this.repo.manager;
    this.tableName ??= connection.driver.escape(connection.getMetadata(HubspotOutbox).tableName);
    return this.tableName;
  }

  /**
   * Claims up to `limit` rows waiting for the relay, loads every unsettled row of their records (a record is
   * always relayed whole, newest row last), hands those to `relay` and, once it resolved, marks the claimed
   * rows relayed into `epoch`. Returns how many rows it claimed.
   */
  async relayDue(limit: number, epoch: string, relay: (records: OutboxRecord[]) => Promise<void>) {
    return this.inTransaction(async (runner) => {
      const claimed = (await runner.query(
        `SELECT id, record_hash FROM ${this.table} WHERE relayed_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED`,
        [limit],
      )) as Array<Pick<RawRow, 'id' | 'record_hash'>>;
      if (!claimed.length) return 0;
      const hashes = [...new Set(claimed.map((row) => row.record_hash))];
      const rows = (await runner.query(
        `SELECT id, kind, portal_id, object_type, local_key, record_hash, payload, created_at FROM ${this.table} ` +
          'WHERE record_hash IN (?) ORDER BY id',
        [hashes],
      )) as RawRow[];
      await relay(this.recordsOf(rows));
      await runner.query(
        `UPDATE ${this.table} SET relayed_at = NOW(3), relay_epoch = ?, relay_count = relay_count + 1 WHERE id IN (?)`,
        [epoch, claimed.map((row) => row.id)],
      );
      return claimed.length;
    });
  }

  /** Rows relayed longer than `ms` ago and still unsettled wait for the relay again; returns how many. */
  requeueStale(ms: number): Promise<number> {
    return this.requeue('relayed_at < NOW(3) - INTERVAL ? MICROSECOND', [Math.round(ms * 1000)]);
  }

  /** Rows relayed into another Redis data set than `epoch` (Redis came back empty) wait for the relay again. */
  requeueOtherEpochs(epoch: string): Promise<number> {
    return this.requeue('relayed_at IS NOT NULL AND (relay_epoch IS NULL OR relay_epoch <> ?)', [epoch]);
  }

  async stats(now = Date.now()): Promise<OutboxStats> {
    const [row] = (await this.repo.query(
      `SELECT COUNT(*) AS size, COALESCE(SUM(relayed_at IS NULL), 0) AS waiting, MIN(created_at) AS oldest FROM ${this.table}`,
    )) as StatsRow[];
    return statsOf(row, now);
  }

  /** The same per portal, for the portals that have unsettled rows (or only `portalIds`). */
  async statsByPortal(portalIds?: number[], now = Date.now()): Promise<Map<number, OutboxStats>> {
    if (portalIds && !portalIds.length) return new Map();
    const where = portalIds ? 'WHERE portal_id IN (?) ' : '';
    const rows = (await this.repo.query(
      `SELECT portal_id, COUNT(*) AS size, COALESCE(SUM(relayed_at IS NULL), 0) AS waiting, MIN(created_at) AS oldest ` +
        `FROM ${this.table} ${where}GROUP BY portal_id`,
      portalIds ? [portalIds] : [],
    )) as Array<StatsRow & { portal_id: string | number }>;
    return new Map(rows.map((row) => [Number(row.portal_id), statsOf(row, now)]));
  }

  private async requeue(where: string, params: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      const changed = await this.inTransaction(async (runner) => {
        const result = (await runner.query(
          `UPDATE ${this.table} SET relayed_at = NULL WHERE ${where} ORDER BY id LIMIT ${REQUEUE_CHUNK}`,
          params,
        )) as { affectedRows?: number };
        return result.affectedRows ?? 0;
      });
      total += changed;
      if (changed < REQUEUE_CHUNK) return total;
    }
  }

  /** Rows grouped by record, oldest first. A row whose payload is not JSON (edited by hand) never blocks the rest. */
  private recordsOf(rows: RawRow[]): OutboxRecord[] {
    const records = new Map<string, OutboxRecord>();
    for (const row of rows) {
      let payload: unknown;
      try {
        payload = JSON.parse(row.payload);
      } catch {
        this.logger.error(
          `Outbox row ${row.id} has no valid JSON payload: skipped (it stays in hubspot_outbox)`,
        );
        continue;
      }
      let record = records.get(row.record_hash);
      if (!record) {
        record = {
          kind: row.kind,
          portalId: Number(row.portal_id),
          objectType: row.object_type,
          localKey: row.local_key,
          rows: [],
        };
        records.set(row.record_hash, record);
      }
      record.rows.push({ id: Number(row.id), payload, createdAt: new Date(row.created_at) });
    }
    return [...records.values()];
  }

  private async inTransaction<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = this.repo.manager.connection.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('READ COMMITTED');
      try {
        const result = await work(runner);
        await runner.commitTransaction();
        return result;
      } catch (err) {
        await runner.rollbackTransaction().catch(() => undefined);
        throw err;
      }
    } finally {
      await runner.release();
    }
  }
}

function statsOf(row: StatsRow, now: number): OutboxStats {
  return {
    size: Number(row.size),
    waiting: Number(row.waiting),
    oldestAgeSeconds: row.oldest ? Math.max(0, (now - new Date(row.oldest).getTime()) / 1000) : 0,
  };
}
