import { Injectable, OnModuleInit } from '@nestjs/common';
import { DeadLettersService } from '../dead-letters/dead-letters.service';
import { DispatchQueue } from '../dispatch/dispatch.queue';
import { intentFields, intentKey } from './intent-fields';
import { SyncIntent } from './sync-intent.types';

export interface EnqueueResult {
  /**
   * The record's id in its portal's queue (`<portal>:<type>:<key>`); null when a batch in flight holds the
   * record (it sends this intent right after it is done), or an outbox relay found a newer one staged.
   */
  jobId: string | null;
}

/**
 * Producer side of the queued sync: stages an intent in its portal's queue in Redis (merging with any not yet
 * sent for the same record, property by property). Resolves once it is durably in Redis; the dispatcher of
 * some worker process sends it (engine/dispatch).
 */
@Injectable()
export class SyncIntentQueue implements OnModuleInit {
  constructor(
    private readonly dispatch: DispatchQueue,
    private readonly deadLetters: DeadLettersService,
  ) {}

  onModuleInit(): void {
    this.deadLetters.registerReplayer('upsert', async (payload, deadLetterId) => {
      await this.enqueue({ ...(payload as unknown as SyncIntent), deadLetterIds: [deadLetterId] });
    });
  }

  /**
   * An intent relayed from the outbox carries its rows (settled once HubSpot accepted it or it was
   * dead-lettered) and the newest of them as `outboxSeq`: staging rows older than what was staged before
   * writes nothing.
   */
  async enqueue(intent: SyncIntent): Promise<EnqueueResult> {
    const { state } = await this.dispatch.enqueue({
      portalId: intent.portalId,
      kind: 'upsert',
      key: intentKey(intent),
      lane: intent.lane ?? 'live',
      fields: intentFields(intent),
      seq: intent.outboxSeq,
      since: intent.since,
    });
    return {
      jobId: state === 'queued' ? `${intent.portalId}:${intent.objectType}:${intent.localKey}` : null,
    };
  }

  /** Drops intents staged but not yet sent (GDPR erasure: nothing may recreate the record). */
  discardPending(ref: { portalId: number; objectType: string; localKey: string }): Promise<void> {
    return this.dispatch.discard(ref.portalId, 'upsert', intentKey(ref));
  }

  /** Staged and in-flight state of a record (inspection and tests). */
  inspect(ref: { portalId: number; objectType: string; localKey: string }) {
    return this.dispatch.inspect(ref.portalId, 'upsert', intentKey(ref));
  }
}
