import { ApiError } from '../http/api-error';
import { ApiContext, json, noContent, RouteTable } from '../http/route-table';
import { associate, dissociate, objectExists } from '../store/association-service';
import { batchEnvelope, batchError, batchInputs } from './route-helpers';
import {
  assocScope,
  associatedFrom,
  defaultAssociationResults,
  labelsBetween,
  pairTypes,
  parseSpecs,
} from './association-helpers';
import { ASSOC_READ, ASSOC_WRITE, PAIR } from './associations-v4.routes';

const batch = (op: string): string[] => PAIR.map((b) => `${b}/batch/${op}`);

export function registerAssociationV4BatchRoutes(t: RouteTable): void {
  t.api('POST', batch('associate/default'), associateDefault, ASSOC_WRITE);
  t.api('POST', batch('create'), create, ASSOC_WRITE);
  t.api('POST', batch('read'), read, ASSOC_READ);
  t.api('POST', batch('archive'), archive, ASSOC_WRITE);
  t.api('POST', batch('labels/archive'), archiveLabels, ASSOC_WRITE);
}

/** v4 answers archive calls with 204; the dated versions with 200 and an empty batch body. */
function archived(ctx: ApiContext) {
  return ctx.traits.associationArchiveAnswersBody ? json(200, batchEnvelope(ctx, [])) : noContent();
}

const idOf = (v: unknown): string => String((v as { id?: unknown } | undefined)?.id ?? '');

/** Runs one input; ApiErrors become per-input errors of a 207. */
function each<T>(inputs: Array<Record<string, unknown>>, fn: (input: Record<string, unknown>) => T[]) {
  const results: T[] = [];
  const errors: unknown[] = [];
  for (const input of inputs) {
    try {
      results.push(...fn(input));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      errors.push({
        ...batchError(err.category, err.message, (err.extra.context as Record<string, string[]>) ?? {}),
      });
    }
  }
  return { results, errors };
}

function associateDefault(ctx: ApiContext) {
  const [from, to] = pairTypes(ctx);
  const t = ctx.portal.data.associationTypes.defaultFor(from.objectTypeId, to.objectTypeId);
  const { results, errors } = each(batchInputs(ctx, 2000), (input) => {
    const fromId = idOf(input.from);
    const toId = idOf(input.to);
    associate(assocScope(ctx), from, fromId, to, toId, [t]);
    return defaultAssociationResults(ctx, from, fromId, to, toId);
  });
  return json(errors.length ? 207 : 200, batchEnvelope(ctx, results, errors));
}

function create(ctx: ApiContext) {
  const [from, to] = pairTypes(ctx);
  const { results, errors } = each(batchInputs(ctx, 2000), (input) => {
    const fromId = idOf(input.from);
    const toId = idOf(input.to);
    associate(assocScope(ctx), from, fromId, to, toId, parseSpecs(ctx, from, to, input.types));
    return [labelsBetween(ctx, from, fromId, to, toId)];
  });
  return json(errors.length ? 207 : 201, batchEnvelope(ctx, results, errors));
}

function read(ctx: ApiContext) {
  const [from, to] = pairTypes(ctx);
  const { results, errors } = each(batchInputs(ctx, 1000), (input) => {
    const fromId = String(input.id ?? '');
    const associated = objectExists(ctx.portal, from, fromId) ? associatedFrom(ctx, from, fromId, to) : [];
    if (associated.length === 0) {
      throw new ApiError(
        404,
        'OBJECT_NOT_FOUND',
        `No ${to.singular} is associated with ${from.singular} ${fromId}.`,
        {
          subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
          context: { fromObjectId: [fromId] },
        },
      );
    }
    return [{ from: { id: fromId }, to: associated }];
  });
  const body = batchEnvelope(ctx, results, errors);
  if (Array.isArray(body.errors)) {
    body.errors = (body.errors as Array<Record<string, unknown>>).map((e) => ({
      ...e,
      subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
    }));
  }
  return json(errors.length ? 207 : 200, body);
}

function archive(ctx: ApiContext) {
  const [from, to] = pairTypes(ctx);
  for (const input of batchInputs(ctx, 2000)) {
    const targets = Array.isArray(input.to) ? input.to : [input.to];
    for (const target of targets) dissociate(assocScope(ctx), from, idOf(input.from), to, idOf(target));
  }
  return archived(ctx);
}

function archiveLabels(ctx: ApiContext) {
  const [from, to] = pairTypes(ctx);
  for (const input of batchInputs(ctx, 2000)) {
    dissociate(
      assocScope(ctx),
      from,
      idOf(input.from),
      to,
      idOf(input.to),
      parseSpecs(ctx, from, to, input.types),
    );
  }
  return archived(ctx);
}
