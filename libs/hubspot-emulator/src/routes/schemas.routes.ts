import { PropertyInput } from '../emulator.options';
import { ApiError, notFound, validationError } from '../http/api-error';
import { ApiContext, json, noContent, RouteTable } from '../http/route-table';
import { ObjectTypeDef } from '../store/object-types';
import { toApiProperty } from '../store/property-registry';
import { CustomSchema } from '../store/schema-registry';
import { bodyObject } from './route-helpers';

const BASES = ['/crm/v3/schemas', '/crm-object-schemas/:version/schemas'];
const at = (suffix: string): string[] => BASES.map((b) => `${b}${suffix}`);
const READ = { scopes: { family: 'schemas', access: 'read' } } as const;
const WRITE = { scopes: { family: 'schemas', access: 'write' } } as const;

export function registerSchemaRoutes(t: RouteTable): void {
  t.api(
    'GET',
    at(''),
    (ctx) => json(200, { results: ctx.portal.data.schemas.list().map((s) => render(ctx, s)) }),
    READ,
  );
  t.api('POST', at(''), create, WRITE);
  t.api('GET', at('/:objectType'), (ctx) => json(200, render(ctx, find(ctx))), READ);
  t.api('DELETE', at('/:objectType'), remove, WRITE);
  t.api('POST', at('/:objectType/associations'), createAssociation, WRITE);
}

function remove(ctx: ApiContext) {
  const schema = find(ctx);
  if (
    ctx.portal.data
      .store(schema.def)
      .all()
      .some((o) => !o.archived)
  ) {
    throw validationError(`Object type ${schema.def.name} still has records; archive them first`);
  }
  ctx.portal.data.schemas.remove(schema.def.objectTypeId);
  return noContent();
}

function createAssociation(ctx: ApiContext) {
  const schema = find(ctx);
  const body = bodyObject(ctx);
  const to = ctx.portal.data.resolveType(String(body.toObjectTypeId ?? ''));
  if (!to) throw validationError(`Unknown toObjectTypeId ${String(body.toObjectTypeId)}`);
  const t = ctx.portal.data.associationTypes.defaultFor(schema.def.objectTypeId, to.objectTypeId);
  return json(201, {
    id: String(t.typeId),
    fromObjectTypeId: schema.def.objectTypeId,
    toObjectTypeId: to.objectTypeId,
    name: t.name,
  });
}

function find(ctx: ApiContext): CustomSchema {
  const schema = ctx.portal.data.schemas.get(ctx.params.objectType);
  if (!schema) throw notFound(`Unable to find object type ${ctx.params.objectType}`);
  return schema;
}

function create(ctx: ApiContext) {
  const body = bodyObject(ctx);
  const name = String(body.name ?? '');
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name))
    throw validationError('Schema name must start with a letter and contain only letters, digits and _');
  const labels = (body.labels ?? {}) as { singular?: string; plural?: string };
  if (!labels.singular || !labels.plural)
    throw validationError('labels.singular and labels.plural are required');
  const data = ctx.portal.data;
  if (data.resolveType(name))
    throw new ApiError(409, 'OBJECT_ALREADY_EXISTS', `Object type with name ${name} already exists`);
  const properties = (Array.isArray(body.properties) ? body.properties : []) as PropertyInput[];
  const primary =
    typeof body.primaryDisplayProperty === 'string' ? body.primaryDisplayProperty : properties[0]?.name;
  const objectTypeId = data.schemas.nextObjectTypeId();
  const fqn = `p${ctx.portal.id}_${name.toLowerCase()}`;
  const def: ObjectTypeDef = {
    objectTypeId,
    name: name.toLowerCase(),
    singular: name.toLowerCase(),
    label: name.toUpperCase(),
    defaultProperties: [
      ...new Set(['createdate', 'hs_lastmodifieddate', 'hs_object_id', ...(primary ? [primary] : [])]),
    ].sort(),
    modifiedProperty: 'hs_lastmodifieddate',
    aliases: [fqn, `p_${name.toLowerCase()}`, labels.singular.toLowerCase(), labels.plural.toLowerCase()],
    custom: true,
    uniqueEmail: false,
  };
  const now = new Date(ctx.now).toISOString();
  data.associationTypes.customNames.set(objectTypeId, def.singular);
  data.schemas.add({
    def,
    json: {
      id: objectTypeId.split('-')[1],
      objectTypeId,
      name: def.name,
      fullyQualifiedName: fqn,
      labels,
      primaryDisplayProperty: primary,
      requiredProperties: body.requiredProperties ?? [],
      searchableProperties: body.searchableProperties ?? [],
      secondaryDisplayProperties: body.secondaryDisplayProperties ?? [],
      createdAt: now,
      updatedAt: now,
      archived: false,
      metaType: 'PORTAL_SPECIFIC',
    },
  });
  for (const p of properties) {
    if (!p?.name) throw validationError('every schema property needs a name');
    data.properties.create(def, { ...p, groupName: p.groupName ?? `${def.singular}_information` });
  }
  const associated = (Array.isArray(body.associatedObjects) ? body.associatedObjects : []).map(String);
  for (const target of associated) {
    const to = data.resolveType(target);
    if (!to) throw validationError(`Unknown associated object ${target}`);
    data.associationTypes.defaultFor(objectTypeId, to.objectTypeId);
  }
  return json(201, render(ctx, data.schemas.get(objectTypeId)!));
}

function render(ctx: ApiContext, schema: CustomSchema): Record<string, unknown> {
  const data = ctx.portal.data;
  const custom = data.properties.list(schema.def).filter((p) => !p.hubspotDefined);
  return {
    ...schema.json,
    properties: custom.map((p) => toApiProperty(p, schema.def)),
    associations: associationsOf(ctx, schema.def),
  };
}

function associationsOf(ctx: ApiContext, def: ObjectTypeDef): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const to of [
    '0-1',
    '0-2',
    '0-3',
    '0-5',
    ...ctx.portal.data.schemas.list().map((s) => s.def.objectTypeId),
  ]) {
    for (const t of ctx.portal.data.associationTypes.existingForPair(def.objectTypeId, to)) {
      out.push({
        id: String(t.typeId),
        fromObjectTypeId: t.fromTypeId,
        toObjectTypeId: t.toTypeId,
        name: t.name,
      });
    }
  }
  return out;
}
