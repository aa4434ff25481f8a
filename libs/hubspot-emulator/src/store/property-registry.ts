import { PropertyInput } from '../emulator.options';
import { defaultPropertyDefs, makePropertyDef, PropertyDef } from './default-properties';
import { ObjectTypeDef } from './object-types';

const ENUM_OPTIONS: Record<string, string[]> = {
  lifecyclestage: [
    'subscriber',
    'lead',
    'marketingqualifiedlead',
    'salesqualifiedlead',
    'opportunity',
    'customer',
    'evangelist',
    'other',
  ],
  hs_email_direction: ['EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL'],
  hs_email_status: ['BOUNCED', 'FAILED', 'SCHEDULED', 'SENDING', 'SENT'],
};

export type PropertyOption = PropertyDef['options'][number];

/** Options that depend on portal data (owners, pipelines): undefined = the property is not dynamic. */
export type DynamicOptions = (objectTypeId: string, name: string) => PropertyOption[] | undefined;

/** Per-portal property definitions, seeded lazily with HubSpot's defaults for each type. */
export class PropertyRegistry {
  private readonly byType = new Map<string, Map<string, PropertyDef>>();

  constructor(private readonly dynamicOptions?: DynamicOptions) {}

  /** Re-reads dynamic options (after owners or pipelines changed). */
  refreshDynamicOptions(): void {
    if (!this.dynamicOptions) return;
    for (const [typeId, defs] of this.byType) {
      for (const def of defs.values()) {
        const options = this.dynamicOptions(typeId, def.name);
        if (options) def.options = options;
      }
    }
  }

  forType(type: ObjectTypeDef): Map<string, PropertyDef> {
    let defs = this.byType.get(type.objectTypeId);
    if (!defs) {
      defs = new Map();
      for (const def of defaultPropertyDefs(type)) {
        const values = ENUM_OPTIONS[def.name];
        if (values && def.type === 'enumeration') {
          def.options = values.map((v, i) => ({ label: v, value: v, displayOrder: i, hidden: false }));
        }
        const dynamic = this.dynamicOptions?.(type.objectTypeId, def.name);
        if (dynamic) def.options = dynamic;
        defs.set(def.name, def);
      }
      this.byType.set(type.objectTypeId, defs);
    }
    return defs;
  }

  get(type: ObjectTypeDef, name: string): PropertyDef | undefined {
    return this.forType(type).get(name);
  }

  list(type: ObjectTypeDef): PropertyDef[] {
    return [...this.forType(type).values()];
  }

  /** Returns undefined when a property of that name already exists. */
  create(type: ObjectTypeDef, input: PropertyInput): PropertyDef | undefined {
    const defs = this.forType(type);
    if (defs.has(input.name)) return undefined;
    const def = makePropertyDef(
      { ...input, groupName: input.groupName ?? `${type.singular}information` },
      defs.size,
    );
    defs.set(def.name, def);
    return def;
  }

  update(type: ObjectTypeDef, name: string, patch: Partial<PropertyInput>): PropertyDef | undefined {
    const def = this.forType(type).get(name);
    if (!def) return undefined;
    const next = makePropertyDef(
      { ...def, ...patch, name, createdAt: def.createdAt, updatedAt: new Date().toISOString() },
      def.displayOrder,
    );
    next.readOnlyValue = def.readOnlyValue;
    next.hubspotDefined = def.hubspotDefined;
    this.forType(type).set(name, next);
    return next;
  }

  remove(type: ObjectTypeDef, name: string): boolean {
    const def = this.forType(type).get(name);
    if (!def || def.hubspotDefined) return false;
    return this.forType(type).delete(name);
  }

  isUnique(type: ObjectTypeDef, name: string): boolean {
    if (name === 'email' && type.uniqueEmail) return true;
    return this.forType(type).get(name)?.hasUniqueValue === true;
  }
}

export function toApiProperty(def: PropertyDef, type: ObjectTypeDef): Record<string, unknown> {
  return {
    name: def.name,
    label: def.label,
    type: def.type,
    fieldType: def.fieldType,
    description: def.description,
    groupName: def.groupName,
    options: def.options,
    displayOrder: def.displayOrder,
    calculated: false,
    externalOptions: false,
    hasUniqueValue: def.hasUniqueValue,
    hidden: false,
    hubspotDefined: def.hubspotDefined || undefined,
    createdAt: def.createdAt,
    updatedAt: def.updatedAt,
    archived: false,
    formField: !def.readOnlyValue,
    modificationMetadata: {
      archivable: !def.hubspotDefined,
      readOnlyDefinition: def.hubspotDefined,
      readOnlyValue: def.readOnlyValue,
    },
    ...(type.custom ? {} : {}),
  };
}
