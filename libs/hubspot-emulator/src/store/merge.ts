import { ApiError } from '../http/api-error';
import { associate } from './association-service';
import { emit, updateObject, WriteScope } from './object-writer';
import { afterWrite, beforeWrite } from './search-index';
import { StoredObject } from './type-store';

/**
 * Merges `merged` into `primary`: the primary's values win, empty ones are filled from the merged record,
 * associations move over, the merged record is archived and its unique values (e.g. its email) keep
 * resolving to the primary. One `<type>.merge` event, no deletion or propertyChange events.
 */
export function mergeRecords(scope: WriteScope, primary: StoredObject, merged: StoredObject): void {
  const { portal, type } = scope;
  if (primary.id === merged.id)
    throw new ApiError(400, 'VALIDATION_ERROR', 'Cannot merge a record into itself');
  const store = portal.data.store(type);
  const registry = portal.data.properties;
  const fill: Record<string, string> = {};
  for (const [k, v] of Object.entries(merged.properties)) {
    const def = registry.get(type, k);
    if (!def || def.readOnlyValue || registry.isUnique(type, k)) continue;
    if (!primary.properties[k] && v) fill[k] = v;
  }
  // Archive the merged record silently (HubSpot sends a merge event, not a deletion).
  beforeWrite(merged, scope.state.searchIndexDelayMs, false);
  store.dropFromIndexes(merged);
  merged.archived = true;
  merged.archivedAt = scope.now;
  afterWrite(merged, scope.state.searchIndexDelayMs, scope.now);
  // The fills are part of the merge event, not separate propertyChange events.
  updateObject(scope, primary, fill, { silent: true });
  primary.properties.hs_merged_object_ids = [primary.properties.hs_merged_object_ids, merged.id]
    .filter(Boolean)
    .join(';');
  for (const [k, v] of Object.entries(merged.properties)) {
    if (v && registry.isUnique(type, k)) store.reindex(primary, k, undefined, v);
  }
  for (const edge of portal.data.associations.edgesFrom(type.objectTypeId, merged.id)) {
    const other = portal.data.resolveType(edge.toType);
    if (!other) continue;
    const types = edge.specs
      .map((s) => portal.data.associationTypes.find(type.objectTypeId, edge.toType, s.category, s.typeId))
      .filter((t) => !!t);
    try {
      associate(scope, type, primary.id, other, edge.toId, types);
    } catch {
      // The other side is gone; nothing to move.
    }
  }
  emit(scope, 'merge', primary.id, {
    primaryObjectId: Number(primary.id),
    mergedObjectIds: [Number(merged.id)],
    newObjectId: Number(primary.id),
    numberOfPropertiesMoved: Object.keys(fill).length,
  });
}
