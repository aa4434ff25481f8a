import { Injectable, OnModuleInit } from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { HeldPermit } from '../../http/rate-limit/held-permit';
import { RowOutcome } from '../batch/batch-row.types';
import { BatchUpsertExecutor } from '../batch/batch-upsert.executor';
import { DeadLettersService } from '../dead-letters/dead-letters.service';
import { DispatchKinds } from '../dispatch/dispatch-kinds.registry';
import { DispatchBatch, DispatchKindHandler, RecordVerdict } from '../dispatch/dispatch.types';
import { contentHash } from '../ledger/content-hash';
import { LedgerWrite, SyncLedgerService } from '../ledger/sync-ledger.service';
import { SyncEvents } from '../sync-events';
import { claimedIntent } from './intent-fields';
import { ClaimedIntent, SyncIntent } from './sync-intent.types';

interface Claimed {
  index: number;
  intent: ClaimedIntent;
  hash: string;
}

/**
 * Sends a claimed batch of queued upserts (one portal, one lane): skips what the ledger says HubSpot already
 * has, sends the rest as batch/upsert (one call per object type and id property; the first spends the batch's
 * permit, others go only if the window has a slot now), writes the ledger, dead-letters fatal rows and rows
 * out of attempts, and returns a verdict per record.
 */
@Injectable()
export class UpsertBatchHandler implements DispatchKindHandler, OnModuleInit {
  readonly kind = 'upsert' as const;
  readonly bucket = 'default' as const;

  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly kinds: DispatchKinds,
    private readonly executor: BatchUpsertExecutor,
    private readonly ledger: SyncLedgerService,
    private readonly deadLetters: DeadLettersService,
    private readonly events: SyncEvents,
  ) {}

  onModuleInit(): void {
    this.kinds.register(this);
  }

  async send(batch: DispatchBatch): Promise<RecordVerdict[]> {
    const verdicts: RecordVerdict[] = batch.records.map(() => ({ next: 'release' }));
    const groups = new Map<string, Claimed[]>();
    for (const [index, record] of batch.records.entries()) {
      const intent = claimedIntent(batch.portalId, record);
      const hash = contentHash(intent.idProperty, intent.id, intent.properties);
      const group = `${intent.objectType}|${intent.idProperty}`;
      groups.set(group, [...(groups.get(group) ?? []), { index, intent, hash }]);
    }
    let permit: HeldPermit | null = batch.permit;
    for (const group of groups.values()) {
      const toSend = await this.skipUnchanged(group, verdicts);
      if (!toSend.length) continue;
      permit ??= await batch.morePermit();
      if (!permit) continue;
      const { objectType } = toSend[0].intent;
      const call = { permit, maxAttempts: 1 };
      const outcomes = await this.executor.upsert(
        { portalId: batch.portalId, objectType, lane: batch.lane, call },
        toSend.map((c) => c.intent),
      );
      permit = null;
      await this.recordAccepted(toSend, outcomes);
      for (const [i, c] of toSend.entries()) verdicts[c.index] = await this.settle(c, outcomes[i]);
    }
    return verdicts;
  }

  private async skipUnchanged(group: Claimed[], verdicts: RecordVerdict[]): Promise<Claimed[]> {
    const { portalId, objectType } = group[0].intent;
    const known = await this.ledger.findMany(
      portalId,
      objectType,
      group.map((c) => c.intent.localKey),
    );
    return group.filter((c) => {
      const row = known.get(c.intent.localKey);
      if (!row?.hubspotId || row.contentHash !== c.hash || c.intent.deadLetterIds.length) return true;
      this.events.emit('skipped', { portalId, objectType, localKey: c.intent.localKey, reason: 'unchanged' });
      verdicts[c.index] = { next: 'done' };
      return false;
    });
  }

  private async recordAccepted(sent: Claimed[], outcomes: RowOutcome[]): Promise<void> {
    const writes: LedgerWrite[] = [];
    const resolved: number[] = [];
    for (const [i, c] of sent.entries()) {
      const outcome = outcomes[i];
      if (outcome.kind !== 'ok') continue;
      const { portalId, objectType, localKey } = c.intent;
      writes.push({ portalId, objectType, localKey, hubspotId: outcome.hubspotId, contentHash: c.hash });
      resolved.push(...c.intent.deadLetterIds);
    }
    await this.ledger.record(writes);
    await this.deadLetters.resolve(resolved);
  }

  private async settle(c: Claimed, outcome: RowOutcome): Promise<RecordVerdict> {
    const { intent } = c;
    if (outcome.kind === 'ok') {
      this.events.emit('synced', {
        portalId: intent.portalId,
        objectType: intent.objectType,
        localKey: intent.localKey,
        hubspotId: outcome.hubspotId,
        created: outcome.created,
        latencyMs: Date.now() - intent.firstEnqueuedAt,
        lane: intent.lane,
      });
      return { next: 'done' };
    }
    const { error } = outcome;
    if (outcome.kind === 'retry') {
      if (error.disposition === 'park') return { next: 'park', error };
      if (intent.attempts + 1 < this.config.sync.maxAttempts) return { next: 'retry', error };
    }
    await this.deadLetters.record({
      portalId: intent.portalId,
      objectType: intent.objectType,
      operation: 'upsert',
      localKey: intent.localKey,
      lane: intent.lane,
      payload: payloadOf(intent),
      error,
      attempts: intent.attempts + 1,
      jobId: intent.dispatchId,
      deadLetterIds: intent.deadLetterIds,
    });
    return { next: 'done' };
  }
}

function payloadOf(intent: ClaimedIntent): Record<string, unknown> {
  const payload: SyncIntent = {
    portalId: intent.portalId,
    objectType: intent.objectType,
    idProperty: intent.idProperty,
    id: intent.id,
    localKey: intent.localKey,
    properties: intent.properties,
    lane: intent.lane,
  };
  return payload as unknown as Record<string, unknown>;
}
