import { Injectable } from '@nestjs/common';
import type { Job } from 'bull';
import { RowOutcome } from '../batch/batch-row.types';
import { BatchUpsertExecutor } from '../batch/batch-upsert.executor';
import { DeadLettersService } from '../dead-letters/dead-letters.service';
import { IntentRef } from '../intents/intent-store';
import { SyncIntentQueue } from '../intents/sync-intent.queue';
import { ClaimedIntent, SyncIntent, SyncJobData } from '../intents/sync-intent.types';
import { contentHash } from '../ledger/content-hash';
import { LedgerWrite, SyncLedgerService } from '../ledger/sync-ledger.service';
import { OutboxSettlement } from '../outbox/outbox.settlement';
import { SyncEvents } from '../sync-events';
import { SyncVerdict } from './sync-verdict';

interface Claimed {
  index: number;
  job: Job<SyncJobData>;
  intent: ClaimedIntent;
  hash: string;
}

/**
 * Sends one coalesced group of sync jobs (same portal, object type, lane): claims each record's merged
 * intent, skips what the ledger says is unchanged, sends the rest as batch/upsert (one call per id property),
 * writes the ledger, dead-letters fatal rows, and returns a verdict per job. Outbox rows a claim carries are
 * settled (deleted) once HubSpot accepted it, it was unchanged, or it was dead-lettered, always before the
 * claim is released, so a crash in between leaves them for the relay.
 */
@Injectable()
export class SyncBatchHandler {
  constructor(
    private readonly intents: SyncIntentQueue,
    private readonly executor: BatchUpsertExecutor,
    private readonly ledger: SyncLedgerService,
    private readonly deadLetters: DeadLettersService,
    private readonly events: SyncEvents,
    private readonly outbox: OutboxSettlement,
  ) {}

  async flush(jobs: Array<Job<SyncJobData>>): Promise<SyncVerdict[]> {
    const verdicts: SyncVerdict[] = new Array(jobs.length);
    const { portalId, objectType, lane } = jobs[0].data;
    const claims = await Promise.all(jobs.map((job) => this.intents.store.claim(refOf(job), String(job.id))));
    const claimed: Claimed[] = [];
    await Promise.all(
      claims.map(async (claim, index) => {
        if (claim === 'busy') verdicts[index] = { next: 'busy' };
        else if (!claim) verdicts[index] = await this.finish(jobs[index]);
        else {
          const hash = contentHash(claim.idProperty, claim.id, claim.properties);
          claimed.push({ index, job: jobs[index], intent: claim, hash });
        }
      }),
    );
    const known = await this.ledger.findMany(
      portalId,
      objectType,
      claimed.map((c) => c.intent.localKey),
    );
    const toSend: Claimed[] = [];
    const unchanged: Claimed[] = [];
    for (const c of claimed) {
      const row = known.get(c.intent.localKey);
      if (row?.hubspotId && row.contentHash === c.hash && !c.intent.deadLetterIds.length) unchanged.push(c);
      else toSend.push(c);
    }
    await this.outbox.settle(unchanged.flatMap((c) => c.intent.outboxIds));
    for (const c of unchanged) {
      this.events.emit('skipped', { portalId, objectType, localKey: c.intent.localKey, reason: 'unchanged' });
      verdicts[c.index] = await this.finish(c.job);
    }
    const byIdProperty = new Map<string, Claimed[]>();
    for (const c of toSend)
      byIdProperty.set(c.intent.idProperty, [...(byIdProperty.get(c.intent.idProperty) ?? []), c]);
    const outcomes = new Map<Claimed, RowOutcome>();
    await Promise.all(
      [...byIdProperty.values()].map(async (group) => {
        const results = await this.executor.upsert(
          { portalId, objectType, lane },
          group.map((c) => c.intent),
        );
        group.forEach((c, i) => outcomes.set(c, results[i]));
      }),
    );
    await this.recordAccepted(outcomes);
    await Promise.all(
      [...outcomes].map(async ([c, outcome]) => {
        verdicts[c.index] = await this.settle(c, outcome);
      }),
    );
    return verdicts;
  }

  private async recordAccepted(outcomes: Map<Claimed, RowOutcome>): Promise<void> {
    const writes: LedgerWrite[] = [];
    const resolved: number[] = [];
    const settled: number[] = [];
    for (const [c, outcome] of outcomes) {
      if (outcome.kind !== 'ok') continue;
      const { portalId, objectType, localKey } = c.intent;
      writes.push({ portalId, objectType, localKey, hubspotId: outcome.hubspotId, contentHash: c.hash });
      resolved.push(...c.intent.deadLetterIds);
      settled.push(...c.intent.outboxIds);
    }
    await this.ledger.record(writes);
    await this.deadLetters.resolve(resolved);
    await this.outbox.settle(settled);
  }

  private async settle(c: Claimed, outcome: RowOutcome): Promise<SyncVerdict> {
    if (outcome.kind === 'ok') {
      this.events.emit('synced', {
        portalId: c.intent.portalId,
        objectType: c.intent.objectType,
        localKey: c.intent.localKey,
        hubspotId: outcome.hubspotId,
        created: outcome.created,
        latencyMs: Date.now() - c.intent.firstEnqueuedAt,
        lane: c.intent.lane,
      });
      return this.finish(c.job);
    }
    const { error } = outcome;
    if (outcome.kind === 'retry') {
      if (error.disposition === 'park') return { next: 'park', error };
      if (!isLastAttempt(c.job)) return { next: 'retry', error };
    }
    await this.deadLetters.record({
      portalId: c.intent.portalId,
      objectType: c.intent.objectType,
      operation: 'upsert',
      localKey: c.intent.localKey,
      lane: c.intent.lane,
      payload: payloadOf(c.intent),
      error,
      attempts: c.job.attemptsMade + 1,
      jobId: String(c.job.id),
      deadLetterIds: c.intent.deadLetterIds,
    });
    await this.outbox.settle(c.intent.outboxIds);
    const next = await this.finish(c.job);
    return next.next === 'again' ? next : { next: 'failed', error };
  }

  private async finish(job: Job<SyncJobData>): Promise<SyncVerdict> {
    const state = await this.intents.store.finish(refOf(job), String(job.id));
    return state === 'more' ? { next: 'again' } : { next: 'done' };
  }
}

export function refOf(job: Job<SyncJobData>): IntentRef {
  return { portalId: job.data.portalId, objectType: job.data.objectType, localKey: job.data.localKey };
}

function isLastAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
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
