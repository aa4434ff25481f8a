import { PropertyInput } from '../emulator.options';
import { ApiError, notFound, validationError } from '../http/api-error';
import { ApiContext, json, noContent, RouteTable } from '../http/route-table';
import { toApiProperty } from '../store/property-registry';
import { batchEnvelope, batchInputs, bodyObject, resolveType } from './route-helpers';

const BASE = '/crm/v3/properties/:objectType';
const TYPES = new Set(['string', 'number', 'date', 'datetime', 'enumeration', 'bool', 'phone_number']);

export function registerPropertyRoutes(t: RouteTable): void {
  t.api('GET', BASE, (ctx) => {
    const type = resolveType(ctx);
    return json(200, { results: ctx.portal.data.properties.list(type).map((d) => toApiProperty(d, type)) });
  });
  t.api('POST', BASE, (ctx) => json(201, createOne(ctx, bodyObject(ctx))));
  t.api('POST', `${BASE}/batch/create`, (ctx) =>
    json(
      201,
      batchEnvelope(
        ctx,
        batchInputs(ctx).map((i) => createOne(ctx, i)),
      ),
    ),
  );
  t.api('POST', `${BASE}/batch/read`, (ctx) => {
    const type = resolveType(ctx);
    const results = batchInputs(ctx)
      .map((i) => ctx.portal.data.properties.get(type, String(i.name ?? '')))
      .filter((d) => !!d)
      .map((d) => toApiProperty(d!, type));
    return json(200, batchEnvelope(ctx, results));
  });
  t.api('GET', `${BASE}/groups`, (ctx) => {
    const type = resolveType(ctx);
    const names = [...new Set(ctx.portal.data.properties.list(type).map((d) => d.groupName))];
    return json(200, {
      results: names.map((name, i) => ({ name, label: name, displayOrder: i, archived: false })),
    });
  });
  t.api('GET', `${BASE}/:propertyName`, (ctx) => {
    const type = resolveType(ctx);
    const def = ctx.portal.data.properties.get(type, ctx.params.propertyName);
    if (!def) throw notFound(`Unable to find property ${ctx.params.propertyName}`);
    return json(200, toApiProperty(def, type));
  });
  t.api('PATCH', `${BASE}/:propertyName`, (ctx) => {
    const type = resolveType(ctx);
    const def = ctx.portal.data.properties.update(
      type,
      ctx.params.propertyName,
      bodyObject(ctx) as Partial<PropertyInput>,
    );
    if (!def) throw notFound(`Unable to find property ${ctx.params.propertyName}`);
    return json(200, toApiProperty(def, type));
  });
  t.api('DELETE', `${BASE}/:propertyName`, (ctx) => {
    const type = resolveType(ctx);
    if (!ctx.portal.data.properties.remove(type, ctx.params.propertyName)) {
      throw notFound(`Unable to find property ${ctx.params.propertyName}`);
    }
    return noContent();
  });
}

function createOne(ctx: ApiContext, body: Record<string, unknown>): Record<string, unknown> {
  const type = resolveType(ctx);
  const name = body.name;
  if (typeof name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(name)) {
    throw validationError(
      `Property name must start with a lowercase letter and contain only a-z, 0-9 and _ (got ${String(name)})`,
    );
  }
  for (const field of ['label', 'type', 'fieldType', 'groupName']) {
    if (typeof body[field] !== 'string' || body[field] === '')
      throw validationError(`Property ${field} is required`);
  }
  if (!TYPES.has(String(body.type))) throw validationError(`Invalid property type ${String(body.type)}`);
  const def = ctx.portal.data.properties.create(type, body as unknown as PropertyInput);
  if (!def) throw new ApiError(409, 'OBJECT_ALREADY_EXISTS', `Property named '${name}' already exists.`);
  return toApiProperty(def, type);
}
