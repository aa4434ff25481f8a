import { ApiError, propertyValuesError, validationError } from '../http/api-error';
import { ApiContext, json, noContent, RouteTable } from '../http/route-table';
import { applyInlineAssociations, parseInlineAssociations } from '../store/inline-associations';
import { checkRecordRules } from '../store/record-rules';
import { PropertyValues, StoredObject } from '../store/type-store';
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
  inputError,
  lookup,
  perInputFailures,
  resolveType,
  rules,
  traceIdOf,
  writeScope,
} from './route-helpers';
import { batchUpsert } from './batch-upsert';
import { OBJECT_BASES, withHistory } from './objects.routes';

type ParsedAssociations = ReturnType<typeof parseInlineAssociations>;

const at = (op: string): string[] => OBJECT_BASES.map((b) => `${b}/batch/${op}`);
const READ = { scopes: { family: 'objects', access: 'read' } } as const;
const WRITE = { scopes: { family: 'objects', access: 'write' } } as const;

export function registerBatchRoutes(t: RouteTable): void {
  t.api('POST', at('read'), batchRead, READ);
  t.api('POST', at('create'), batchCreate, WRITE);
  t.api('POST', at('update'), batchUpdate, WRITE);
  t.api('POST', at('upsert'), batchUpsert, WRITE);
  t.api('POST', at('archive'), batchArchive, WRITE);
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
  const history = stringList(body.propertiesWithHistory);
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
    const out = toApiObject(obj, type, ctx.portal.data.properties, props);
    results.push(history?.length ? withHistory(ctx, type, obj, out, history) : out);
  }
  if (missing.length === 0) return json(200, batchEnvelope(ctx, results));
  const message = `Could not get some ${type.label} objects, they may be deleted or not exist. Check that ids are valid.`;
  return json(207, batchEnvelope(ctx, results, [batchError('OBJECT_NOT_FOUND', message, { ids: missing })]));
}

function batchCreate(ctx: ApiContext) {
  const type = resolveType(ctx);
  const scope = writeScope(ctx, type);
  const inputs = batchInputs(ctx);
  const oneByOne = perInputFailures(ctx, inputs);
  const failed: unknown[] = [];
  const prepared: Array<{ values: PropertyValues; assoc: ParsedAssociations; traceId?: string }> = [];
  inputs.forEach((input, index) => {
    try {
      const { values, errors } = validateProperties(scope, input.properties ?? {});
      if (errors.length > 0) {
        const e = propertyValuesError(errors);
        throw new ApiError(400, 'VALIDATION_ERROR', e.message, { context: { index: [String(index)] } });
      }
      checkRecordRules(scope, values, undefined, rules(ctx, true));
      const assoc = parseInlineAssociations(ctx.portal, type, input.associations);
      prepared.push({ values, assoc, traceId: traceIdOf(input) });
    } catch (err) {
      if (!oneByOne || !(err instanceof ApiError)) throw err;
      failed.push(inputError(err, { objectWriteTraceId: [traceIdOf(input)!] }));
    }
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
  const results = prepared.map(({ values, assoc, traceId }) => {
    const obj = createObject(scope, values);
    applyInlineAssociations(scope, type, obj.id, assoc);
    const out = toApiObject(obj, type, ctx.portal.data.properties, 'all-set');
    return oneByOne && traceId ? { ...out, objectWriteTraceId: traceId } : out;
  });
  return json(failed.length > 0 ? 207 : 201, batchEnvelope(ctx, results, failed));
}

function batchUpdate(ctx: ApiContext) {
  const type = resolveType(ctx);
  const scope = writeScope(ctx, type);
  const inputs = batchInputs(ctx);
  const oneByOne = perInputFailures(ctx, inputs);
  const failed: unknown[] = [];
  const seenIds = new Set<string>();
  const dupes: string[] = [];
  const prepared: Array<{ id: string; obj?: StoredObject; values: PropertyValues; traceId?: string }> = [];
  for (const input of inputs) {
    const idProperty = typeof input.idProperty === 'string' ? input.idProperty : undefined;
    checkIdProperty(ctx, type, idProperty, 'update');
    const id = String(input.id ?? '');
    const obj = lookup(ctx, type, id, idProperty);
    try {
      const { values, errors } = validateProperties(scope, input.properties ?? {});
      if (errors.length > 0) throw propertyValuesError(errors);
      if (obj) checkRecordRules(scope, values, obj, rules(ctx, false));
      if (obj) {
        if (seenIds.has(obj.id)) dupes.push(id);
        seenIds.add(obj.id);
      }
      prepared.push({ id, obj, values, traceId: traceIdOf(input) });
    } catch (err) {
      if (!oneByOne || !(err instanceof ApiError)) throw err;
      failed.push(inputError(err, { objectWriteTraceId: [traceIdOf(input)!] }));
    }
  }
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
    const out = toApiObject(p.obj, type, ctx.portal.data.properties, 'all-set');
    results.push(oneByOne && p.traceId ? { ...out, objectWriteTraceId: p.traceId } : out);
  }
  const errors = [...failed];
  if (missing.length > 0) {
    const message = `Could not update some ${type.label} objects, they may be deleted or not exist. Check that ids are valid.`;
    errors.push(batchError('OBJECT_NOT_FOUND', message, { ids: missing }));
  }
  return json(errors.length > 0 ? 207 : 200, batchEnvelope(ctx, results, errors));
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
