import { ApiError, notFound, validationError } from '../http/api-error';
import { ApiContext } from '../http/route-table';
import { ObjectTypeDef } from '../store/object-types';
import { WriteScope } from '../store/object-writer';
import { RuleOptions } from '../store/record-rules';
import { StoredObject } from '../store/type-store';

export function resolveType(ctx: ApiContext, name = ctx.params.objectType): ObjectTypeDef {
  const type = ctx.portal.data.resolveType(name);
  if (!type) throw validationError(`Unable to infer object type from: ${name}`);
  return type;
}

export function writeScope(ctx: ApiContext, type: ObjectTypeDef): WriteScope {
  return { state: ctx.state, portal: ctx.portal, type, source: ctx.source, now: ctx.now };
}

export function bodyObject(ctx: ApiContext): Record<string, unknown> {
  const b = ctx.body;
  if (!b || typeof b !== 'object' || Array.isArray(b))
    throw validationError('Invalid input JSON: expected an object');
  return b as Record<string, unknown>;
}

/** `inputs` of a batch body, with HubSpot's 100-input cap. */
export function batchInputs(ctx: ApiContext, max = 100): Array<Record<string, unknown>> {
  const inputs = bodyObject(ctx).inputs;
  if (!Array.isArray(inputs)) throw validationError('Invalid input JSON: "inputs" must be an array');
  if (inputs.length > max) {
    throw validationError(`Batch input size ${inputs.length} exceeds the maximum of ${max} inputs.`, {
      context: { maxSize: [String(max)], size: [String(inputs.length)] },
    });
  }
  return inputs.map((i) => (i && typeof i === 'object' ? (i as Record<string, unknown>) : {}));
}

/** Checks that `idProperty` is a unique property usable for lookups. */
export function checkIdProperty(
  ctx: ApiContext,
  type: ObjectTypeDef,
  idProperty: string | undefined,
  op: 'read' | 'update' | 'upsert',
): void {
  if (!idProperty || idProperty === 'hs_object_id') return;
  const registry = ctx.portal.data.properties;
  const def = registry.get(type, idProperty);
  const unique = registry.isUnique(type, idProperty) && !(op === 'update' && idProperty === 'email');
  if (!def || !unique) {
    throw validationError(
      `Unable to perform update/upsert by non-unique ${type.objectTypeId} property ${idProperty}`,
    );
  }
}

/** Finds a record by id or by a unique property value. */
export function lookup(
  ctx: ApiContext,
  type: ObjectTypeDef,
  idValue: string,
  idProperty: string | undefined,
  archived = false,
): StoredObject | undefined {
  const store = ctx.portal.data.store(type);
  if (!idProperty || idProperty === 'hs_object_id') {
    const obj = store.get(idValue);
    return obj && obj.archived === archived ? obj : undefined;
  }
  if (archived) return undefined;
  return store.findUnique(idProperty, idValue);
}

export function objectNotFound(id: string): ApiError {
  return notFound('Object not found.  objectId are usually numeric.', { context: { id: [id] } });
}

export function boolParam(ctx: ApiContext, name: string): boolean {
  return ctx.query.get(name) === 'true';
}

export function intParam(ctx: ApiContext, name: string, def: number, max: number): number {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw validationError(`${name} must be a positive integer`);
  return Math.min(n, max);
}

export function batchEnvelope(
  ctx: ApiContext,
  results: unknown[],
  errors: unknown[] = [],
): Record<string, unknown> {
  const iso = new Date(ctx.now).toISOString();
  const body: Record<string, unknown> = { status: 'COMPLETE', results };
  if (errors.length > 0) {
    body.numErrors = errors.length;
    body.errors = errors;
  }
  body.startedAt = iso;
  body.completedAt = new Date().toISOString();
  return body;
}

export function batchError(
  category: string,
  message: string,
  context?: Record<string, string[]>,
): Record<string, unknown> {
  return { status: 'error', category, message, context: context ?? {} };
}

/** Record-rule options of this request: write validation only where the version enforces it. */
export function rules(ctx: ApiContext, creating: boolean): RuleOptions {
  return { creating, writeValidation: ctx.traits.writeValidation };
}

/** A batch input's `objectWriteTraceId`, when it has a usable one. */
export function traceIdOf(input: Record<string, unknown>): string | undefined {
  const v = input.objectWriteTraceId;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Dated versions: when every input of a batch create/update carries an objectWriteTraceId, inputs fail
 * one by one (207) instead of failing the whole batch.
 */
export function perInputFailures(ctx: ApiContext, inputs: Array<Record<string, unknown>>): boolean {
  return (
    ctx.traits.writeTraceMultiStatus && inputs.length > 0 && inputs.every((i) => traceIdOf(i) !== undefined)
  );
}

/** One failed input of a batch, HubSpot's StandardError shape. */
export function inputError(err: ApiError, context: Record<string, string[]>): Record<string, unknown> {
  const extraContext = (err.extra.context as Record<string, string[]> | undefined) ?? {};
  const out: Record<string, unknown> = {
    status: 'error',
    category: err.category,
    message: err.message,
    context: { ...extraContext, ...context },
  };
  if (Array.isArray(err.extra.errors)) out.errors = err.extra.errors;
  return out;
}
