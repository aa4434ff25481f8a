import { ChangeKind, ChangeSource } from '../core/change-events';
import { EmulatorState, PortalState } from '../emulator.state';
import { ApiError, conflict, PropertyValidationError } from '../http/api-error';
import { ObjectTypeDef } from './object-types';
import { normalizeValue } from './property-values';
import { afterWrite, beforeWrite } from './search-index';
import { HistoryEntry, PropertyValues, StoredObject } from './type-store';

/** Who writes what where: every record write goes through these functions. */
export interface WriteScope {
  state: EmulatorState;
  portal: PortalState;
  type: ObjectTypeDef;
  source: ChangeSource;
  now: number;
}

const WEBHOOK_SUBJECTS = new Set(['0-1', '0-2', '0-3', '0-5', '0-7', '0-8']);

export function subjectOf(type: ObjectTypeDef): string {
  return WEBHOOK_SUBJECTS.has(type.objectTypeId) ? type.singular : 'object';
}

/** Validates and normalises input properties. Empty string / null means "clear". */
export function validateProperties(
  scope: WriteScope,
  input: unknown,
): { values: PropertyValues; errors: PropertyValidationError[] } {
  const values: PropertyValues = {};
  const errors: PropertyValidationError[] = [];
  if (input === undefined || input === null) return { values, errors };
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new ApiError(400, 'VALIDATION_ERROR', 'Invalid input JSON: properties must be an object');
  }
  const registry = scope.portal.data.properties;
  for (const [name, raw] of Object.entries(input as Record<string, unknown>)) {
    let def = registry.get(scope.type, name);
    if (!def && !scope.state.strictProperties) def = registry.create(scope.type, { name });
    if (!def) {
      const message = `Property "${name}" does not exist`;
      errors.push({
        isValid: false,
        message,
        error: 'PROPERTY_DOESNT_EXIST',
        name,
        localizedErrorMessage: message,
      });
      continue;
    }
    if (def.readOnlyValue) {
      const message = `"${name}" is a read only property; its value cannot be set.`;
      errors.push({
        isValid: false,
        message,
        error: 'READ_ONLY_VALUE',
        name,
        localizedErrorMessage: message,
      });
      continue;
    }
    const out = normalizeValue(def, raw);
    if (out.error) errors.push(out.error);
    else values[name] = out.value ?? '';
  }
  return { values, errors };
}

/** The record that already holds one of `values`' unique values (other than `selfId`), as a 409. */
export function uniqueConflict(
  scope: WriteScope,
  values: PropertyValues,
  selfId?: string,
): ApiError | undefined {
  const store = scope.portal.data.store(scope.type);
  const registry = scope.portal.data.properties;
  for (const [name, value] of Object.entries(values)) {
    if (!value || !registry.isUnique(scope.type, name)) continue;
    const holder = store.findUnique(name, value);
    if (holder && holder.id !== selfId) return conflictFor(scope.type, name, value, holder.id);
  }
  return undefined;
}

export function conflictFor(type: ObjectTypeDef, name: string, value: string, existingId: string): ApiError {
  if (type.uniqueEmail && name === 'email')
    return conflict(`Contact already exists. Existing ID: ${existingId}`);
  return conflict(
    `A ${type.singular} with the unique value "${value}" for property "${name}" already exists. Existing ID: ${existingId}`,
  );
}

export function createObject(scope: WriteScope, values: PropertyValues): StoredObject {
  const data = scope.portal.data;
  const store = data.store(scope.type);
  const id = data.newId();
  const iso = new Date(scope.now).toISOString();
  const properties: PropertyValues = {};
  for (const [k, v] of Object.entries(values)) if (v !== '') properties[k] = v;
  properties.hs_object_id = id;
  properties.createdate = iso;
  properties[scope.type.modifiedProperty] = iso;
  const obj: StoredObject = { id, properties, createdAt: scope.now, updatedAt: scope.now, archived: false };
  for (const [k, v] of Object.entries(values)) if (v !== '') recordHistory(scope, obj, k, v);
  beforeWrite(obj, scope.state.searchIndexDelayMs, true);
  store.insert(obj);
  store.addToIndexes(obj);
  afterWrite(obj, scope.state.searchIndexDelayMs, scope.now);
  emit(scope, 'creation', id);
  for (const [k, v] of Object.entries(values))
    if (v !== '') emit(scope, 'propertyChange', id, { propertyName: k, propertyValue: v });
  return obj;
}

