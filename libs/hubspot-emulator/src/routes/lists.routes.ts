import { ApiError, notFound, validationError } from '../http/api-error';
import { ApiContext, json, noContent, RouteTable } from '../http/route-table';
import { objectExists } from '../store/association-service';
import { StoredList, toApiList } from '../store/list-store';
import { bodyObject, intParam } from './route-helpers';

const BASES = ['/crm/v3/lists', '/crm/lists/:version'];
const at = (suffix: string): string[] => BASES.map((b) => `${b}${suffix}`);
const READ = { scopes: { family: 'lists', access: 'read' } } as const;
const CREATE = { scopes: { family: 'lists', access: 'create' } } as const;
const WRITE = { scopes: { family: 'lists', access: 'write' } } as const;

export function registerListRoutes(t: RouteTable): void {
  t.api('POST', at(''), create, CREATE);
  t.api('GET', at('/:listId'), (ctx) => json(200, { list: toApiList(findList(ctx)) }), READ);
  t.api(
    'DELETE',
    at('/:listId'),
    (ctx) => {
      findList(ctx);
      ctx.portal.data.lists.remove(ctx.params.listId);
      return noContent();
    },
    WRITE,
  );
  t.api(
    'GET',
    at('/object-type-id/:objectTypeId/name/:listName'),
    (ctx) => {
      const list = ctx.portal.data.lists.byName(ctx.params.objectTypeId, ctx.params.listName);
      if (!list) throw notFound(`List ${ctx.params.listName} does not exist`);
      return json(200, { list: toApiList(list) });
    },
    READ,
  );
  t.api('PUT', at('/:listId/memberships/add'), (ctx) => change(ctx, ids(ctx.body), []), WRITE);
  t.api('PUT', at('/:listId/memberships/remove'), (ctx) => change(ctx, [], ids(ctx.body)), WRITE);
  t.api(
    'PUT',
    at('/:listId/memberships/add-and-remove'),
    (ctx) => {
      const body = bodyObject(ctx);
      return change(ctx, ids(body.recordIdsToAdd ?? []), ids(body.recordIdsToRemove ?? []));
    },
    WRITE,
  );
  t.api('GET', at('/:listId/memberships'), memberships, READ);
}

function ids(raw: unknown): string[] {
  if (!Array.isArray(raw)) throw validationError('Expected an array of record ids');
  return raw.map((v) => String(v));
}

function findList(ctx: ApiContext): StoredList {
  const list = ctx.portal.data.lists.get(ctx.params.listId);
  if (!list) throw notFound(`List ${ctx.params.listId} does not exist`);
  return list;
}

function create(ctx: ApiContext) {
  const body = bodyObject(ctx);
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  const objectTypeId = String(body.objectTypeId ?? '');
  const processingType = String(body.processingType ?? '');
  if (!name) throw validationError('name is required');
  const type = ctx.portal.data.resolveType(objectTypeId);
  if (!type) throw validationError(`Unknown objectTypeId ${objectTypeId}`);
  if (!['MANUAL', 'DYNAMIC', 'SNAPSHOT'].includes(processingType))
    throw validationError('processingType must be MANUAL, DYNAMIC or SNAPSHOT');
  if (ctx.portal.data.lists.byName(type.objectTypeId, name)) {
    throw new ApiError(400, 'VALIDATION_ERROR', `A list named ${name} already exists`);
  }
  const list = ctx.portal.data.lists.create(name, type.objectTypeId, processingType, ctx.now);
  return json(200, { list: toApiList(list) });
}

function change(ctx: ApiContext, add: string[], remove: string[]) {
  const list = findList(ctx);
  if (list.processingType !== 'MANUAL' && list.processingType !== 'SNAPSHOT') {
    throw validationError(
      `List ${list.listId} is not a MANUAL list; its memberships cannot be changed by hand`,
    );
  }
  const type = ctx.portal.data.resolveType(list.objectTypeId)!;
  const added: string[] = [];
  const removed: string[] = [];
  const missing: string[] = [];
  for (const id of add) {
    if (!objectExists(ctx.portal, type, id)) missing.push(id);
    else if (!list.members.has(id)) {
      list.members.set(id, ctx.now);
      added.push(id);
    }
  }
  for (const id of remove) {
    if (!objectExists(ctx.portal, type, id)) missing.push(id);
    else if (list.members.delete(id)) removed.push(id);
  }
  if (added.length || removed.length) {
    list.updatedAt = ctx.now;
    list.listVersion++;
  }
  return json(200, { recordsIdsAdded: added, recordIdsRemoved: removed, recordIdsMissing: missing });
}

function memberships(ctx: ApiContext) {
  const list = findList(ctx);
  const limit = intParam(ctx, 'limit', 100, 250);
  const all = [...list.members.entries()].sort((a, b) => Number(a[0]) - Number(b[0]));
  const after = ctx.query.get('after');
  const start = after ? Number(after) : 0;
  const page = all
    .slice(start, start + limit)
    .map(([recordId, ts]) => ({ recordId, membershipTimestamp: new Date(ts).toISOString() }));
  const body: Record<string, unknown> = { results: page };
  if (start + limit < all.length) body.paging = { next: { after: String(start + limit) } };
  return json(200, body);
}
