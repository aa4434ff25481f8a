import { ChangeSource } from '../core/change-events';
import { EmulatorState, PortalState } from '../emulator.state';
import { ApiError } from '../http/api-error';
import { associate, dissociate, objectExists } from '../store/association-service';
import { AssociationType } from '../store/association-types';
import { mergeRecords } from '../store/merge';
import { ObjectTypeDef } from '../store/object-types';
import {
  archiveObject,
  createObject,
  restoreObject,
  uniqueConflict,
  updateObject,
  validateProperties,
  WriteScope,
} from '../store/object-writer';
import { checkRecordRules } from '../store/record-rules';
import { ApiObject, toApiObject } from '../store/serialize';
import { StoredObject } from '../store/type-store';

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Engagement kinds a rep can log, and their object types. */
export const ENGAGEMENT_TYPES = {
  note: 'notes',
  call: 'calls',
  meeting: 'meetings',
  email: 'emails',
  task: 'tasks',
} as const;

export type EngagementKind = keyof typeof ENGAGEMENT_TYPES;

/** Other records to associate a logged engagement with, by object type name. */
export type ExtraAssociations = Partial<Record<string, Array<string | number>>>;

/**
 * A sales rep working in HubSpot's UI: every write carries `changeSource: "CRM"` and
 * `sourceId: "userId:<id>"`, so the integration sees it as a change made in HubSpot, not as its own echo.
 */
export class RepActions {
  readonly userId: number;
  private readonly portal: PortalState;

  constructor(
    private readonly state: EmulatorState,
    portalId: number,
    userId?: number,
  ) {
    const portal = state.portal(Number(portalId));
    if (!portal) throw new ControlError(404, `unknown portal ${portalId}`);
    this.portal = portal;
    if (userId !== undefined && (!Number.isInteger(Number(userId)) || Number(userId) <= 0))
      throw new ControlError(400, `userId must be a positive integer, got ${String(userId)}`);
    this.userId = userId !== undefined ? Number(userId) : (portal.data.owners.list(false)[0]?.userId ?? 1);
  }

  get source(): ChangeSource {
    return { changeSource: 'CRM', sourceId: `userId:${this.userId}`, userId: this.userId };
  }

  /** The owner id of this rep, when the rep is one of the portal's owners. */
  get ownerId(): string | undefined {
    return this.portal.data.owners.byUserId(this.userId)?.id;
  }

  /** Creates a record in the UI. */
  create(objectType: string, properties: Record<string, unknown>): ApiObject {
    const scope = this.scope(objectType);
    const values = this.validated(scope, properties, undefined);
    const clash = uniqueConflict(scope, values);
    if (clash) throw new ControlError(409, clash.message);
    return this.render(scope, createObject(scope, values));
  }

  /** Edits properties of a record (lifecycle stage, lead status, owner, deal stage, ...). */
  setProperties(objectType: string, id: string, properties: Record<string, unknown>): ApiObject {
    const scope = this.scope(objectType);
    const obj = this.active(scope, id);
    const values = this.validated(scope, properties, obj);
    const clash = uniqueConflict(scope, values, obj.id);
    if (clash) throw new ControlError(409, clash.message);
    updateObject(scope, obj, values);
    return this.render(scope, obj);
  }

  /**
   * Logs a note, call, meeting, email or task on a record (a contact, usually), associated with it and
   * with `also` (e.g. `{ companies: [id], deals: [id] }`). `hs_timestamp` defaults to now, the owner to
   * this rep, an email's direction to EMAIL.
   */
  logEngagement(
    kind: EngagementKind,
    onType: string,
    onId: string,
    properties: Record<string, unknown> = {},
    also: ExtraAssociations = {},
  ): ApiObject {
    const typeName = ENGAGEMENT_TYPES[kind];
    if (!typeName)
      throw new ControlError(
        400,
        `unknown engagement type ${String(kind)} (note, call, meeting, email, task)`,
      );
    const target = this.scope(onType);
    this.active(target, onId);
    const targets: Array<[ObjectTypeDef, string]> = [[target.type, String(onId)]];
    for (const [name, ids] of Object.entries(also)) {
      const type = this.type(name);
      for (const id of ids ?? []) {
        if (!objectExists(this.portal, type, String(id)))
          throw new ControlError(404, `no ${type.singular} ${String(id)}`);
        targets.push([type, String(id)]);
      }
    }
    const scope = this.scope(typeName);
    const defaults: Record<string, unknown> = { hs_timestamp: new Date(scope.now).toISOString() };
    if (this.ownerId) defaults.hubspot_owner_id = this.ownerId;
    if (kind === 'email') defaults.hs_email_direction = 'EMAIL';
    const values = this.validated(scope, { ...defaults, ...properties }, undefined);
    const engagement = createObject(scope, values);
    for (const [type, id] of targets) {
      const t = this.portal.data.associationTypes.defaultFor(scope.type.objectTypeId, type.objectTypeId);
      this.guard(() => associate(scope, scope.type, engagement.id, type, id, [t]));
    }
    return this.render(scope, engagement);
  }

