import { Injectable } from '@nestjs/common';
import { DirectUpsertService } from '../../engine/direct/direct-upsert.service';
import { DirectUpsertOptions, UpsertResult } from '../../engine/direct/direct-upsert.types';
import { SyncIntentQueue } from '../../engine/intents/sync-intent.queue';
import { SyncIntent } from '../../engine/intents/sync-intent.types';
import { OutboxWriter } from '../../engine/outbox/outbox.writer';
import { OutboxTransaction } from '../../engine/outbox/outbox.types';
import { QueuedIntent } from './queued-intent';

/**
 * The one upsert path of Contacts, Companies and CrmObjects: each service turns its input into SyncIntents
 * (identity, properties) and hands them here to be queued, sent now, or sent as a direct batch.
 */
@Injectable()
export class RecordUpserts {
  constructor(
    private readonly intents: SyncIntentQueue,
    private readonly direct: DirectUpsertService,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * Durably queued; repeated intents for one record merge until sent. With the host's transaction it is
   * written to the outbox inside it, and relayed to the same queue once that transaction committed.
   */
  async queue(intent: SyncIntent, transaction?: OutboxTransaction): Promise<QueuedIntent> {
    if (transaction) {
      const { portalId, objectType, localKey } = intent;
      const outboxId = await this.outbox.write(transaction, {
        kind: 'upsert',
        portalId,
        objectType,
        localKey,
        payload: intent,
      });
      return { key: localKey, jobId: null, outboxId };
    }
    const { jobId } = await this.intents.enqueue(intent);
    return { key: intent.localKey, jobId };
  }

  /** Sent now (bypassing the queue); the HubSpot id, or the HubspotError HubSpot answered. */
  async now(intent: SyncIntent): Promise<string> {
    const [result] = await this.direct.upsert([intent], { deadLetter: false });
    if (result.hubspotId && result.status !== 'failed') return result.hubspotId;
    throw result.error ?? new Error(`HubSpot returned no id for ${result.key}`);
  }

  /** Direct batched path (backfill, imports): one result per intent, in order; never throws HubSpot errors. */
  many(intents: SyncIntent[], options: DirectUpsertOptions = {}): Promise<UpsertResult[]> {
    return this.direct.upsert(intents, options);
  }
}
