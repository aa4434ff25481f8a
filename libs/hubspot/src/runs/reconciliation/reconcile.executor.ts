import { Injectable, Logger } from '@nestjs/common';
import { runOrderedPipeline } from '../backfill/ordered-pipeline';
import { countOf, pageOf } from '../backfill/backfill-phases';
import { DeadLettersService } from '../../engine/dead-letters/dead-letters.service';
import { RunContext, RunExecutor, RunStoppedError } from '../run-executor.types';
import { RunProgressPatch, SyncRunsService } from '../sync-runs.service';
import { ReconcileReport, RunCheckpoint, SyncRunReport, SyncRunScope } from '../sync-run.types';
import { SyncSourcesRegistry } from '../../crm/sources/sync-sources.registry';
import { SourceCompany, SourceContact } from '../../crm/sources/source.types';
import { DriftRepairer, PageFindings, ReconcileObjectType } from './drift-repairer';
import { IncrementalChanges } from './incremental-changes';
import { LOCAL_CHANGES_CURSOR, localChangesPage, reportsLocalChanges } from './local-changes';

/** HubSpot's search is eventually consistent: look this far behind the last run's start. */
const INCREMENTAL_OVERLAP_MS = 60_000;
const SAMPLE_SIZE = 20;

type Item = SourceContact | SourceCompany;

function plan(scope: SyncRunScope, hasCompanies: boolean): ReconcileObjectType[] {
  if (scope === 'contacts') return ['contacts'];
  if (scope === 'companies') return hasCompanies ? ['companies'] : [];
  return hasCompanies ? ['companies', 'contacts'] : ['contacts'];
}

/**
 * Executes reconciliation runs. Full: pages the local sources and repairs every page (DriftRepairer).
 * Incremental: asks HubSpot's search what changed since the last completed reconciliation (split into
 * windows under the 10,000 cap), loads local truth for those keys and repairs them; then, when the source
 * reports local changes (`changedSince`), repairs the records changed locally in the same range. Then replays
 * open dead letters. Checkpoints after every page (full) or window (incremental); the report is stored on
 * the run.
 */
@Injectable()
export class ReconcileExecutor implements RunExecutor {
  readonly kind = 'reconcile' as const;
  private readonly logger = new Logger(ReconcileExecutor.name);

  constructor(
    private readonly sources: SyncSourcesRegistry,
    private readonly repairer: DriftRepairer,
    private readonly changes: IncrementalChanges,
    private readonly runs: SyncRunsService,
    private readonly deadLetters: DeadLettersService,
  ) {}

