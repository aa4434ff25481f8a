import { ObjectTypeDef } from '../store/object-types';

/**
 * Which scopes a route needs. A requirement is a conjunction of clauses, each clause a list of
 * alternatives: the token must hold at least one scope of every clause (HubSpot's "one or more of the
 * following scopes are required", per clause).
 */
export type ScopeRequirement = string[][];

export type Access = 'read' | 'write';

/** What a route is about; `requiredScopes` turns it into scopes with the request's object types. */
export type ScopeRule =
  /** Records of `:objectType` (or the param named by `param`): CRUD, batch, search, merge, GDPR delete. */
  | { family: 'objects'; access: Access; param?: string }
  /** Associations between `:fromType` and `:toType`: the scopes of both object types. */
  | { family: 'associations'; access: Access }
  | { family: 'properties'; access: Access }
  | { family: 'pipelines'; access: Access }
  | { family: 'schemas'; access: Access }
  /** `create` needs only the write scope; other writes (memberships, delete) need read and write. */
  | { family: 'lists'; access: Access | 'create' }
  | { family: 'owners' }
  /** Routes any valid token may call (account details and usage). */
  | { family: 'none' };

interface TypeScopes {
  read: string[];
  write: string[];
}

/**
 * Record scopes by objectTypeId (alternatives: any one of them is enough). Engagements use the contact
 * scopes; emails also accept `sales-email-read`; products and line items also accept `e-commerce`;
 * tickets use the single `tickets` scope.
 */
export const OBJECT_SCOPES: Readonly<Record<string, TypeScopes>> = {
  '0-1': { read: ['crm.objects.contacts.read'], write: ['crm.objects.contacts.write'] },
  '0-2': { read: ['crm.objects.companies.read'], write: ['crm.objects.companies.write'] },
  '0-3': { read: ['crm.objects.deals.read'], write: ['crm.objects.deals.write'] },
  '0-5': { read: ['tickets'], write: ['tickets'] },
  '0-7': {
    read: ['crm.objects.products.read', 'e-commerce'],
    write: ['crm.objects.products.write', 'e-commerce'],
  },
  '0-8': {
    read: ['crm.objects.line_items.read', 'e-commerce'],
    write: ['crm.objects.line_items.write', 'e-commerce'],
  },
  '0-46': { read: ['crm.objects.contacts.read'], write: ['crm.objects.contacts.write'] },
  '0-49': {
    read: ['crm.objects.contacts.read', 'sales-email-read'],
    write: ['crm.objects.contacts.write', 'sales-email-read'],
  },
  '0-48': { read: ['crm.objects.contacts.read'], write: ['crm.objects.contacts.write'] },
  '0-47': { read: ['crm.objects.contacts.read'], write: ['crm.objects.contacts.write'] },
  '0-27': { read: ['crm.objects.contacts.read'], write: ['crm.objects.contacts.write'] },
};

const CUSTOM_OBJECT_SCOPES: TypeScopes = {
  read: ['crm.objects.custom.read'],
  write: ['crm.objects.custom.write'],
};

/** Property definitions by objectTypeId: the type's schema scope, reads also with the record read scope. */
export const PROPERTY_SCOPES: Readonly<Record<string, TypeScopes>> = {
  '0-1': {
    read: ['crm.schemas.contacts.read', 'crm.objects.contacts.read'],
    write: ['crm.schemas.contacts.write'],
  },
  '0-2': {
    read: ['crm.schemas.companies.read', 'crm.objects.companies.read'],
    write: ['crm.schemas.companies.write'],
  },
  '0-3': {
    read: ['crm.schemas.deals.read', 'crm.objects.deals.read'],
    write: ['crm.schemas.deals.write'],
  },
  '0-5': { read: ['crm.schemas.tickets.read', 'tickets'], write: ['crm.schemas.tickets.write', 'tickets'] },
  '0-7': { read: ['crm.objects.products.read', 'e-commerce'], write: ['e-commerce'] },
  '0-8': {
    read: ['crm.schemas.line_items.read', 'crm.objects.line_items.read', 'e-commerce'],
    write: ['e-commerce'],
  },
  '0-46': {
    read: ['crm.schemas.notes.read', 'crm.objects.contacts.read'],
    write: ['crm.schemas.contacts.write'],
  },
  '0-49': {
    read: ['crm.schemas.emails.read', 'crm.objects.contacts.read'],
    write: ['crm.schemas.contacts.write'],
  },
  '0-48': {
    read: ['crm.schemas.calls.read', 'crm.objects.contacts.read'],
    write: ['crm.schemas.contacts.write'],
  },
  '0-47': {
    read: ['crm.schemas.meetings.read', 'crm.objects.contacts.read'],
    write: ['crm.schemas.contacts.write'],
  },
  '0-27': {
    read: ['crm.schemas.tasks.read', 'crm.objects.contacts.read'],
    write: ['crm.schemas.contacts.write'],
  },
};

