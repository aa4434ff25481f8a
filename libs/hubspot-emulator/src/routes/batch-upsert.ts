import { ApiError, propertyValuesError, validationError } from '../http/api-error';
import { ApiContext, json } from '../http/route-table';
import { createObject, uniqueConflict, updateObject, validateProperties } from '../store/object-writer';
import { checkRecordRules } from '../store/record-rules';
import { toApiObject } from '../store/serialize';
import { StoredObject } from '../store/type-store';
import {
  batchEnvelope,
  batchInputs,
  checkIdProperty,
  inputError,
  lookup,
  resolveType,
  rules,
  writeScope,
} from './route-helpers';

/**
 * POST batch/upsert: each input `{id, idProperty, properties}` updates the record holding that unique
 * value or creates one with it. Per-input failures come back as a 207; two inputs resolving to the
 * same record reject the whole batch.
 */
export function batchUpsert(ctx: ApiContext) {
  const type = resolveType(ctx);
  const scope = writeScope(ctx, type);
  const inputs = batchInputs(ctx);
  const seen = new Map<string, string>();
  const dupes: string[] = [];
  const prepared = inputs.map((input) => {
    const idProperty = typeof input.idProperty === 'string' ? input.idProperty : 'hs_object_id';
    checkIdProperty(ctx, type, idProperty, 'upsert');
    const id = String(input.id ?? '');
    if (!id) throw validationError('Each upsert input needs an id');
    const obj = lookup(ctx, type, id, idProperty);
    const key = obj
      ? `record:${obj.id}`
      : `new:${idProperty}:${idProperty === 'email' ? id.toLowerCase() : id}`;
    if (seen.has(key)) dupes.push(id);
    seen.set(key, id);
    return { id, idProperty, obj, input };
  });
  if (dupes.length > 0) {
    throw validationError(`Duplicate IDs found in batch input: [${dupes.join(', ')}]. IDs must be unique`);
  }
  const results: unknown[] = [];
  const errors: unknown[] = [];
  for (const p of prepared) {
    try {
      results.push(upsertOne(ctx, p.id, p.idProperty, p.obj, p.input.properties));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      errors.push(inputError(err, { ids: [p.id] }));
    }
  }
  return json(errors.length > 0 ? 207 : 200, batchEnvelope(ctx, results, errors));

  function upsertOne(
    c: ApiContext,
    id: string,
    idProperty: string,
    existing: StoredObject | undefined,
    props: unknown,
  ) {
    const { values, errors: invalid } = validateProperties(scope, props ?? {});
    if (invalid.length > 0) throw propertyValuesError(invalid);
    if (existing) {
      checkRecordRules(scope, values, existing, rules(c, false));
      const clash = uniqueConflict(scope, values, existing.id);
      if (clash) throw clash;
      updateObject(scope, existing, values);
      return { ...toApiObject(existing, type, c.portal.data.properties, 'all-set'), new: false };
    }
    if (idProperty === 'hs_object_id')
      throw new ApiError(404, 'OBJECT_NOT_FOUND', `No ${type.singular} with ID ${id} exists`);
    const merged = { [idProperty]: id, ...((props as Record<string, unknown> | undefined) ?? {}) };
    const { values: created, errors: badId } = validateProperties(scope, merged);
    if (badId.length > 0) throw propertyValuesError(badId);
    checkRecordRules(scope, created, undefined, rules(c, true));
    const clash = uniqueConflict(scope, created);
    if (clash) throw clash;
    const obj = createObject(scope, created);
    return { ...toApiObject(obj, type, c.portal.data.properties, 'all-set'), new: true };
  }
}
