import { SyncSourcesRegistry } from '../../crm/sources/sync-sources.registry';
import { SourceChangesRequest, SourceCompany, SourceContact, SourcePage } from '../../crm/sources/source.types';
import { ReconcileObjectType } from './drift-repairer';

/** Checkpoint cursors of the local-changes step of an incremental run start with this. */
export const LOCAL_CHANGES_CURSOR = 'local:';

/** Whether the host's source of `type` reports local changes (`changedSince`). */
export function reportsLocalChanges(sources: SyncSourcesRegistry, type: ReconcileObjectType): boolean {
  const source = type === 'companies' ? sources.companies() : sources.contacts();
  return typeof source?.changedSince === 'function';
}

/** One page of the records the host's source says changed locally in the window, mapped for the repairer. */
export async function localChangesPage(
  sources: SyncSourcesRegistry,
  type: ReconcileObjectType,
  request: SourceChangesRequest,
): Promise<SourcePage<SourceContact | SourceCompany>> {
  if (type === 'companies') {
    const source = sources.companies()!;
    const page = await source.changedSince!(request);
    return { items: page.items.map((row) => source.toCompany(row)), nextCursor: page.nextCursor };
  }
  const source = sources.contacts();
  const page = await source.changedSince!(request);
  return { items: page.items.map((row) => source.toContact(row)), nextCursor: page.nextCursor };
}
