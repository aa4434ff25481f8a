import { Injectable, OnModuleInit } from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { DeadLettersService } from '../../engine/dead-letters/dead-letters.service';
import { DispatchKinds } from '../../engine/dispatch/dispatch-kinds.registry';
import {
  ClaimedRecord,
  DispatchBatch,
  DispatchKindHandler,
  RecordVerdict,
} from '../../engine/dispatch/dispatch.types';
import { DEAD_LETTER_MARK, markedIds } from '../../engine/dispatch/record-marks';
import { SyncLedgerService } from '../../engine/ledger/sync-ledger.service';
import { AssociationPendingError } from '../../errors/association-pending.error';
import { HeldPermit } from '../../http/rate-limit/held-permit';
import { AssociationBatchClient, pairKey } from './association-batch.client';
import { associationLedgerType, IdPair, AssociationIntent } from './association.types';
import { AssociationsService } from './associations.service';

interface Item {
  index: number;
  data: AssociationIntent;
  attempts: number;
  member: string;
}

/**
 * Sends a claimed batch of queued associations (one portal, one lane): per association type, resolves both
 * sides through the ledger, retries later when one is not in HubSpot yet, skips pairs already made, and sends
 * the rest in one batch call (the first spends the batch's permit, others go only if the associations and
 * general windows have a slot now). Returns a verdict per record: 'done' once made, already made or
 * dead-lettered (the dispatcher then settles the outbox rows the record carries).
 */
@Injectable()
export class AssociationBatchHandler implements DispatchKindHandler, OnModuleInit {
  readonly kind = 'associate' as const;
  readonly bucket = 'associations' as const;

  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly kinds: DispatchKinds,
    private readonly ledger: SyncLedgerService,
    private readonly batch: AssociationBatchClient,
    private readonly associations: AssociationsService,
    private readonly deadLetters: DeadLettersService,
  ) {}

  onModuleInit(): void {
    this.kinds.register(this);
  }

  async send(batch: DispatchBatch): Promise<RecordVerdict[]> {
    const verdicts: RecordVerdict[] = batch.records.map(() => ({ next: 'release' }));
    const groups = new Map<string, Item[]>();
    batch.records.forEach((record, index) => {
      const item = itemOf(record, index);
      const d = item.data;
      const type = associationLedgerType(d.fromType, d.toType, d.types);
      groups.set(type, [...(groups.get(type) ?? []), item]);
    });
    let permit: HeldPermit | null = batch.permit;
    for (const items of groups.values()) {
      const toSend = await this.resolve(items, verdicts);
      if (!toSend.length) continue;
      permit ??= await batch.morePermit();
      if (!permit) continue;
      await this.sendPairs(batch, toSend, permit, verdicts);
      permit = null;
    }
    return verdicts;
  }

  /** Pairs whose both sides are in HubSpot and that are not made yet; verdicts for the others. */
  private async resolve(items: Item[], verdicts: RecordVerdict[]): Promise<Array<[Item, IdPair]>> {
    const { portalId, fromType, toType, types } = items[0].data;
    const [from, to] = await Promise.all([
      this.ledger.findMany(
        portalId,
        fromType,
        items.map((i) => i.data.fromKey),
      ),
      this.ledger.findMany(
        portalId,
        toType,
        items.map((i) => i.data.toKey),
      ),
    ]);
    const pairs: Array<[Item, IdPair]> = [];
    for (const item of items) {
      const fromId = from.get(item.data.fromKey)?.hubspotId;
      const toId = to.get(item.data.toKey)?.hubspotId;
      if (fromId && toId) pairs.push([item, { fromId, toId }]);
      else {
        const missing = [
          !fromId && `${fromType} ${item.data.fromKey}`,
          !toId && `${toType} ${item.data.toKey}`,
        ];
        const error = new AssociationPendingError(missing.filter((m): m is string => !!m));
        verdicts[item.index] = await this.failure(item, error, true);
      }
    }
    const done = await this.ledger.findMany(
      portalId,
      associationLedgerType(fromType, toType, types),
      pairs.map(([, pair]) => pairKey(pair)),
    );
    const made = pairs.filter(([, pair]) => done.get(pairKey(pair))?.hubspotId);
    await this.success(
      made.map(([item]) => item),
      verdicts,
    );
    return pairs.filter(([, pair]) => !done.get(pairKey(pair))?.hubspotId);
  }

  private async sendPairs(
    batch: DispatchBatch,
    toSend: Array<[Item, IdPair]>,
    permit: HeldPermit,
    verdicts: RecordVerdict[],
  ): Promise<void> {
    const { fromType, toType, types } = toSend[0][0].data;
    const target = { portalId: batch.portalId, fromType, toType, types, lane: batch.lane };
    const outcomes = await this.batch.associate(
      { ...target, call: { permit, maxAttempts: 1 } },
      toSend.map(([, pair]) => pair),
    );
    const accepted = toSend.filter((_, i) => outcomes[i].kind === 'ok');
    await this.associations.remember(
      batch.portalId,
      fromType,
      toType,
      types,
      accepted.map(([, p]) => p),
    );
    await this.success(
      accepted.map(([item]) => item),
      verdicts,
    );
    for (const [i, [item]] of toSend.entries()) {
      const outcome = outcomes[i];
      if (outcome.kind === 'ok') continue;
      if (outcome.kind === 'retry' && outcome.error.disposition === 'park')
        verdicts[item.index] = { next: 'park', error: outcome.error };
      else verdicts[item.index] = await this.failure(item, outcome.error, outcome.kind === 'retry');
    }
  }

  private async success(items: Item[], verdicts: RecordVerdict[]): Promise<void> {
    await this.deadLetters.resolve(items.flatMap((i) => i.data.deadLetterIds ?? []));
    for (const item of items) verdicts[item.index] = { next: 'done' };
  }

  private async failure(item: Item, error: Error, retryable: boolean): Promise<RecordVerdict> {
    if (retryable && item.attempts + 1 < this.config.sync.maxAttempts) return { next: 'retry', error };
    const { deadLetterIds, ...payload } = item.data;
    await this.deadLetters.record({
      portalId: payload.portalId,
      objectType: `${payload.fromType}->${payload.toType}`,
      operation: 'associate',
      localKey: `${payload.fromKey}->${payload.toKey}`.slice(0, 255),
      lane: payload.lane,
      payload: payload as unknown as Record<string, unknown>,
      error,
      attempts: item.attempts + 1,
      jobId: item.member,
      deadLetterIds,
    });
    return { next: 'done' };
  }
}

/**
 * A claimed record back as the association it queued, with the dead letters it replays (its outbox rows stay
 * with the record: the dispatcher settles them once the verdict is 'done').
 */
function itemOf(record: ClaimedRecord, index: number): Item {
  const data = JSON.parse(record.fields['m:data']) as AssociationIntent;
  const deadLetterIds = markedIds(record.fields, DEAD_LETTER_MARK);
  return { index, member: record.member, attempts: record.attempts, data: { ...data, deadLetterIds } };
}
