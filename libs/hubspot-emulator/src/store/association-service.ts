import { ChangeSource } from '../core/change-events';
import { EmulatorState, PortalState } from '../emulator.state';
import { ApiError } from '../http/api-error';
import { AssociationType } from './association-types';
import { ObjectTypeDef } from './object-types';
import { subjectOf } from './object-writer';

export interface AssociationScope {
  state: EmulatorState;
  portal: PortalState;
  source: ChangeSource;
  now: number;
}

export function objectExists(portal: PortalState, type: ObjectTypeDef, id: string): boolean {
  const obj = portal.data.store(type).get(id);
  return !!obj && !obj.archived;
}

export function missingObjectError(type: ObjectTypeDef, id: string): ApiError {
  return new ApiError(404, 'OBJECT_NOT_FOUND', `No ${type.singular} with ID ${id} exists`, {
    context: { objectType: [type.objectTypeId], id: [id] },
  });
}

/** Adds `types` (and their inverses) between two records; a primary label implies the unlabeled default. */
export function associate(
  scope: AssociationScope,
  from: ObjectTypeDef,
  fromId: string,
  to: ObjectTypeDef,
  toId: string,
  types: AssociationType[],
): void {
  if (!objectExists(scope.portal, from, fromId)) throw missingObjectError(from, fromId);
  if (!objectExists(scope.portal, to, toId)) throw missingObjectError(to, toId);
  const registry = scope.portal.data.associationTypes;
  const all = [...types];
  if (types.some((t) => t.primary)) all.push(registry.defaultFor(from.objectTypeId, to.objectTypeId));
  const store = scope.portal.data.associations;
  for (const t of all) {
    const inv = registry.inverse(t);
    const added = store.add(from.objectTypeId, fromId, to.objectTypeId, toId, {
      category: t.category,
      typeId: t.typeId,
    });
    store.add(to.objectTypeId, toId, from.objectTypeId, fromId, {
      category: inv.category,
      typeId: inv.typeId,
    });
    if (added) emitAssociation(scope, from, fromId, to, toId, t, false);
  }
}

/** Removes the given types (or all) between two records, both directions. */
export function dissociate(
  scope: AssociationScope,
  from: ObjectTypeDef,
  fromId: string,
  to: ObjectTypeDef,
  toId: string,
  types?: AssociationType[],
): void {
  const registry = scope.portal.data.associationTypes;
  const store = scope.portal.data.associations;
  const targets =
    types ??
    store
      .get(from.objectTypeId, fromId, to.objectTypeId, toId)
      .map((s) => registry.find(from.objectTypeId, to.objectTypeId, s.category, s.typeId))
      .filter((t): t is AssociationType => !!t);
  for (const t of targets) {
    const inv = registry.inverse(t);
    const removed = store.remove(from.objectTypeId, fromId, to.objectTypeId, toId, {
      category: t.category,
      typeId: t.typeId,
    });
    store.remove(to.objectTypeId, toId, from.objectTypeId, fromId, {
      category: inv.category,
      typeId: inv.typeId,
    });
    if (removed.length > 0) emitAssociation(scope, from, fromId, to, toId, t, true);
  }
}

/** HubSpot's association spec with label, as v4 answers it. */
export function specWithLabel(
  t: AssociationType | undefined,
  category: string,
  typeId: number,
): Record<string, unknown> {
  return { category, typeId, label: t?.label ?? null };
}

function emitAssociation(
  scope: AssociationScope,
  from: ObjectTypeDef,
  fromId: string,
  to: ObjectTypeDef,
  toId: string,
  t: AssociationType,
  removed: boolean,
): void {
  const events = scope.state.events;
  if (!events.active) return;
  for (const [a, aId, b, bId, type] of [
    [from, fromId, to, toId, t],
    [to, toId, from, fromId, scope.portal.data.associationTypes.inverse(t)],
  ] as const) {
    events.emit({
      portalId: scope.portal.id,
      objectTypeId: a.objectTypeId,
      subject: subjectOf(a),
      kind: 'associationChange',
      objectId: aId,
      occurredAt: scope.now,
      source: scope.source,
      extra: {
        associationType: `${a.label}_TO_${b.label}`,
        fromObjectId: Number(aId),
        toObjectId: Number(bId),
        associationRemoved: removed,
        isPrimaryAssociation: type.primary,
        associationCategory: type.category,
        associationTypeId: type.typeId,
      },
    });
  }
}
