import { validationError } from '../http/api-error';
import { ApiContext, json, noContent, RouteTable } from '../http/route-table';
import { associate, dissociate, missingObjectError, objectExists } from '../store/association-service';
import { AssociationType } from '../store/association-types';
import { ObjectTypeDef } from '../store/object-types';
import { toApiObject } from '../store/serialize';
import { assocScope, pairTypes } from './association-helpers';
import { ASSOC_READ, ASSOC_WRITE } from './associations-v4.routes';
import { batchEnvelope, batchInputs, resolveType } from './route-helpers';

const OBJ = '/crm/v3/objects/:fromType/:fromId/associations/:toType';
const BATCH = '/crm/v3/associations/:fromType/:toType/batch';

export function registerAssociationV3Routes(t: RouteTable): void {
  t.api('PUT', `${OBJ}/:toId/:associationType`, put, ASSOC_WRITE);
  t.api('DELETE', `${OBJ}/:toId/:associationType`, remove, ASSOC_WRITE);
  t.api('GET', OBJ, list, ASSOC_READ);
  t.api('POST', `${BATCH}/create`, batchCreate, ASSOC_WRITE);
  t.api('POST', `${BATCH}/read`, batchRead, ASSOC_READ);
  t.api('POST', `${BATCH}/archive`, batchArchive, ASSOC_WRITE);
}

function typeByName(ctx: ApiContext, from: ObjectTypeDef, to: ObjectTypeDef, name: string): AssociationType {
  const t = ctx.portal.data.associationTypes.byName(from.objectTypeId, to.objectTypeId, name);
  if (!t)
    throw validationError(`${name} is not a valid association type between ${from.name} and ${to.name}`);
  return t;
}

/** v3 "to" entries: one `{id, type}` per association type between the pair. */
function v3Targets(ctx: ApiContext, from: ObjectTypeDef, fromId: string, to: ObjectTypeDef) {
  const registry = ctx.portal.data.associationTypes;
  return ctx.portal.data.associations
    .list(from.objectTypeId, fromId, to.objectTypeId)
    .filter((e) => objectExists(ctx.portal, to, e.toId))
    .flatMap((e) =>
      e.specs.map((s) => ({
        id: e.toId,
        type:
          registry.find(from.objectTypeId, to.objectTypeId, s.category, s.typeId)?.name ?? String(s.typeId),
      })),
    );
}

function put(ctx: ApiContext) {
  const [from, to] = pairTypes(ctx);
  const t = typeByName(ctx, from, to, ctx.params.associationType);
  associate(assocScope(ctx), from, ctx.params.fromId, to, ctx.params.toId, [t]);
  const obj = ctx.portal.data.store(from).get(ctx.params.fromId)!;
  const out = toApiObject(obj, from, ctx.portal.data.properties, undefined);
  return json(200, { ...out, associations: { [to.name]: { results: v3Targets(ctx, from, obj.id, to) } } });
}

function remove(ctx: ApiContext) {
  const [from, to] = pairTypes(ctx);
  const t = typeByName(ctx, from, to, ctx.params.associationType);
  dissociate(assocScope(ctx), from, ctx.params.fromId, to, ctx.params.toId, [t]);
  return noContent();
}

function list(ctx: ApiContext) {
  const [from, to] = pairTypes(ctx);
  if (!objectExists(ctx.portal, from, ctx.params.fromId)) throw missingObjectError(from, ctx.params.fromId);
  return json(200, { results: v3Targets(ctx, from, ctx.params.fromId, to) });
}

function batchCreate(ctx: ApiContext) {
  const [from, to] = pairTypes(ctx);
  const results = batchInputs(ctx).map((input) => {
    const fromId = String((input.from as { id?: unknown })?.id ?? '');
    const toId = String((input.to as { id?: unknown })?.id ?? '');
    associate(assocScope(ctx), from, fromId, to, toId, [typeByName(ctx, from, to, String(input.type ?? ''))]);
    return { from: { id: fromId }, to: [{ id: toId, type: String(input.type) }] };
  });
  return json(201, batchEnvelope(ctx, results));
}

function batchRead(ctx: ApiContext) {
  const from = resolveType(ctx, ctx.params.fromType);
  const to = resolveType(ctx, ctx.params.toType);
  const results = batchInputs(ctx)
    .map((input) => String(input.id ?? ''))
    .map((id) => ({ from: { id }, to: v3Targets(ctx, from, id, to) }))
    .filter((r) => r.to.length > 0);
  return json(200, batchEnvelope(ctx, results));
}

function batchArchive(ctx: ApiContext) {
  const [from, to] = pairTypes(ctx);
  for (const input of batchInputs(ctx)) {
    const fromId = String((input.from as { id?: unknown })?.id ?? '');
    const toId = String((input.to as { id?: unknown })?.id ?? '');
    dissociate(assocScope(ctx), from, fromId, to, toId, [
      typeByName(ctx, from, to, String(input.type ?? '')),
    ]);
  }
  return noContent();
}
