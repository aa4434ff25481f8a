import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BOOL_OPTIONS, PropertyDefinition, PropertyOwner } from '../model/property-definition';
import { OBJECT_TYPE_NAME, ObjectDeclarationOptions, PropertyDeclarationOptions } from './objects.options';
import { validationProblems } from './validation-problems';

/** A declared property as the module reads it: who owns its value and, for a custom one, what to create. */
export interface DeclaredProperty {
  name: string;
  owner: PropertyOwner;
  /** Present for a custom property (created at boot when missing); absent for a reference. */
  definition?: PropertyDefinition;
}

/** `objects` resolved: per object type, the declared properties in declaration order. */
export type DeclaredObjects = Record<string, { properties: DeclaredProperty[] }>;

/** HubSpot's default property group of each standard object type. */
const INFORMATION_GROUPS: Record<string, string> = {
  contacts: 'contactinformation',
  companies: 'companyinformation',
  deals: 'dealinformation',
  tickets: 'ticketinformation',
  line_items: 'lineiteminformation',
};

const CUSTOM_ONLY = ['label', 'type', 'fieldType', 'groupName', 'options', 'hasUniqueValue', 'description'];

/**
 * Validates `objects` (a record keyed by object type, so checked entry by entry) and resolves it.
 * `moduleNames` are the properties the module itself creates per object type: the host may reference them,
 * not redefine them.
 */
export function resolveObjects(
  raw: unknown,
  moduleNames: Record<string, string[]>,
): { objects: DeclaredObjects; problems: string[] } {
  const objects: DeclaredObjects = {};
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { objects, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { objects, problems: ['objects must map object types to { properties: [...] }'] };
  }
  for (const [objectType, value] of Object.entries(raw)) {
    const path = `objects.${objectType}`;
    if (!OBJECT_TYPE_NAME.test(objectType)) {
      problems.push(`${path}: object type must be a HubSpot object type name (contacts, p_projects, 2-123)`);
      continue;
    }
    const declaration = plainToInstance(ObjectDeclarationOptions, value ?? {});
    const errors = validateSync(declaration, {
      forbidUnknownValues: false,
      whitelist: true,
      forbidNonWhitelisted: true,
    });
    problems.push(...validationProblems(errors, path));
    if (!Array.isArray(declaration.properties)) continue;
    // Entries class-validator already refused are not judged again.
    const refused = new Set(
      errors
        .filter((e) => e.property === 'properties')
        .flatMap((e) => (e.children ?? []).map((c) => c.property)),
    );
    const seen = new Set<string>();
    const properties: DeclaredProperty[] = [];
    declaration.properties.forEach((p, i) => {
      if (refused.has(String(i))) return;
      const at = `${path}.properties.${i} (${p.name})`;
      if (seen.has(p.name)) problems.push(`${at}: declared twice`);
      seen.add(p.name);
      const custom = CUSTOM_ONLY.some((key) => p[key as keyof PropertyDeclarationOptions] !== undefined);
      if (!custom) {
        properties.push({ name: p.name, owner: p.owner ?? 'local' });
        return;
      }
      if (moduleNames[objectType]?.includes(p.name)) {
        problems.push(
          `${at}: the module creates this property itself; reference it as { name: '${p.name}' }`,
        );
        return;
      }
      const definition = customDefinition(objectType, p, at, problems);
      if (definition) properties.push({ name: p.name, owner: p.owner ?? 'local', definition });
    });
    objects[objectType] = { properties };
  }
  return { objects, problems };
}

function customDefinition(
  objectType: string,
  p: PropertyDeclarationOptions,
  at: string,
  problems: string[],
): PropertyDefinition | undefined {
  const missing: string[] = (['type', 'label', 'fieldType'] as const).filter((key) => p[key] === undefined);
  const groupName = p.groupName ?? INFORMATION_GROUPS[objectType];
  if (!groupName) missing.push('groupName');
  if (missing.length) {
    problems.push(
      `${at}: a custom property needs ${missing.join(', ')} (a reference to an existing property has only name and owner)`,
    );
    return undefined;
  }
  if (p.type === 'enumeration' && !p.options?.length) {
    problems.push(`${at}: an enumeration needs options`);
    return undefined;
  }
  return {
    name: p.name,
    label: p.label!,
    type: p.type!,
    fieldType: p.fieldType!,
    groupName: groupName!,
    ...(p.hasUniqueValue !== undefined ? { hasUniqueValue: p.hasUniqueValue } : {}),
    ...(p.description !== undefined ? { description: p.description } : {}),
    ...(p.options
      ? { options: p.options.map((o) => ({ ...o })) }
      : p.type === 'bool'
        ? { options: BOOL_OPTIONS }
        : {}),
  };
}
