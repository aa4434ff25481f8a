import { Injectable } from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { BatchUpsertExecutor } from '../batch/batch-upsert.executor';
import { DeadLettersService } from '../dead-letters/dead-letters.service';
import { SyncIntent } from '../intents/sync-intent.types';
import { contentHash } from '../ledger/content-hash';
import { LedgerWrite, SyncLedgerService } from '../ledger/sync-ledger.service';
import { DirectUpsertOptions, UpsertResult } from './direct-upsert.types';

/**
 * The un-queued path (upsertNow, upsertMany, backfill): merges intents per record, skips what the ledger
 * says is unchanged, sends the rest in batches of `sync.batchSize` and returns one result per intent, in
 * order. HubSpot errors become results, never throws.
 */
@Injectable()
export class DirectUpsertService {
  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly executor: BatchUpsertExecutor,
    private readonly ledger: SyncLedgerService,
    private readonly deadLetters: DeadLettersService,
  ) {}

  async upsert(intents: SyncIntent[], options: DirectUpsertOptions = {}): Promise<UpsertResult[]> {
    const merged = new Map<string, SyncIntent>();
    for (const intent of intents) {
      const key = groupKey(intent);
      const prev = merged.get(key);
      merged.set(
        key,
        prev ? { ...intent, properties: { ...prev.properties, ...intent.properties } } : intent,
      );
    }
    const results = new Map<string, UpsertResult>();
    const groups = new Map<string, SyncIntent[]>();
    for (const intent of merged.values()) {
      const g = `${intent.portalId}|${intent.objectType}|${intent.idProperty}|${intent.lane ?? 'live'}`;
      groups.set(g, [...(groups.get(g) ?? []), intent]);
    }
    for (const group of groups.values()) await this.sendGroup(group, options, results);
    return intents.map((intent) => results.get(groupKey(intent)) as UpsertResult);
  }

  private async sendGroup(
    intents: SyncIntent[],
    options: DirectUpsertOptions,
    out: Map<string, UpsertResult>,
  ) {
    const { portalId, objectType, lane = 'live' } = intents[0];
    const hashes = new Map(intents.map((i) => [i, contentHash(i.idProperty, i.id, i.properties)]));
    const known = await this.ledger.findMany(
      portalId,
      objectType,
      intents.map((i) => i.localKey),
    );
    const toSend = intents.filter((i) => {
      const row = known.get(i.localKey);
      if (options.force || !row?.hubspotId || row.contentHash !== hashes.get(i)) return true;
      out.set(groupKey(i), { key: i.localKey, status: 'unchanged', hubspotId: row.hubspotId });
      return false;
    });
    for (let start = 0; start < toSend.length; start += this.config.sync.batchSize) {
      const chunk = toSend.slice(start, start + this.config.sync.batchSize);
      const outcomes = await this.executor.upsert({ portalId, objectType, lane }, chunk);
      const writes: LedgerWrite[] = [];
      await Promise.all(
        chunk.map(async (intent, i) => {
          const outcome = outcomes[i];
          const key = intent.localKey;
          if (outcome.kind === 'ok') {
            writes.push({
              portalId,
              objectType,
              localKey: key,
              hubspotId: outcome.hubspotId,
              contentHash: hashes.get(intent),
            });
            out.set(groupKey(intent), {
              key,
              status: outcome.created ? 'created' : 'updated',
              hubspotId: outcome.hubspotId,
            });
            return;
          }
          const result: UpsertResult = { key, status: 'failed', error: outcome.error };
          if (outcome.kind === 'fatal' && options.deadLetter !== false) {
            const [row] = await this.deadLetters.record({
              portalId,
              objectType,
              operation: 'upsert',
              localKey: key,
              lane,
              payload: { ...intent, deadLetterIds: undefined },
              error: outcome.error,
              attempts: 1,
            });
            result.deadLetterId = row.id;
          }
          out.set(groupKey(intent), result);
        }),
      );
      await this.ledger.record(writes);
    }
  }
}

function groupKey(intent: SyncIntent): string {
  return `${intent.portalId}|${intent.objectType}|${intent.localKey}`;
}
