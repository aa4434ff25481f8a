import { PortalState } from '../emulator.state';
import { validationError } from '../http/api-error';
import { AssociationScope, associate } from './association-service';
import { AssociationType } from './association-types';
import { ObjectTypeDef, STANDARD_TYPES } from './object-types';

function candidates(portal: PortalState): ObjectTypeDef[] {
  return [...STANDARD_TYPES, ...portal.data.schemas.list().map((s) => s.def)];
}

/** The type on the other side of an association type id leaving `from`. */
export function targetOf(
  portal: PortalState,
  from: ObjectTypeDef,
  category: string,
  typeId: number,
): [ObjectTypeDef, AssociationType] | undefined {
  for (const to of candidates(portal)) {
    const t = portal.data.associationTypes.find(from.objectTypeId, to.objectTypeId, category, typeId);
    if (t) return [to, t];
  }
  return undefined;
}

/** `associations` of a create input: [{to:{id}, types:[{associationCategory, associationTypeId}]}]. */
export function parseInlineAssociations(
  portal: PortalState,
  from: ObjectTypeDef,
  raw: unknown,
): Array<{ to: ObjectTypeDef; toId: string; types: AssociationType[] }> {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw validationError('associations must be an array');
  return raw.map(
    (a: {
      to?: { id?: unknown };
      types?: Array<{ associationCategory?: string; associationTypeId?: number }>;
    }) => {
      const toId = String(a?.to?.id ?? '');
      const specs = Array.isArray(a?.types) ? a.types : [];
      if (!toId || specs.length === 0)
        throw validationError('each association needs to.id and at least one type');
      let toType: ObjectTypeDef | undefined;
      const types: AssociationType[] = [];
      for (const s of specs) {
        const found = targetOf(
          portal,
          from,
          String(s.associationCategory ?? 'HUBSPOT_DEFINED'),
          Number(s.associationTypeId),
        );
        if (!found)
          throw validationError(
            `Unknown association type ${s.associationCategory}/${s.associationTypeId} from ${from.name}`,
          );
        if (toType && toType !== found[0])
          throw validationError('association types of one target must share an object type');
        toType = found[0];
        types.push(found[1]);
      }
      return { to: toType!, toId, types };
    },
  );
}

export function applyInlineAssociations(
  scope: AssociationScope,
  from: ObjectTypeDef,
  fromId: string,
  parsed: Array<{ to: ObjectTypeDef; toId: string; types: AssociationType[] }>,
): void {
  for (const a of parsed) associate(scope, from, fromId, a.to, a.toId, a.types);
}
