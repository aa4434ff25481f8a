import { validationError } from '../http/api-error';
import { ApiContext, json, RouteTable } from '../http/route-table';
import { mergeRecords } from '../store/merge';
import { toApiObject } from '../store/serialize';
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

/** `POST .../merge` `{primaryObjectId, objectIdToMerge}`: answers the primary record. */
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
  mergeRecords(writeScope(ctx, type), primary, merged);
  return json(200, toApiObject(primary, type, ctx.portal.data.properties, 'all-set'));
}
