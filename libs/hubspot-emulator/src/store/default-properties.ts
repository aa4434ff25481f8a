import { BY_TYPE, COMMON, Spec } from './default-property-specs';
import { ObjectTypeDef } from './object-types';

/** HubSpot's built-in property definitions, enough for what integrations usually write. */
export interface PropertyDef {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description: string;
  hasUniqueValue: boolean;
  options: Array<{ label: string; value: string; displayOrder: number; hidden: boolean }>;
  readOnlyValue: boolean;
  hubspotDefined: boolean;
  createdAt: string;
  updatedAt: string;
  displayOrder: number;
}

const EPOCH = '2019-08-06T02:43:01.000Z';

export type PropertyDefInput = Partial<Omit<PropertyDef, 'options'>> & {
  name: string;
  options?: Array<{ label: string; value: string; displayOrder?: number; hidden?: boolean }>;
};

export function makePropertyDef(input: PropertyDefInput, order = -1): PropertyDef {
  const type = input.type ?? 'string';
  return {
    name: input.name,
    label: input.label ?? input.name,
    type,
    fieldType: input.fieldType ?? (type === 'string' ? 'text' : type === 'number' ? 'number' : 'text'),
    groupName: input.groupName ?? 'contactinformation',
    description: input.description ?? '',
    hasUniqueValue: input.hasUniqueValue ?? false,
    options: (input.options ?? []).map((o, i) => ({
      label: o.label,
      value: o.value,
      displayOrder: o.displayOrder ?? i,
      hidden: o.hidden ?? false,
    })),
    readOnlyValue: input.readOnlyValue ?? false,
    hubspotDefined: input.hubspotDefined ?? false,
    createdAt: input.createdAt ?? new Date().toISOString(),
    updatedAt: input.updatedAt ?? input.createdAt ?? new Date().toISOString(),
    displayOrder: input.displayOrder ?? order,
  };
}

export function defaultPropertyDefs(type: ObjectTypeDef): PropertyDef[] {
  const group = `${type.singular}information`;
  const readOnly: Spec[] = [
    ['hs_object_id', 'number', 'number'],
    ['createdate', 'datetime', 'date'],
    [type.modifiedProperty, 'datetime', 'date'],
  ];
  const defs: PropertyDef[] = [];
  const add = (spec: Spec, readOnlyValue: boolean): void => {
    if (defs.some((d) => d.name === spec[0])) return;
    defs.push(
      makePropertyDef(
        {
          name: spec[0],
          type: spec[1] ?? 'string',
          fieldType: spec[2] ?? 'text',
          groupName: group,
          readOnlyValue,
          hubspotDefined: true,
          createdAt: EPOCH,
        },
        defs.length,
      ),
    );
  };
  for (const spec of readOnly) add(spec, true);
  for (const spec of [...(BY_TYPE[type.objectTypeId] ?? []), ...COMMON]) add(spec, false);
  // Every default property the type returns must exist even if not listed above.
  for (const name of type.defaultProperties) add([name], false);
  const merged = defs.find((d) => d.name === 'hs_merged_object_ids');
  if (merged) merged.readOnlyValue = true;
  const hsCreate = defs.find((d) => d.name === 'hs_createdate');
  if (hsCreate) hsCreate.readOnlyValue = true;
  return defs;
}
