import { notFound, validationError } from '../http/api-error';
import { ApiContext, json, noContent, RouteTable } from '../http/route-table';
import { associate, dissociate, missingObjectError, objectExists } from '../store/association-service';
import { batchEnvelope, bodyObject, intParam } from './route-helpers';
import {
  assocScope,
  associatedFrom,
  defaultAssociationResults,
  labelsBetween,
  pairTypes,
  parseSpecs,
} from './association-helpers';

const OBJ = '/crm/v4/objects/:fromType/:fromId/associations';

export function registerAssociationV4Routes(t: RouteTable): void {
  t.api('PUT', `${OBJ}/default/:toType/:toId`, putDefault, 'associations');
  t.api('PUT', `${OBJ}/:toType/:toId`, putLabelled, 'associations');
  t.api('DELETE', `${OBJ}/:toType/:toId`, remove, 'associations');
  t.api('GET', `${OBJ}/:toType`, list, 'associations');
  t.api('GET', '/crm/v4/associations/:fromType/:toType/labels', labels, 'associations');
  t.api('POST', '/crm/v4/associations/:fromType/:toType/labels', createLabel, 'associations');
  t.api('DELETE', '/crm/v4/associations/:fromType/:toType/labels/:typeId', deleteLabel, 'associations');
}

function putDefault(ctx: ApiContext) {
  const [from, to] = pairTypes(ctx);
  const { fromId, toId } = ctx.params;
  const t = ctx.portal.data.associationTypes.defaultFor(from.objectTypeId, to.objectTypeId);
  associate(assocScope(ctx), from, fromId, to, toId, [t]);
  return json(200, batchEnvelope(ctx, defaultAssociationResults(ctx, from, fromId, to, toId)));
}

function putLabelled(ctx: ApiContext) {
  const [from, to] = pairTypes(ctx);
  const { fromId, toId } = ctx.params;
  const types = parseSpecs(ctx, from, to, ctx.body);
  associate(assocScope(ctx), from, fromId, to, toId, types);
  return json(201, labelsBetween(ctx, from, fromId, to, toId));
}

function remove(ctx: ApiContext) {
  const [from, to] = pairTypes(ctx);
  dissociate(assocScope(ctx), from, ctx.params.fromId, to, ctx.params.toId);
  return noContent();
}

function list(ctx: ApiContext) {
  const [from, to] = pairTypes(ctx);
  if (!objectExists(ctx.portal, from, ctx.params.fromId)) throw missingObjectError(from, ctx.params.fromId);
  const limit = intParam(ctx, 'limit', 500, 500);
  const all = associatedFrom(ctx, from, ctx.params.fromId, to);
  const after = ctx.query.get('after');
  const start = after ? all.findIndex((e) => e.toObjectId >= Number(after)) : 0;
  const page = start < 0 ? [] : all.slice(start, start + limit);
  const body: Record<string, unknown> = { results: page };
  const next = start < 0 ? undefined : all[start + limit];
  if (next)
    body.paging = { next: { after: String(next.toObjectId), link: `${ctx.path}?after=${next.toObjectId}` } };
  return json(200, body);
}

function labels(ctx: ApiContext) {
  const [from, to] = pairTypes(ctx);
  const results = ctx.portal.data.associationTypes
    .forPair(from.objectTypeId, to.objectTypeId)
    .map((t) => ({ category: t.category, typeId: t.typeId, label: t.label }));
  return json(200, { results });
}

function createLabel(ctx: ApiContext) {
  const [from, to] = pairTypes(ctx);
  const body = bodyObject(ctx);
  const label = String(body.label ?? '');
  if (!label) throw validationError('label is required');
  const t = ctx.portal.data.associationTypes.createLabel(
    from.objectTypeId,
    to.objectTypeId,
    label,
    body.name as string | undefined,
  );
  const inv = ctx.portal.data.associationTypes.inverse(t);
  const results = [t, inv].map((x) => ({ category: x.category, typeId: x.typeId, label: x.label }));
  return json(200, { results });
}

function deleteLabel(ctx: ApiContext) {
  const [from, to] = pairTypes(ctx);
  if (
    !ctx.portal.data.associationTypes.removeLabel(
      from.objectTypeId,
      to.objectTypeId,
      Number(ctx.params.typeId),
    )
  ) {
    throw notFound(`No label ${ctx.params.typeId}`);
  }
  return noContent();
}
