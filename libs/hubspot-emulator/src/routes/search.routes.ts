import { validationError } from '../http/api-error';
import { ApiContext, json, RouteTable } from '../http/route-table';
import { objectExists } from '../store/association-service';
import { checkFilter, Filter, matches, sortValue } from '../store/search-filters';
import { searchView } from '../store/search-index';
import { toApiObject } from '../store/serialize';
import { SearchView, StoredObject } from '../store/type-store';
import { OBJECT_BASES } from './objects.routes';
import { bodyObject, resolveType } from './route-helpers';

const MAX_RESULTS = 10_000;

export function registerSearchRoutes(t: RouteTable): void {
  t.api(
    'POST',
    OBJECT_BASES.map((b) => `${b}/search`),
    search,
    { bucket: 'search', scopes: { family: 'objects', access: 'read' } },
  );
}

function parseSort(raw: unknown): { propertyName: string; descending: boolean } | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const s = raw[0] as unknown;
  if (typeof s === 'string') return { propertyName: s.replace(/^-/, ''), descending: s.startsWith('-') };
  const o = s as { propertyName?: string; direction?: string };
  if (!o || typeof o.propertyName !== 'string') throw validationError('Invalid sort');
  return { propertyName: o.propertyName, descending: o.direction === 'DESCENDING' };
}

function search(ctx: ApiContext) {
  const type = resolveType(ctx);
  const body = bodyObject(ctx);
  const groups = (Array.isArray(body.filterGroups) ? body.filterGroups : []) as Array<{ filters?: Filter[] }>;
  if (groups.length > 5) throw validationError('Too many filter groups: the maximum is 5');
  let total = 0;
  for (const g of groups) {
    const filters = g?.filters ?? [];
    if (filters.length > 6) throw validationError('Too many filters in a filter group: the maximum is 6');
    total += filters.length;
    filters.forEach(checkFilter);
  }
  if (total > 18) throw validationError('Too many filters: the maximum is 18 across all groups');
  const limit = body.limit === undefined ? 10 : Number(body.limit);
  if (!Number.isInteger(limit) || limit < 0 || limit > 200)
    throw validationError('limit must be between 0 and 200');
  const offset =
    body.after === undefined || body.after === null || body.after === '' ? 0 : Number(body.after);
  if (!Number.isInteger(offset) || offset < 0)
    throw validationError(`Invalid after value: ${String(body.after)}`);
  if (offset + limit > MAX_RESULTS) {
    throw validationError(
      `Paging past ${MAX_RESULTS} results is not supported: after (${offset}) + limit (${limit}) exceeds ${MAX_RESULTS}.`,
    );
  }
  const sort = parseSort(body.sorts);
  const query = typeof body.query === 'string' ? body.query.trim().toLowerCase() : '';
  const defs = ctx.portal.data.properties.forType(type);
  const hits: Array<{ obj: StoredObject; view: SearchView }> = [];
  for (const obj of ctx.portal.data.store(type).byId.values()) {
    const view = searchView(obj, ctx.now);
    if (!view || view.archived) continue;
    if (query && !Object.values(view.properties).some((v) => v.toLowerCase().includes(query))) continue;
    if (
      groups.length > 0 &&
      !groups.some((g) => (g?.filters ?? []).every((f) => test(ctx, type.objectTypeId, obj.id, view, f)))
    )
      continue;
    hits.push({ obj, view });
  }
  if (sort) {
    const def = defs.get(sort.propertyName);
    hits.sort((a, b) => {
      const c = sortValue(a.view.properties[sort.propertyName], b.view.properties[sort.propertyName], def);
      return (sort.descending ? -c : c) || Number(a.obj.id) - Number(b.obj.id);
    });
  }
  const requested =
    Array.isArray(body.properties) && body.properties.length > 0 ? body.properties.map(String) : undefined;
  const page = hits.slice(offset, offset + limit);
  const results = page.map(({ obj, view }) => {
    const out = toApiObject(obj, type, ctx.portal.data.properties, requested, view.properties);
    out.updatedAt = new Date(view.updatedAt).toISOString();
    return out;
  });
  const out: Record<string, unknown> = { total: hits.length, results };
  const next = offset + limit;
  if (limit > 0 && next < hits.length && next < MAX_RESULTS) out.paging = { next: { after: String(next) } };
  return json(200, out);
}

function test(ctx: ApiContext, typeId: string, id: string, view: SearchView, f: Filter): boolean {
  if (f.propertyName.startsWith('associations.')) {
    const other = ctx.portal.data.resolveType(f.propertyName.slice('associations.'.length));
    if (!other) return false;
    const ids = ctx.portal.data.associations
      .list(typeId, id, other.objectTypeId)
      .filter((e) => objectExists(ctx.portal, other, e.toId))
      .map((e) => e.toId);
    if (f.operator === 'EQ') return ids.includes(String(f.value));
    if (f.operator === 'IN') return (f.values ?? []).some((v) => ids.includes(String(v)));
    if (f.operator === 'HAS_PROPERTY') return ids.length > 0;
    if (f.operator === 'NOT_HAS_PROPERTY') return ids.length === 0;
    return false;
  }
  const def = ctx.portal.data.properties.forType(ctx.portal.data.resolveType(typeId)!).get(f.propertyName);
  return matches(f, view.properties[f.propertyName], def);
}