/** Applies changed values; returns the names that actually changed. */
export function updateObject(
  scope: WriteScope,
  obj: StoredObject,
  values: PropertyValues,
  opts: { silent?: boolean } = {},
): string[] {
  const store = scope.portal.data.store(scope.type);
  const changed: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const before = obj.properties[name] ?? '';
    if (before === value) continue;
    if (changed.length === 0) beforeWrite(obj, scope.state.searchIndexDelayMs, false);
    if (value === '') delete obj.properties[name];
    else obj.properties[name] = value;
    store.reindex(obj, name, before || undefined, value || undefined);
    recordHistory(scope, obj, name, value);
    changed.push(name);
  }
  if (changed.length === 0) return changed;
  obj.updatedAt = Math.max(scope.now, obj.updatedAt + 1);
  obj.properties[scope.type.modifiedProperty] = new Date(obj.updatedAt).toISOString();
  afterWrite(obj, scope.state.searchIndexDelayMs, scope.now);
  if (opts.silent) return changed;
  for (const name of changed) {
    emit(scope, 'propertyChange', obj.id, { propertyName: name, propertyValue: obj.properties[name] ?? '' });
  }
  return changed;
}

export function archiveObject(scope: WriteScope, obj: StoredObject): void {
  if (obj.archived) return;
  const store = scope.portal.data.store(scope.type);
  beforeWrite(obj, scope.state.searchIndexDelayMs, false);
  store.dropFromIndexes(obj);
  obj.archived = true;
  obj.archivedAt = scope.now;
  obj.updatedAt = Math.max(scope.now, obj.updatedAt + 1);
  afterWrite(obj, scope.state.searchIndexDelayMs, scope.now);
  emit(scope, 'deletion', obj.id, { changeFlag: 'DELETED' });
}

/** Brings an archived record back from the recycle bin (its unique values must still be free). */
export function restoreObject(scope: WriteScope, obj: StoredObject): void {
  if (!obj.archived) return;
  const store = scope.portal.data.store(scope.type);
  beforeWrite(obj, scope.state.searchIndexDelayMs, false);
  obj.archived = false;
  delete obj.archivedAt;
  store.addToIndexes(obj);
  obj.updatedAt = Math.max(scope.now, obj.updatedAt + 1);
  obj.properties[scope.type.modifiedProperty] = new Date(obj.updatedAt).toISOString();
  afterWrite(obj, scope.state.searchIndexDelayMs, scope.now);
  emit(scope, 'restore', obj.id);
}

const MAX_VERSIONS = 50;

/** Property history's source fields for a write. */
export function historySource(source: ChangeSource): Omit<HistoryEntry, 'value' | 'timestamp'> {
  if (source.changeSource === 'CRM') {
    const userId = source.userId ?? 1;
    return { sourceType: 'CRM_UI', sourceId: source.sourceId ?? `userId:${userId}`, updatedByUserId: userId };
  }
  return { sourceType: source.changeSource, ...(source.sourceId ? { sourceId: source.sourceId } : {}) };
}

function recordHistory(scope: WriteScope, obj: StoredObject, name: string, value: string): void {
  const history = obj.history ?? (obj.history = {});
  const versions = history[name] ?? (history[name] = []);
  versions.push({ value, timestamp: scope.now, ...historySource(scope.source) });
  if (versions.length > MAX_VERSIONS) versions.splice(0, versions.length - MAX_VERSIONS);
}

export function emit(
  scope: WriteScope,
  kind: ChangeKind,
  objectId: string,
  extra: Record<string, unknown> = {},
): void {
  const events = scope.state.events;
  if (!events.active) return;
  const { propertyName, propertyValue, ...rest } = extra as { propertyName?: string; propertyValue?: string };
  events.emit({
    portalId: scope.portal.id,
    objectTypeId: scope.type.objectTypeId,
    subject: subjectOf(scope.type),
    kind,
    objectId,
    occurredAt: scope.now,
    source: scope.source,
    propertyName,
    propertyValue,
    extra: rest,
  });
}