  async execute(ctx: RunContext): Promise<RunProgressPatch> {
    const { run } = ctx;
    const report: SyncRunReport = run.report ?? {};
    const r: ReconcileReport = (report.reconcile ??= {
      checked: 0,
      missing: 0,
      drifted: 0,
      fixed: 0,
      failed: 0,
      deadLettersRetried: 0,
      samples: { missing: [], drifted: [] },
    });
    const objectTypes = plan(run.scope, !!this.sources.companies());
    const incremental =
      run.incremental && (await this.incrementalBounds(run.id, run.portalId, r, objectTypes));
    const state = { total: run.total, processed: run.processed, failed: run.failed };
    if (!run.checkpoint && !incremental) {
      for (const type of objectTypes) state.total += await countOf(this.sources, type, run.portalId);
    }
    let checkpoint: RunCheckpoint = run.checkpoint ?? { phase: objectTypes[0] ?? 'done', cursor: null };
    const save = (phase: ReconcileObjectType, next: RunCheckpoint) => {
      checkpoint = next;
      return ctx.save({ phase, checkpoint, report, ...state });
    };
    const record = (f: PageFindings) => {
      r.checked += f.checked;
      r.missing += f.missing.length;
      r.drifted += f.drifted.length;
      r.fixed += f.fixed;
      r.failed += f.failed;
      r.samples!.missing.push(...f.missing.slice(0, SAMPLE_SIZE - r.samples!.missing.length));
      r.samples!.drifted.push(...f.drifted.slice(0, SAMPLE_SIZE - r.samples!.drifted.length));
      state.processed += f.checked;
      state.failed += f.failed;
    };

    for (const [index, type] of objectTypes.entries()) {
      if (checkpoint.phase === 'done' || objectTypes.indexOf(checkpoint.phase as ReconcileObjectType) > index)
        continue;
      const after: RunCheckpoint = { phase: objectTypes[index + 1] ?? 'done', cursor: null };
      const cursor = checkpoint.phase === type ? checkpoint.cursor : null;
      if (incremental) {
        if (!cursor?.startsWith(LOCAL_CHANGES_CURSOR)) {
          let from = cursor ? Number(cursor) : r.since!;
          const windows = await this.changes.windows(type, from, r.until!, run.portalId);
          state.total = state.processed + windows.reduce((n, w) => n + w.total, 0);
          for (const window of windows) {
            for (const chunk of await this.localChunks(type, window, run.portalId, run.batchSize)) {
              if (ctx.signal.aborted) throw new RunStoppedError(run.id);
              record(await this.repairer.repair(type, chunk, run.portalId));
              await save(type, { phase: type, cursor: String(from) });
            }
            from = window.to;
            await save(type, { phase: type, cursor: String(from) });
          }
        }
        if (reportsLocalChanges(this.sources, type)) {
          let local = cursor?.startsWith(LOCAL_CHANGES_CURSOR)
            ? cursor.slice(LOCAL_CHANGES_CURSOR.length)
            : '';
          do {
            if (ctx.signal.aborted) throw new RunStoppedError(run.id);
            const page = await localChangesPage(this.sources, type, {
              since: new Date(r.since!),
              until: new Date(r.until!),
              cursor: local || null,
              limit: run.batchSize,
              portalId: run.portalId,
            });
            state.total += page.items.length;
            r.localChanges = (r.localChanges ?? 0) + page.items.length;
            if (page.items.length) record(await this.repairer.repair(type, page.items, run.portalId));
            local = page.nextCursor ?? '';
            await save(type, { phase: type, cursor: LOCAL_CHANGES_CURSOR + local });
          } while (local);
        }
      } else {
        await runOrderedPipeline<Item, PageFindings>({
          startCursor: cursor,
          concurrency: 2,
          signal: ctx.signal,
          stopped: () => new RunStoppedError(run.id),
          fetch: (c) =>
            pageOf(this.sources, type, { cursor: c, limit: run.batchSize, portalId: run.portalId }),
          process: (items) => this.repairer.repair(type, items, run.portalId),
          commit: async (findings, _items, next) => {
            record(findings);
            await save(type, next === null ? after : { phase: type, cursor: next });
          },
        });
      }
      await save(type, after);
    }
    r.deadLettersRetried = await this.deadLetters.replayAll({ portalId: run.portalId });
    r.callsUsed = ctx.callsUsed();
    this.logger.log(
      `Reconciliation run ${run.id}: checked ${r.checked}, missing ${r.missing}, drifted ${r.drifted}, ` +
        `fixed ${r.fixed}, failed ${r.failed}, ${r.deadLettersRetried} dead letters retried, ${ctx.callsUsed()} calls`,
    );
    return { phase: null, checkpoint, report, ...state };
  }

  /** Sets since/until once per run; false (full mode) when there is no earlier run or no findByKeys. */
  private async incrementalBounds(
    runId: number,
    portalId: number,
    r: ReconcileReport,
    types: ReconcileObjectType[],
  ): Promise<boolean> {
    if (r.since !== undefined && r.until !== undefined) return true;
    const lookups = types.every((t) =>
      t === 'contacts' ? !!this.sources.contacts().findByKeys : !!this.sources.companies()?.findByKeys,
    );
    const last = lookups ? await this.runs.lastCompleted('reconcile', portalId, runId) : null;
    if (!last?.startedAt) {
      this.logger.log(
        `Reconciliation run ${runId}: no earlier run or no findByKeys on the source; checking all`,
      );
      return false;
    }
    r.since = last.startedAt.getTime() - INCREMENTAL_OVERLAP_MS;
    r.until = Date.now();
    return true;
  }

  /** Local truth for the keys HubSpot changed in the window, mapped and chunked. */
  private async localChunks(
    type: ReconcileObjectType,
    window: { from: number; to: number; total: number },
    portalId: number,
    size: number,
  ): Promise<Item[][]> {
    const keys = await this.changes.collect(type, window, portalId);
    let items: Item[];
    if (type === 'companies') {
      const source = this.sources.companies()!;
      items = (await source.findByKeys!(keys.domains, portalId)).map((row) => source.toCompany(row));
    } else {
      const source = this.sources.contacts();
      items = (await source.findByKeys!({ emails: keys.emails, userIds: keys.userIds }, portalId)).map(
        (row) => source.toContact(row),
      );
    }
    const chunks: Item[][] = [];
    for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
    return chunks;
  }
}