  /** Merges `objectIdToMerge` into `primaryObjectId` (contacts, companies, deals, tickets, ...). */
  merge(objectType: string, primaryObjectId: string, objectIdToMerge: string): ApiObject {
    const scope = this.scope(objectType);
    const primary = this.active(scope, primaryObjectId);
    const merged = this.active(scope, objectIdToMerge);
    this.guard(() => mergeRecords(scope, primary, merged));
    return this.render(scope, primary);
  }

  /** Deletes a record: it goes to the recycle bin (archived, restorable). */
  delete(objectType: string, id: string): void {
    const scope = this.scope(objectType);
    const obj = scope.portal.data.store(scope.type).get(String(id));
    if (!obj) throw new ControlError(404, `no ${scope.type.singular} ${id}`);
    archiveObject(scope, obj);
  }

  /** Restores a deleted record from the recycle bin (`<type>.restore` event). */
  restore(objectType: string, id: string): ApiObject {
    const scope = this.scope(objectType);
    const obj = scope.portal.data.store(scope.type).get(String(id));
    if (!obj) throw new ControlError(404, `no ${scope.type.singular} ${id} (GDPR-deleted records are gone)`);
    if (!obj.archived) throw new ControlError(409, `${scope.type.singular} ${id} is not deleted`);
    const holder = Object.entries(obj.properties)
      .filter(([k, v]) => v && scope.portal.data.properties.isUnique(scope.type, k))
      .map(([k, v]) => scope.portal.data.store(scope.type).findUnique(k, v))
      .find((o) => o && o.id !== obj.id);
    if (holder) throw new ControlError(409, `record ${holder.id} now holds a unique value of ${id}`);
    restoreObject(scope, obj);
    return this.render(scope, obj);
  }

  /** Associates two records (default type, or `associationTypeId` in `associationCategory`). */
  associate(
    fromType: string,
    fromId: string,
    toType: string,
    toId: string,
    spec?: { associationTypeId?: number; associationCategory?: string },
  ): void {
    const scope = this.scope(fromType);
    const to = this.type(toType);
    const t = this.associationType(scope.type, to, spec);
    this.guard(() => associate(scope, scope.type, String(fromId), to, String(toId), [t]));
  }

  /** Removes every association between two records. */
  dissociate(fromType: string, fromId: string, toType: string, toId: string): void {
    const scope = this.scope(fromType);
    dissociate(scope, scope.type, String(fromId), this.type(toType), String(toId));
  }

  private associationType(
    from: ObjectTypeDef,
    to: ObjectTypeDef,
    spec?: { associationTypeId?: number; associationCategory?: string },
  ): AssociationType {
    const registry = this.portal.data.associationTypes;
    if (spec?.associationTypeId === undefined) return registry.defaultFor(from.objectTypeId, to.objectTypeId);
    const t = registry.find(
      from.objectTypeId,
      to.objectTypeId,
      spec.associationCategory ?? 'HUBSPOT_DEFINED',
      Number(spec.associationTypeId),
    );
    if (!t)
      throw new ControlError(
        400,
        `no association type ${spec.associationTypeId} from ${from.name} to ${to.name}`,
      );
    return t;
  }

  private type(name: string): ObjectTypeDef {
    const type = this.portal.data.resolveType(name);
    if (!type) throw new ControlError(404, `unknown object type ${name}`);
    return type;
  }

  private scope(objectType: string): WriteScope {
    return {
      state: this.state,
      portal: this.portal,
      type: this.type(objectType),
      source: this.source,
      now: Date.now(),
    };
  }

  private active(scope: WriteScope, id: string): StoredObject {
    const obj = scope.portal.data.store(scope.type).get(String(id));
    if (!obj || obj.archived) throw new ControlError(404, `no ${scope.type.singular} ${id}`);
    return obj;
  }

  /** Property validation and record rules as the UI applies them (admin write-validation rules aside). */
  private validated(
    scope: WriteScope,
    properties: Record<string, unknown>,
    existing: StoredObject | undefined,
  ) {
    return this.guard(() => {
      const { values, errors } = validateProperties(scope, properties ?? {});
      if (errors.length > 0)
        throw new ControlError(400, `Property values were not valid: ${JSON.stringify(errors)}`);
      checkRecordRules(scope, values, existing, { creating: !existing, writeValidation: false });
      return values;
    });
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof ApiError) throw new ControlError(e.status, e.message);
      throw e;
    }
  }

  private render(scope: WriteScope, obj: StoredObject): ApiObject {
    return toApiObject(obj, scope.type, scope.portal.data.properties, 'all-set');
  }
}
