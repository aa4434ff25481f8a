import { notFound, propertyValuesError, validationError } from '../http/api-error';
import { ApiContext, json, noContent, RouteTable } from '../http/route-table';
import { objectExists } from '../store/association-service';
import { applyInlineAssociations, parseInlineAssociations } from '../store/inline-associations';
import { ObjectTypeDef } from '../store/object-types';
import {
  archiveObject,
  createObject,
  emit,
  uniqueConflict,
  updateObject,
  validateProperties,
} from '../store/object-writer';
import { checkRecordRules } from '../store/record-rules';
import { ApiObject, historyOf, requestedProperties, toApiObject } from '../store/serialize';
import { StoredObject } from '../store/type-store';
import {
  bodyObject,
  boolParam,
  checkIdProperty,
  intParam,
  lookup,
  objectNotFound,
  resolveType,
  rules,
  writeScope,
} from './route-helpers';

/** Legacy and dated bases of the objects API. */
export const OBJECT_BASES = ['/crm/v3/objects/:objectType', '/crm/objects/:version/:objectType'];
const at = (suffix: string): string[] => OBJECT_BASES.map((b) => `${b}${suffix}`);
const READ = { scopes: { family: 'objects', access: 'read' } } as const;
const WRITE = { scopes: { family: 'objects', access: 'write' } } as const;

export function registerObjectRoutes(t: RouteTable): void {
  t.api('GET', at(''), list, READ);
  t.api('POST', at(''), create, WRITE);
  t.api('GET', at('/:objectId'), read, READ);
  t.api('PATCH', at('/:objectId'), update, WRITE);
  t.api('DELETE', at('/:objectId'), archive, WRITE);
  t.api('POST', at('/gdpr-delete'), gdprDelete, WRITE);
}

function withAssociations(
  ctx: ApiContext,
  type: ObjectTypeDef,
  obj: StoredObject,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const wanted = requestedProperties(ctx.query, 'associations');
  if (!wanted) return body;
  const out: Record<string, unknown> = {};
  for (const name of wanted) {
    const to = ctx.portal.data.resolveType(name);
    if (!to) continue;
    const registry = ctx.portal.data.associationTypes;
    const results = ctx.portal.data.associations
      .list(type.objectTypeId, obj.id, to.objectTypeId)
      .filter((e) => objectExists(ctx.portal, to, e.toId))
      .flatMap((e) =>
        e.specs.map((s) => ({
          id: e.toId,
          type:
            registry.find(type.objectTypeId, to.objectTypeId, s.category, s.typeId)?.name ?? String(s.typeId),
        })),
      );
    if (results.length > 0) out[name] = { results };
  }
  return { ...body, associations: out };
}

/** Adds `propertiesWithHistory` when the caller asked for it. */
export function withHistory(
  ctx: ApiContext,
  type: ObjectTypeDef,
  obj: StoredObject,
  out: ApiObject,
  names: string[] | undefined,
): Record<string, unknown> {
  if (!names) return { ...out };
  return { ...out, propertiesWithHistory: historyOf(obj, type, ctx.portal.data.properties, names) };
}

function list(ctx: ApiContext) {
  const type = resolveType(ctx);
  const limit = intParam(ctx, 'limit', 10, 100);
  const after = ctx.query.get('after') ?? undefined;
  if (after !== undefined && !/^\d+$/.test(after)) throw validationError(`Invalid after value: ${after}`);
  const props = requestedProperties(ctx.query);
  const page = ctx.portal.data.store(type).page(after, limit, boolParam(ctx, 'archived'));
  const history = requestedProperties(ctx.query, 'propertiesWithHistory');
  const results = page.items.map((o) =>
    withAssociations(
      ctx,
      type,
      o,
      withHistory(ctx, type, o, toApiObject(o, type, ctx.portal.data.properties, props), history),
    ),
  );
  const body: Record<string, unknown> = { results };
  if (page.next) {
    body.paging = { next: { after: page.next, link: `${ctx.path}?after=${page.next}` } };
  }
  return json(200, body);
}

function create(ctx: ApiContext) {
  const type = resolveType(ctx);
  const scope = writeScope(ctx, type);
  const body = bodyObject(ctx);
  const { values, errors } = validateProperties(scope, body.properties ?? {});
  if (errors.length > 0) throw propertyValuesError(errors);
  checkRecordRules(scope, values, undefined, rules(ctx, true));
  const clash = uniqueConflict(scope, values);
  if (clash) throw clash;
  const assoc = parseInlineAssociations(ctx.portal, type, body.associations);
  for (const a of assoc)
    if (!objectExists(ctx.portal, a.to, a.toId))
      throw notFound(`No ${a.to.singular} with ID ${a.toId} exists`);
  const obj = createObject(scope, values);
  applyInlineAssociations(scope, type, obj.id, assoc);
  return json(201, toApiObject(obj, type, ctx.portal.data.properties, 'all-set'));
}

function read(ctx: ApiContext) {
  const type = resolveType(ctx);
  const idProperty = ctx.query.get('idProperty') ?? undefined;
  checkIdProperty(ctx, type, idProperty, 'read');
  const obj = lookup(ctx, type, ctx.params.objectId, idProperty, boolParam(ctx, 'archived'));
  if (!obj) throw objectNotFound(ctx.params.objectId);
  const out = toApiObject(obj, type, ctx.portal.data.properties, requestedProperties(ctx.query));
  const history = requestedProperties(ctx.query, 'propertiesWithHistory');
  return json(200, withAssociations(ctx, type, obj, withHistory(ctx, type, obj, out, history)));
}

function update(ctx: ApiContext) {
  const type = resolveType(ctx);
  const idProperty = ctx.query.get('idProperty') ?? undefined;
  checkIdProperty(ctx, type, idProperty, 'read');
  const scope = writeScope(ctx, type);
  const { values, errors } = validateProperties(scope, bodyObject(ctx).properties ?? {});
  if (errors.length > 0) throw propertyValuesError(errors);
  const obj = lookup(ctx, type, ctx.params.objectId, idProperty);
  if (!obj) throw objectNotFound(ctx.params.objectId);
  checkRecordRules(scope, values, obj, rules(ctx, false));
  const clash = uniqueConflict(scope, values, obj.id);
  if (clash) throw clash;
  updateObject(scope, obj, values);
  return json(200, toApiObject(obj, type, ctx.portal.data.properties, 'all-set'));
}

function archive(ctx: ApiContext) {
  const type = resolveType(ctx);
  const obj = lookup(ctx, type, ctx.params.objectId, undefined);
  if (obj) archiveObject(writeScope(ctx, type), obj);
  return noContent();
}

function gdprDelete(ctx: ApiContext) {
  const type = resolveType(ctx);
  if (type.objectTypeId !== '0-1') throw validationError('GDPR delete is only supported for contacts');
  const body = bodyObject(ctx);
  const idProperty = typeof body.idProperty === 'string' ? body.idProperty : undefined;
  const obj = lookup(ctx, type, String(body.objectId ?? ''), idProperty);
  if (!obj) throw objectNotFound(String(body.objectId ?? ''));
  const scope = writeScope(ctx, type);
  archiveObject(scope, obj);
  // GDPR deletion is permanent (the record cannot be restored) and has its own webhook event.
  ctx.portal.data.store(type).byId.delete(obj.id);
  emit(scope, 'privacyDeletion', obj.id);
  return noContent();
}