const CUSTOM_PROPERTY_SCOPES: TypeScopes = {
  read: ['crm.schemas.custom.read', 'crm.objects.custom.read'],
  write: ['crm.schemas.custom.write'],
};

/** Pipelines by objectTypeId (only deals and tickets have pipelines in the emulator). */
export const PIPELINE_SCOPES: Readonly<Record<string, TypeScopes>> = {
  '0-3': { read: ['crm.objects.deals.read', 'crm.schemas.deals.read'], write: ['crm.schemas.deals.write'] },
  '0-5': { read: ['tickets', 'crm.schemas.tickets.read'], write: ['tickets', 'crm.schemas.tickets.write'] },
};

export const SCHEMA_SCOPES: TypeScopes = {
  read: ['crm.schemas.custom.read', 'crm.objects.custom.read'],
  write: ['crm.schemas.custom.write'],
};

export const OWNER_SCOPES = ['crm.objects.owners.read', 'automation'];

export const LIST_SCOPES = { read: 'crm.lists.read', write: 'crm.lists.write' } as const;

export function objectScopes(type: ObjectTypeDef): TypeScopes {
  return OBJECT_SCOPES[type.objectTypeId] ?? CUSTOM_OBJECT_SCOPES;
}

/** The requirement of a rule; `typeOf` resolves a route parameter to an object type (undefined: unknown). */
export function requiredScopes(
  rule: ScopeRule,
  typeOf: (param: string) => ObjectTypeDef | undefined,
): ScopeRequirement {
  switch (rule.family) {
    case 'none':
      return [];
    case 'owners':
      return [OWNER_SCOPES];
    case 'schemas':
      return [SCHEMA_SCOPES[rule.access]];
    case 'lists':
      if (rule.access === 'read') return [[LIST_SCOPES.read]];
      if (rule.access === 'create') return [[LIST_SCOPES.write]];
      return [[LIST_SCOPES.read], [LIST_SCOPES.write]];
    case 'objects': {
      const type = typeOf(rule.param ?? 'objectType');
      return type ? [objectScopes(type)[rule.access]] : [];
    }
    case 'associations': {
      const from = typeOf('fromType');
      const to = typeOf('toType');
      const clauses: ScopeRequirement = [];
      for (const t of [from, to]) {
        if (!t) continue;
        const clause = objectScopes(t)[rule.access];
        if (!clauses.some((c) => c.join(' ') === clause.join(' '))) clauses.push(clause);
      }
      return clauses;
    }
    case 'properties': {
      const type = typeOf('objectType');
      if (!type) return [];
      return [(PROPERTY_SCOPES[type.objectTypeId] ?? CUSTOM_PROPERTY_SCOPES)[rule.access]];
    }
    case 'pipelines': {
      const type = typeOf('objectType');
      if (!type) return [];
      const scopes = PIPELINE_SCOPES[type.objectTypeId] ?? objectScopes(type);
      return [scopes[rule.access]];
    }
  }
}

/** The clauses the granted scopes do not satisfy (empty: allowed). */
export function unmetClauses(requirement: ScopeRequirement, granted: readonly string[]): ScopeRequirement {
  const have = new Set(granted);
  return requirement.filter((clause) => !clause.some((s) => have.has(s)));
}

export const MISSING_SCOPES_MESSAGE =
  "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.";

/** HubSpot's 403 body for missing scopes: one error per unmet clause, naming its scopes. */
export function missingScopesBody(unmet: ScopeRequirement, correlationId: string): Record<string, unknown> {
  return {
    status: 'error',
    message: MISSING_SCOPES_MESSAGE,
    correlationId,
    errors: unmet.map((clause) => ({
      message: 'One or more of the following scopes are required.',
      context: { requiredGranularScopes: [...clause] },
    })),
    links: { scopes: 'https://developers.hubspot.com/scopes' },
    category: 'MISSING_SCOPES',
  };
}

/** Every scope the table above knows (what an unscoped static token effectively has). */
export function allKnownScopes(): string[] {
  const all = new Set<string>([...OWNER_SCOPES, LIST_SCOPES.read, LIST_SCOPES.write]);
  for (const table of [OBJECT_SCOPES, PROPERTY_SCOPES, PIPELINE_SCOPES]) {
    for (const t of Object.values(table)) for (const s of [...t.read, ...t.write]) all.add(s);
  }
  for (const t of [CUSTOM_OBJECT_SCOPES, CUSTOM_PROPERTY_SCOPES, SCHEMA_SCOPES])
    for (const s of [...t.read, ...t.write]) all.add(s);
  return [...all].sort();
}
