import { HubspotTransientError } from '../../errors/hubspot-transient.error';
import { SyncSourcesRegistry } from '../../crm/sources/sync-sources.registry';
import { SourceCompany, SourceContact, SourcePage, SourcePageRequest } from '../../crm/sources/source.types';
import { PhaseCounts, SyncRunPhase, SyncRunScope } from '../sync-run.types';
import { RecordWriteResult } from '../run-writer.types';

/** Phases a scope runs, in order; companies and associations only when the host has a company source. */
export function phasesFor(scope: SyncRunScope, hasCompanies: boolean): SyncRunPhase[] {
  if (scope === 'companies') return hasCompanies ? ['companies'] : [];
  if (scope === 'contacts') return ['contacts'];
  return hasCompanies ? ['companies', 'contacts', 'associations'] : ['contacts'];
}

export function emptyCounts(total = 0): PhaseCounts {
  return { total, processed: 0, created: 0, updated: 0, unchanged: 0, failed: 0 };
}

/** A page of mapped records for a phase (associations walk the contacts again). */
export async function pageOf(
  sources: SyncSourcesRegistry,
  phase: SyncRunPhase,
  request: SourcePageRequest,
): Promise<SourcePage<SourceContact | SourceCompany>> {
  if (phase === 'companies') {
    const source = sources.companies()!;
    const page = await source.page(request);
    return { items: page.items.map((r) => source.toCompany(r)), nextCursor: page.nextCursor };
  }
  const source = sources.contacts();
  const page = await source.page(request);
  return { items: page.items.map((r) => source.toContact(r)), nextCursor: page.nextCursor };
}

export async function countOf(sources: SyncSourcesRegistry, phase: SyncRunPhase, portalId: number) {
  const source = phase === 'companies' ? sources.companies() : sources.contacts();
  return (await source?.count?.(portalId)) ?? 0;
}

/** Per-batch tally of write results. */
export function tally(results: RecordWriteResult[]): Omit<PhaseCounts, 'total'> {
  const counts = { processed: results.length, created: 0, updated: 0, unchanged: 0, failed: 0 };
  for (const r of results) {
    if (r.status === 'retry') continue;
    counts[r.status] += 1;
  }
  return counts;
}

/**
 * A batch whose records failed retryably even after the client's retries is not committed: the run parks
 * briefly and redoes it from the checkpoint (upserts are idempotent).
 */
export function throwIfRetry(results: RecordWriteResult[]): void {
  const retry = results.find((r) => r.status === 'retry');
  if (!retry) return;
  if (retry.error instanceof HubspotTransientError) throw retry.error;
  throw new HubspotTransientError(
    `${results.filter((r) => r.status === 'retry').length} record(s) of a batch failed retryably: ${retry.error?.message ?? 'unknown'}`,
    { cause: retry.error },
  );
}

export function addCounts(into: PhaseCounts, add: Omit<PhaseCounts, 'total'>): void {
  into.processed += add.processed;
  into.created += add.created;
  into.updated += add.updated;
  into.unchanged += add.unchanged;
  into.failed += add.failed;
}
