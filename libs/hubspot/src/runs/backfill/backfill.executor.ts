import { Injectable, Logger } from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { RunContext, RunExecutor, RunStoppedError } from '../run-executor.types';
import { RunProgressPatch } from '../sync-runs.service';
import { DryRunEstimate, PhaseCounts, RunCheckpoint, SyncRunPhase, SyncRunReport } from '../sync-run.types';
import { SyncSourcesRegistry } from '../../crm/sources/sync-sources.registry';
import { SourceCompany, SourceContact } from '../../crm/sources/source.types';
import { BackfillEstimator, emptyEstimate, mergeEstimate } from './backfill-estimator';
import { addCounts, countOf, emptyCounts, pageOf, phasesFor, tally, throwIfRetry } from './backfill-phases';
import { runOrderedPipeline } from './ordered-pipeline';
import { RunWriter } from '../run-writer';

type Item = SourceContact | SourceCompany;
type PageOutcome = { counts: Omit<PhaseCounts, 'total'>; estimate?: DryRunEstimate };

/**
 * Executes backfill runs: companies, then contacts, then associations, each paged from the host's source
 * and sent as batch upserts on the 'backfill' lane (the limiter paces them at the portal's ceiling, behind
 * live work). Several batches are in flight so the window stays full; the checkpoint (phase + cursor) is
 * saved after every batch in page order, so a restarted worker redoes at most the batches that were in flight.
 */
@Injectable()
export class BackfillExecutor implements RunExecutor {
  readonly kind = 'backfill' as const;
  private readonly logger = new Logger(BackfillExecutor.name);

  constructor(
    private readonly sources: SyncSourcesRegistry,
    private readonly estimator: BackfillEstimator,
    private readonly writer: RunWriter,
    @InjectHubspotConfig() private readonly config: HubspotConfig,
  ) {}

  async execute(ctx: RunContext): Promise<RunProgressPatch> {
    const { run } = ctx;
    const plan = phasesFor(run.scope, !!this.sources.companies());
    const report: SyncRunReport = run.report ?? {};
    const phases = (report.phases ??= {});
    if (run.dryRun) report.dryRun ??= emptyEstimate();
    if (!run.checkpoint) {
      for (const phase of plan) {
        // Associations walk the contacts again.
        phases[phase] = emptyCounts(
          await countOf(this.sources, phase === 'associations' ? 'contacts' : phase, run.portalId),
        );
      }
    }
    const state = {
      processed: run.processed,
      failed: run.failed,
      total: plan.reduce((sum, p) => sum + (phases[p]?.total ?? 0), 0),
    };
    let checkpoint: RunCheckpoint = run.checkpoint ?? { phase: plan[0] ?? 'done', cursor: null };
    const concurrency = Math.max(2, this.config.sync.concurrency);

    for (const [index, phase] of plan.entries()) {
      if (checkpoint.phase === 'done' || plan.indexOf(checkpoint.phase) > index) continue;
      const counts = (phases[phase] ??= emptyCounts());
      const after: RunCheckpoint = { phase: plan[index + 1] ?? 'done', cursor: null };
      await runOrderedPipeline<Item, PageOutcome>({
        startCursor: checkpoint.phase === phase ? checkpoint.cursor : null,
        concurrency,
        signal: ctx.signal,
        stopped: () => new RunStoppedError(run.id),
        fetch: (cursor) =>
          pageOf(this.sources, phase, { cursor, limit: run.batchSize, portalId: run.portalId }),
        process: (items) =>
          run.dryRun ? this.estimate(phase, items, run.portalId) : this.write(phase, items, run.portalId),
        commit: async (outcome, _items, nextCursor) => {
          addCounts(counts, outcome.counts);
          if (outcome.estimate) mergeEstimate(report.dryRun!, outcome.estimate);
          state.processed += outcome.counts.processed;
          state.failed += outcome.counts.failed;
          checkpoint = nextCursor === null ? after : { phase, cursor: nextCursor };
          await ctx.save({ phase, checkpoint, report, ...state });
        },
      });
      checkpoint = after;
      await ctx.save({ phase, checkpoint, report, ...state });
    }
    this.logger.log(
      `Backfill run ${run.id} done: ${state.processed} records, ${state.failed} failed, ${ctx.callsUsed()} calls`,
    );
    return { phase: null, checkpoint: { phase: 'done', cursor: null }, report, ...state };
  }

  private async write(phase: SyncRunPhase, items: Item[], portalId: number): Promise<PageOutcome> {
    const options = { portalId, lane: 'backfill' as const };
    if (phase === 'associations') {
      const contacts = items as SourceContact[];
      const result = await this.writer.associateContacts(contacts, options);
      if (result.retry) throw result.retry;
      const withCompanies = contacts.filter((c) => c.companyDomains?.length).length;
      return {
        counts: {
          processed: items.length,
          created: result.associated,
          updated: 0,
          unchanged: items.length - withCompanies,
          failed: result.failed,
        },
      };
    }
    const results =
      phase === 'companies'
        ? await this.writer.upsertCompanies(items as SourceCompany[], options)
        : await this.writer.upsertContacts(items as SourceContact[], options);
    throwIfRetry(results);
    return { counts: tally(results) };
  }

  private async estimate(phase: SyncRunPhase, items: Item[], portalId: number): Promise<PageOutcome> {
    const estimate = await this.estimator.estimate(phase, items, portalId);
    return {
      estimate,
      counts: {
        processed: items.length,
        created: estimate.wouldCreate,
        updated: estimate.wouldUpdate,
        unchanged: estimate.unchanged,
        failed: 0,
      },
    };
  }
}
