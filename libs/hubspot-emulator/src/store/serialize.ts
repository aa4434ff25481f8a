import { ObjectTypeDef } from './object-types';
import { PropertyRegistry } from './property-registry';
import { PropertyValues, StoredObject } from './type-store';

export interface ApiObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  propertiesWithHistory?: Record<string, Array<Record<string, unknown>>>;
  objectWriteTraceId?: string;
}

/**
 * HubSpot's object JSON. `requested` undefined -> the type's default properties; otherwise the requested
 * ones that exist (null when unset) plus createdate, hs_object_id and the last-modified property.
 * `'all-set'` returns every property that has a value (create/update responses).
 */
export function toApiObject(
  obj: StoredObject,
  type: ObjectTypeDef,
  registry: PropertyRegistry,
  requested: string[] | undefined | 'all-set',
  values: PropertyValues = obj.properties,
): ApiObject {
  const properties: Record<string, string | null> = {};
  if (requested === 'all-set') {
    for (const key of Object.keys(values).sort()) if (values[key] !== '') properties[key] = values[key];
  } else {
    const names = requested ?? type.defaultProperties;
    const defs = registry.forType(type);
    for (const name of names) {
      if (requested && !defs.has(name)) continue;
      const v = values[name];
      properties[name] = v === undefined || v === '' ? null : v;
    }
    if (requested) {
      for (const name of ['createdate', 'hs_object_id', type.modifiedProperty])
        properties[name] = values[name] ?? null;
    }
  }
  const out: ApiObject = {
    id: obj.id,
    properties,
    createdAt: new Date(obj.createdAt).toISOString(),
    updatedAt: new Date(obj.updatedAt).toISOString(),
    archived: obj.archived,
  };
  if (obj.archived && obj.archivedAt) out.archivedAt = new Date(obj.archivedAt).toISOString();
  return out;
}

/**
 * `propertiesWithHistory` of a record: every requested property that exists, with its versions newest
 * first (an empty list for a property the emulator never saw written).
 */
export function historyOf(
  obj: StoredObject,
  type: ObjectTypeDef,
  registry: PropertyRegistry,
  names: string[],
): Record<string, Array<Record<string, unknown>>> {
  const defs = registry.forType(type);
  const out: Record<string, Array<Record<string, unknown>>> = {};
  for (const name of names) {
    if (!defs.has(name)) continue;
    const versions = obj.history?.[name] ?? [];
    out[name] = [...versions].reverse().map((v) => ({
      value: v.value,
      timestamp: new Date(v.timestamp).toISOString(),
      sourceType: v.sourceType,
      ...(v.sourceId !== undefined ? { sourceId: v.sourceId } : {}),
      ...(v.updatedByUserId !== undefined ? { updatedByUserId: v.updatedByUserId } : {}),
    }));
  }
  return out;
}

/** Parses `properties=a,b&properties=c` into a list (undefined when absent). */
export function requestedProperties(query: URLSearchParams, name = 'properties'): string[] | undefined {
  const all = query.getAll(name);
  if (all.length === 0) return undefined;
  const out: string[] = [];
  for (const v of all) for (const p of v.split(',')) if (p.trim()) out.push(p.trim());
  return out;
}
