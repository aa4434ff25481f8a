import { validationError } from '../http/api-error';
import { ApiContext, json, RouteTable } from '../http/route-table';
import { associate } from '../store/association-service';
import { emit, updateObject } from '../store/object-writer';
import { afterWrite, beforeWrite } from '../store/search-index';
import { toApiObject } from '../store/serialize';
import { assocScope } from './association-helpers';
import { OBJECT_BASES } from './objects.routes';
import { bodyObject, objectNotFound, resolveType, writeScope } from './route-helpers';

export function registerMergeRoutes(t: RouteTable): void {
  t.api(
    'POST',
    OBJECT_BASES.map((b) => `${b}/merge`),
    merge,
    { scopes: { family: 'objects', access: 'write' } },
  );
}

/**
 * Merges `objectIdToMerge` into `primaryObjectId`: the primary's values win, empty ones are filled from
 * the merged record, associations move over, the merged record is archived and its unique values
 * (e.g. its email) keep resolving to the primary.
 */
function merge(ctx: ApiContext) {
  const type = resolveType(ctx);
  const body = bodyObject(ctx);
  const primaryId = String(body.primaryObjectId ?? '');
  const mergedId = String(body.objectIdToMerge ?? '');
  if (!primaryId || !mergedId || primaryId === mergedId)
    throw validationError('primaryObjectId and a different objectIdToMerge are required');
  const store = ctx.portal.data.store(type);
  const primary = store.get(primaryId);
  const merged = store.get(mergedId);
  if (!primary || primary.archived) throw objectNotFound(primaryId);
  if (!merged || merged.archived) throw objectNotFound(mergedId);
  const scope = writeScope(ctx, type);
  const registry = ctx.portal.data.properties;
  const fill: Record<string, string> = {};
  for (const [k, v] of Object.entries(merged.properties)) {
    const def = registry.get(type, k);
    if (!def || def.readOnlyValue || registry.isUnique(type, k)) continue;
    if (!primary.properties[k] && v) fill[k] = v;
  }
  // Archive the merged record silently (HubSpot sends a merge event, not a deletion).
  beforeWrite(merged, ctx.state.searchIndexDelayMs, false);
  store.dropFromIndexes(merged);
  merged.archived = true;
  merged.archivedAt = ctx.now;
  afterWrite(merged, ctx.state.searchIndexDelayMs, ctx.now);
  // The fills are part of the merge event, not separate propertyChange events.
  updateObject(scope, primary, fill, { silent: true });
  const ids = [primary.properties.hs_merged_object_ids, mergedId].filter(Boolean).join(';');
  primary.properties.hs_merged_object_ids = ids;
  for (const [k, v] of Object.entries(merged.properties)) {
    if (v && registry.isUnique(type, k)) store.reindex(primary, k, undefined, v);
  }
  for (const edge of ctx.portal.data.associations.edgesFrom(type.objectTypeId, mergedId)) {
    const other = ctx.portal.data.resolveType(edge.toType);
    if (!other) continue;
    const types = edge.specs
      .map((s) => ctx.portal.data.associationTypes.find(type.objectTypeId, edge.toType, s.category, s.typeId))
      .filter((t) => !!t);
    try {
      associate(assocScope(ctx), type, primaryId, other, edge.toId, types);
    } catch {
      // The other side is gone; nothing to move.
    }
  }
  emit(scope, 'merge', primaryId, {
    primaryObjectId: Number(primaryId),
    mergedObjectIds: [Number(mergedId)],
    newObjectId: Number(primaryId),
    numberOfPropertiesMoved: Object.keys(fill).length,
  });
  return json(200, toApiObject(primary, type, registry, 'all-set'));
}
