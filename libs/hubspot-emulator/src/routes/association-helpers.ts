import { validationError } from '../http/api-error';
import { ApiContext } from '../http/route-table';
import { AssociationScope, objectExists, specWithLabel } from '../store/association-service';
import { AssociationType } from '../store/association-types';
import { ObjectTypeDef } from '../store/object-types';
import { resolveType } from './route-helpers';

/** Object ids in association payloads: numbers in v4, strings in the dated versions. */
export function assocId(ctx: ApiContext, id: string): number | string {
  return ctx.traits.stringAssociationIds ? id : Number(id);
}

export function assocScope(ctx: ApiContext): AssociationScope {
  return { state: ctx.state, portal: ctx.portal, source: ctx.source, now: ctx.now };
}

export function pairTypes(ctx: ApiContext): [ObjectTypeDef, ObjectTypeDef] {
  return [resolveType(ctx, ctx.params.fromType), resolveType(ctx, ctx.params.toType)];
}

/** `[{associationCategory, associationTypeId}]` -> known association types between the pair. */
export function parseSpecs(
  ctx: ApiContext,
  from: ObjectTypeDef,
  to: ObjectTypeDef,
  raw: unknown,
): AssociationType[] {
  if (!Array.isArray(raw) || raw.length === 0)
    throw validationError('Expected a non-empty array of association specs');
  return raw.map((s: { associationCategory?: string; associationTypeId?: number }) => {
    const t = ctx.portal.data.associationTypes.find(
      from.objectTypeId,
      to.objectTypeId,
      String(s?.associationCategory ?? ''),
      Number(s?.associationTypeId),
    );
    if (!t) {
      throw validationError(
        `Invalid association type: ${s?.associationCategory}/${s?.associationTypeId} is not a valid ${from.singular} to ${to.singular} association type`,
      );
    }
    return t;
  });
}

/** HubSpot v4 "to" entries of one record: `{toObjectId, associationTypes:[{category,typeId,label}]}`. */
export function associatedFrom(ctx: ApiContext, from: ObjectTypeDef, fromId: string, to: ObjectTypeDef) {
  const registry = ctx.portal.data.associationTypes;
  return ctx.portal.data.associations
    .list(from.objectTypeId, fromId, to.objectTypeId)
    .filter((e) => objectExists(ctx.portal, to, e.toId))
    .map((e) => ({
      toObjectId: assocId(ctx, e.toId),
      associationTypes: e.specs.map((s) =>
        specWithLabel(
          registry.find(from.objectTypeId, to.objectTypeId, s.category, s.typeId),
          s.category,
          s.typeId,
        ),
      ),
    }));
}

export function labelsBetween(
  ctx: ApiContext,
  from: ObjectTypeDef,
  fromId: string,
  to: ObjectTypeDef,
  toId: string,
) {
  const registry = ctx.portal.data.associationTypes;
  const labels = ctx.portal.data.associations
    .get(from.objectTypeId, fromId, to.objectTypeId, toId)
    .map((s) => registry.find(from.objectTypeId, to.objectTypeId, s.category, s.typeId)?.label)
    .filter((l): l is string => !!l);
  return {
    fromObjectTypeId: from.objectTypeId,
    fromObjectId: assocId(ctx, fromId),
    toObjectTypeId: to.objectTypeId,
    toObjectId: assocId(ctx, toId),
    labels,
  };
}

export function defaultAssociationResults(
  ctx: ApiContext,
  from: ObjectTypeDef,
  fromId: string,
  to: ObjectTypeDef,
  toId: string,
) {
  const t = ctx.portal.data.associationTypes.defaultFor(from.objectTypeId, to.objectTypeId);
  const inv = ctx.portal.data.associationTypes.inverse(t);
  return [
    {
      from: { id: fromId },
      to: { id: toId },
      associationSpec: { associationCategory: t.category, associationTypeId: t.typeId },
    },
    {
      from: { id: toId },
      to: { id: fromId },
      associationSpec: { associationCategory: inv.category, associationTypeId: inv.typeId },
    },
  ];
}
