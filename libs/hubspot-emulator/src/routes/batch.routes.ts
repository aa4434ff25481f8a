import { ApiError, propertyValuesError, validationError } from '../http/api-error';
import { ApiContext, json, noContent, RouteTable } from '../http/route-table';
import { applyInlineAssociations, parseInlineAssociations } from '../store/inline-associations';
import {
  archiveObject,
  createObject,
  uniqueConflict,
  updateObject,
  validateProperties,
} from '../store/object-writer';
import { toApiObject } from '../store/serialize';
import {
  batchEnvelope,
  batchError,
  batchInputs,
  bodyObject,
  checkIdProperty,
  lookup,
  resolveType,
  writeScope,
} from './route-helpers';
import { batchUpsert } from './batch-upsert';

const BASE = '/crm/v3/objects/:objectType/batch';

export function registerBatchRoutes(t: RouteTable): void {
  t.api('POST', `${BASE}/read`, batchRead);
  t.api('POST', `${BASE}/create`, batchCreate);
  t.api('POST', `${BASE}/update`, batchUpdate);
  t.api('POST', `${BASE}/upsert`, batchUpsert);
  t.api('POST', `${BASE}/archive`, batchArchive);
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.map(String) : undefined;
}

function batchRead(ctx: ApiContext) {
  const type = resolveType(ctx);
  const body = bodyObject(ctx);
  const inputs = batchInputs(ctx);
  const idProperty = typeof body.idProperty === 'string' ? body.idProperty : undefined;
  checkIdProperty(ctx, type, idProperty, 'read');
  const props = stringList(body.properties);
  const archived = ctx.query.get('archived') === 'true';
  const results: unknown[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const id = String(input.id ?? '');
    const obj = lookup(ctx, type, id, idProperty, archived);
    if (!obj) {
      missing.push(id);
      continue;
    }
    if (seen.has(obj.id)) continue;
    seen.add(obj.id);
    results.push(toApiObject(obj, type, ctx.portal.data.properties, props));
  }
  if (missing.length === 0) return json(200, batchEnvelope(ctx, results));
  const message = `Could not get some ${type.label} objects, they may be deleted or not exist. Check that ids are valid.`;
  return json(207, batchEnvelope(ctx, results, [batchError('OBJECT_NOT_FOUND', message, { ids: missing })]));
}

function batchCreate(ctx: ApiContext) {
  const type = resolveType(ctx);
  const scope = writeScope(ctx, type);
  const inputs = batchInputs(ctx);
  const prepared = inputs.map((input, index) => {
    const { values, errors } = validateProperties(scope, input.properties ?? {});
    if (errors.length > 0) {
      const e = propertyValuesError(errors);
      throw new ApiError(400, 'VALIDATION_ERROR', e.message, { context: { index: [String(index)] } });
    }
    return { values, assoc: parseInlineAssociations(ctx.portal, type, input.associations) };
  });
  // The whole batch fails on the first unique-value clash, as HubSpot does.
  const inBatch = new Map<string, number>();
  prepared.forEach(({ values }, index) => {
    const clash = uniqueConflict(scope, values);
    if (clash) throw clash;
    for (const [name, value] of Object.entries(values)) {
      if (!value || !ctx.portal.data.properties.isUnique(type, name)) continue;
      const key = `${name}\u0000${name === 'email' ? value.toLowerCase() : value}`;
      if (inBatch.has(key)) {
        throw validationError(
          `Duplicate values for unique property ${name} in batch input: ${value} (inputs ${inBatch.get(key)} and ${index})`,
        );
      }
      inBatch.set(key, index);
    }
  });
  const results = prepared.map(({ values, assoc }) => {
    const obj = createObject(scope, values);
    applyInlineAssociations(scope, type, obj.id, assoc);
    return toApiObject(obj, type, ctx.portal.data.properties, 'all-set');
  });
  return json(201, batchEnvelope(ctx, results));
}

function batchUpdate(ctx: ApiContext) {
  const type = resolveType(ctx);
  const scope = writeScope(ctx, type);
  const inputs = batchInputs(ctx);
  const seenIds = new Set<string>();
  const dupes: string[] = [];
  const prepared = inputs.map((input) => {
    const idProperty = typeof input.idProperty === 'string' ? input.idProperty : undefined;
    checkIdProperty(ctx, type, idProperty, 'update');
    const id = String(input.id ?? '');
    const { values, errors } = validateProperties(scope, input.properties ?? {});
    if (errors.length > 0) throw propertyValuesError(errors);
    const obj = lookup(ctx, type, id, idProperty);
    if (obj) {
      if (seenIds.has(obj.id)) dupes.push(id);
      seenIds.add(obj.id);
    }
    return { id, obj, values };
  });
  if (dupes.length > 0)
    throw validationError(`Duplicate IDs found in batch input: [${dupes.join(', ')}]. IDs must be unique`);
  for (const p of prepared) {
    const clash = p.obj ? uniqueConflict(scope, p.values, p.obj.id) : undefined;
    if (clash) throw clash;
  }
  const results: unknown[] = [];
  const missing: string[] = [];
  for (const p of prepared) {
    if (!p.obj) {
      missing.push(p.id);
      continue;
    }
    updateObject(scope, p.obj, p.values);
    results.push(toApiObject(p.obj, type, ctx.portal.data.properties, 'all-set'));
  }
  if (missing.length === 0) return json(200, batchEnvelope(ctx, results));
  const message = `Could not update some ${type.label} objects, they may be deleted or not exist. Check that ids are valid.`;
  return json(207, batchEnvelope(ctx, results, [batchError('OBJECT_NOT_FOUND', message, { ids: missing })]));
}

function batchArchive(ctx: ApiContext) {
  const type = resolveType(ctx);
  const scope = writeScope(ctx, type);
  for (const input of batchInputs(ctx)) {
    const obj = lookup(ctx, type, String(input.id ?? ''), undefined);
    if (obj) archiveObject(scope, obj);
  }
  return noContent();
}
