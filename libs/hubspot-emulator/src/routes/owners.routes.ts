import { notFound, validationError } from '../http/api-error';
import { ApiContext, json, RouteTable } from '../http/route-table';
import { toApiOwner } from '../store/owner-store';
import { intParam } from './route-helpers';

const BASES = ['/crm/v3/owners', '/crm/owners/:version'];
const OWNERS = { scopes: { family: 'owners' } } as const;

/** Owners API: the account's users, paged, filterable by email; by id or by user id. */
export function registerOwnerRoutes(t: RouteTable): void {
  t.api('GET', BASES, list, OWNERS);
  t.api(
    'GET',
    BASES.map((b) => `${b}/:ownerId`),
    read,
    OWNERS,
  );
}

function list(ctx: ApiContext) {
  const limit = intParam(ctx, 'limit', 100, 500);
  const archived = ctx.query.get('archived') === 'true';
  const email = ctx.query.get('email');
  const after = ctx.query.get('after');
  if (after !== null && !/^\d+$/.test(after)) throw validationError(`Invalid after value: ${after}`);
  const all = ctx.portal.data.owners
    .list(archived)
    .filter((o) => !email || o.email === email.trim().toLowerCase())
    .filter((o) => after === null || Number(o.id) >= Number(after));
  const body: Record<string, unknown> = { results: all.slice(0, limit).map(toApiOwner) };
  const next = all[limit];
  if (next) body.paging = { next: { after: next.id, link: `${ctx.path}?after=${next.id}` } };
  return json(200, body);
}

function read(ctx: ApiContext) {
  const idProperty = ctx.query.get('idProperty') ?? 'id';
  if (idProperty !== 'id' && idProperty !== 'userId')
    throw validationError(`idProperty must be id or userId, got ${idProperty}`);
  const archived = ctx.query.get('archived') === 'true';
  const raw = ctx.params.ownerId;
  const owner =
    idProperty === 'userId' ? ctx.portal.data.owners.byUserId(Number(raw)) : ctx.portal.data.owners.get(raw);
  if (!owner || owner.archived !== archived) throw notFound(`Owner ${raw} not found`);
  return json(200, toApiOwner(owner));
}
