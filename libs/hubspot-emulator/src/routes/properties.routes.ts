import { PropertyInput } from '../emulator.options';
import { ApiError, notFound, validationError } from '../http/api-error';
import { ApiContext, json, noContent, RouteTable } from '../http/route-table';
import { toApiProperty } from '../store/property-registry';
import { batchEnvelope, batchInputs, bodyObject, resolveType } from './route-helpers';

const BASES = ['/crm/v3/properties/:objectType', '/crm/properties/:version/:objectType'];
const at = (suffix: string): string[] => BASES.map((b) => `${b}${suffix}`);
const READ = { scopes: { family: 'properties', access: 'read' } } as const;
const WRITE = { scopes: { family: 'properties', access: 'write' } } as const;
const TYPES = new Set(['string', 'number', 'date', 'datetime', 'enumeration', 'bool', 'phone_number']);

export function registerPropertyRoutes(t: RouteTable): void {
  t.api('GET', at(''), listProperties, READ);
  t.api('POST', at(''), (ctx) => json(201, createOne(ctx, bodyObject(ctx))), WRITE);
  t.api(
    'POST',
    at('/batch/create'),
    (ctx) =>
      json(
        201,
        batchEnvelope(
          ctx,
          batchInputs(ctx).map((i) => createOne(ctx, i)),
        ),
      ),
    WRITE,
  );
  t.api('POST', at('/batch/read'), batchRead, READ);
  t.api('GET', at('/groups'), groups, READ);
  t.api('GET', at('/:propertyName'), readProperty, READ);
  t.api('PATCH', at('/:propertyName'), updateProperty, WRITE);
  t.api('DELETE', at('/:propertyName'), deleteProperty, WRITE);
}

function listProperties(ctx: ApiContext) {
  const type = resolveType(ctx);
  return json(200, { results: ctx.portal.data.properties.list(type).map((d) => toApiProperty(d, type)) });
}

function batchRead(ctx: ApiContext) {
  const type = resolveType(ctx);
  const results = batchInputs(ctx)
    .map((i) => ctx.portal.data.properties.get(type, String(i.name ?? '')))
    .filter((d) => !!d)
    .map((d) => toApiProperty(d!, type));
  return json(200, batchEnvelope(ctx, results));
}

function groups(ctx: ApiContext) {
  const type = resolveType(ctx);
  const names = [...new Set(ctx.portal.data.properties.list(type).map((d) => d.groupName))];
  return json(200, {
    results: names.map((name, i) => ({ name, label: name, displayOrder: i, archived: false })),
  });
}

function readProperty(ctx: ApiContext) {
  const type = resolveType(ctx);
  const def = ctx.portal.data.properties.get(type, ctx.params.propertyName);
  if (!def) throw notFound(`Unable to find property ${ctx.params.propertyName}`);
  return json(200, toApiProperty(def, type));
}

function updateProperty(ctx: ApiContext) {
  const type = resolveType(ctx);
  const def = ctx.portal.data.properties.update(
    type,
    ctx.params.propertyName,
    bodyObject(ctx) as Partial<PropertyInput>,
  );
  if (!def) throw notFound(`Unable to find property ${ctx.params.propertyName}`);
  return json(200, toApiProperty(def, type));
}

function deleteProperty(ctx: ApiContext) {
  const type = resolveType(ctx);
  if (!ctx.portal.data.properties.remove(type, ctx.params.propertyName)) {
    throw notFound(`Unable to find property ${ctx.params.propertyName}`);
  }
  return noContent();
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
