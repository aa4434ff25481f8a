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

/** Per-record association paths: v4 and the dated ones (which live under the objects API). */
const OBJ = [
  '/crm/v4/objects/:fromType/:fromId/associations',
  '/crm/objects/:version/:fromType/:fromId/associations',
];
/** Batch and label paths: v4 and dated. */
export const PAIR = [
  '/crm/v4/associations/:fromType/:toType',
  '/crm/associations/:version/:fromType/:toType',
];
const obj = (suffix: string): string[] => OBJ.map((b) => `${b}${suffix}`);
const pair = (suffix: string): string[] => PAIR.map((b) => `${b}${suffix}`);
export const ASSOC_READ = {
  bucket: 'associations',
  scopes: { family: 'associations', access: 'read' },
} as const;
export const ASSOC_WRITE = {
  bucket: 'associations',
  scopes: { family: 'associations', access: 'write' },
} as const;

export function registerAssociationV4Routes(t: RouteTable): void {
  t.api('PUT', obj('/default/:toType/:toId'), putDefault, ASSOC_WRITE);
  t.api('PUT', obj('/:toType/:toId'), putLabelled, ASSOC_WRITE);
  t.api('DELETE', obj('/:toType/:toId'), remove, ASSOC_WRITE);
  t.api('GET', obj('/:toType'), list, ASSOC_READ);
  t.api('GET', pair('/labels'), labels, ASSOC_READ);
  t.api('POST', pair('/labels'), createLabel, ASSOC_WRITE);
  t.api('PUT', pair('/labels'), updateLabel, ASSOC_WRITE);
  t.api('DELETE', pair('/labels/:typeId'), deleteLabel, ASSOC_WRITE);
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
  const start = after ? all.findIndex((e) => Number(e.toObjectId) >= Number(after)) : 0;
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

/** PUT labels `{associationTypeId, label, inverseLabel?}`: renames a USER_DEFINED label; 204. */
function updateLabel(ctx: ApiContext) {
  const [from, to] = pairTypes(ctx);
  const body = bodyObject(ctx);
  const label = String(body.label ?? '');
  if (!label) throw validationError('label is required');
  const registry = ctx.portal.data.associationTypes;
  const t = registry.find(from.objectTypeId, to.objectTypeId, 'USER_DEFINED', Number(body.associationTypeId));
  if (!t) throw notFound(`No label ${String(body.associationTypeId)}`);
  t.label = label;
  const inv = registry.inverse(t);
  if (inv !== t)
    inv.label = typeof body.inverseLabel === 'string' && body.inverseLabel ? body.inverseLabel : label;
  return noContent();
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
