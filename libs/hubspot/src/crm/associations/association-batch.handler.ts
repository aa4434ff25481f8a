import { Injectable } from '@nestjs/common';
import type { Job } from 'bull';
import { AssociationBatchClient, pairKey } from './association-batch.client';
import { AssociationPendingError } from '../../errors/association-pending.error';
import { AssociationJobData, associationLedgerType, IdPair } from './association.types';
import { AssociationsService } from './associations.service';
import { DeadLettersService } from '../../engine/dead-letters/dead-letters.service';
import { SyncLedgerService } from '../../engine/ledger/sync-ledger.service';
import { OutboxSettlement } from '../../engine/outbox/outbox.settlement';
import { SyncVerdict } from '../../engine/workers/sync-verdict';

export type AssociationVerdict = Extract<SyncVerdict, { next: 'done' | 'retry' | 'failed' }>;

/**
 * Sends one coalesced group of queued associations (same portal, types, lane): resolves both sides through
 * the ledger, retries later when one is not in HubSpot yet, skips pairs already made, sends the rest in one
 * v4 batch call, and returns a verdict per job.
 */
@Injectable()
export class AssociationBatchHandler {
  constructor(
    private readonly ledger: SyncLedgerService,
    private readonly batch: AssociationBatchClient,
    private readonly associations: AssociationsService,
    private readonly deadLetters: DeadLettersService,
    private readonly outbox: OutboxSettlement,
  ) {}

  async flush(jobs: Array<Job<AssociationJobData>>): Promise<AssociationVerdict[]> {
    const { portalId, fromType, toType, types, lane } = jobs[0].data;
    const [from, to] = await Promise.all([
      this.ledger.findMany(
        portalId,
        fromType,
        jobs.map((j) => j.data.fromKey),
      ),
      this.ledger.findMany(
        portalId,
        toType,
        jobs.map((j) => j.data.toKey),
      ),
    ]);
    const pairs = new Map<Job<AssociationJobData>, IdPair>();
    const verdicts = new Map<Job<AssociationJobData>, Promise<AssociationVerdict>>();
    for (const job of jobs) {
      const fromId = from.get(job.data.fromKey)?.hubspotId;
      const toId = to.get(job.data.toKey)?.hubspotId;
      if (fromId && toId) pairs.set(job, { fromId, toId });
      else {
        const missing = [
          !fromId && `${fromType} ${job.data.fromKey}`,
          !toId && `${toType} ${job.data.toKey}`,
        ];
        verdicts.set(
          job,
          this.failure(job, new AssociationPendingError(missing.filter((m): m is string => !!m)), true),
        );
      }
    }
    const done = await this.ledger.findMany(
      portalId,
      associationLedgerType(fromType, toType, types),
      [...pairs.values()].map(pairKey),
    );
    const toSend = [...pairs].filter(([, pair]) => !done.get(pairKey(pair))?.hubspotId);
    for (const [job, pair] of pairs) if (done.has(pairKey(pair))) verdicts.set(job, this.success([job]));
    if (toSend.length) {
      const outcomes = await this.batch.associate(
        { portalId, fromType, toType, types, lane },
        toSend.map(([, p]) => p),
      );
      const accepted = toSend.filter((_, i) => outcomes[i].kind === 'ok');
      await this.associations.remember(
        portalId,
        fromType,
        toType,
        types,
        accepted.map(([, p]) => p),
      );
      const resolved = this.success(accepted.map(([job]) => job));
      toSend.forEach(([job], i) => {
        const outcome = outcomes[i];
        verdicts.set(
          job,
          outcome.kind === 'ok' ? resolved : this.failure(job, outcome.error, outcome.kind === 'retry'),
        );
      });
    }
    return Promise.all(jobs.map((job) => verdicts.get(job) as Promise<AssociationVerdict>));
  }

  private async success(jobs: Array<Job<AssociationJobData>>): Promise<AssociationVerdict> {
    await this.deadLetters.resolve(jobs.flatMap((j) => j.data.deadLetterIds ?? []));
    await this.outbox.settle(jobs.flatMap((j) => j.data.outboxIds ?? []));
    return { next: 'done' };
  }

  private async failure(
    job: Job<AssociationJobData>,
    error: Error,
    retryable: boolean,
  ): Promise<AssociationVerdict> {
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (retryable && !last) return { next: 'retry', error };
    const { deadLetterIds, outboxIds, ...payload } = job.data;
    await this.deadLetters.record({
      portalId: job.data.portalId,
      objectType: `${job.data.fromType}->${job.data.toType}`,
      operation: 'associate',
      localKey: `${job.data.fromKey}->${job.data.toKey}`.slice(0, 255),
      lane: job.data.lane,
      payload: payload as unknown as Record<string, unknown>,
      error,
      attempts: job.attemptsMade + 1,
      jobId: String(job.id),
      deadLetterIds,
    });
    await this.outbox.settle(outboxIds);
    return { next: 'failed', error };
  }
}
