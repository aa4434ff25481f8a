import { HubspotFeature } from '../../model/hubspot-feature';

/**
 * One scope a feature needs; `anyOf` lists alternatives HubSpot accepts instead (e.g. `e-commerce` for line
 * items). The first entry is the one to grant.
 */
export interface ScopeNeed {
  scope: string;
  anyOf?: string[];
  /** What the feature does with it, for the log line. */
  why: string;
}

/**
 * The minimum scopes of each feature, from the endpoints the module calls for it (README "Scopes" shows
 * the same table). Reads are included: reconciliation, the health probe and the 409 recovery read records.
 */
export const FEATURE_SCOPES: Readonly<Record<HubspotFeature, readonly ScopeNeed[]>> = {
  contacts: [
    { scope: 'crm.objects.contacts.write', why: 'upsert contacts' },
    { scope: 'crm.objects.contacts.read', why: 'read contacts (reconciliation, health probe)' },
  ],
  companies: [
    { scope: 'crm.objects.companies.write', why: 'upsert companies' },
    { scope: 'crm.objects.companies.read', why: 'read companies (reconciliation)' },
  ],
  associations: [
    { scope: 'crm.objects.contacts.write', why: 'associate contacts' },
    { scope: 'crm.objects.companies.write', why: 'associate companies' },
  ],
  properties: [
    { scope: 'crm.schemas.contacts.write', why: 'create the module properties on contacts' },
    { scope: 'crm.schemas.companies.write', why: 'create the module property on companies' },
  ],
  deals: [
    { scope: 'crm.objects.deals.write', why: 'create deals and associate them' },
    { scope: 'crm.objects.deals.read', why: 'read deals' },
  ],
  'line-items': [
    { scope: 'crm.objects.line_items.write', anyOf: ['e-commerce'], why: 'create line items' },
    { scope: 'crm.objects.deals.write', why: 'associate line items to deals' },
  ],
  tickets: [{ scope: 'tickets', why: 'read and write tickets' }],
  'custom-objects': [
    { scope: 'crm.objects.custom.write', why: 'upsert custom object records' },
    { scope: 'crm.objects.custom.read', why: 'read custom object records' },
  ],
  lists: [
    { scope: 'crm.lists.write', why: 'create lists and change memberships' },
    { scope: 'crm.lists.read', why: 'change and read memberships' },
  ],
  engagements: [
    { scope: 'crm.objects.contacts.write', why: 'log notes, calls, meetings, emails and tasks' },
    { scope: 'crm.objects.contacts.read', why: 'read engagements' },
  ],
  owners: [{ scope: 'crm.objects.owners.read', anyOf: ['automation'], why: 'read owners' }],
  pipelines: [
    { scope: 'crm.objects.deals.read', anyOf: ['crm.schemas.deals.read'], why: 'read deal pipelines' },
  ],
  gdpr: [{ scope: 'crm.objects.contacts.write', why: 'GDPR-delete contacts' }],
};

/** A scope the token lacks, with every feature (and use) that needs it. */
export interface MissingScope {
  scope: string;
  neededBy: Array<{ feature: HubspotFeature; why: string }>;
}

/** The scopes `features` need that `granted` does not satisfy, one entry per scope, in table order. */
export function missingScopes(
  features: readonly HubspotFeature[],
  granted: readonly string[],
): MissingScope[] {
  const have = new Set(granted);
  const missing = new Map<string, MissingScope>();
  for (const feature of new Set(features)) {
    for (const need of FEATURE_SCOPES[feature]) {
      if ([need.scope, ...(need.anyOf ?? [])].some((s) => have.has(s))) continue;
      const entry = missing.get(need.scope) ?? { scope: need.scope, neededBy: [] };
      entry.neededBy.push({ feature, why: need.why });
      missing.set(need.scope, entry);
    }
  }
  return [...missing.values()];
}

/** `crm.objects.companies.write (needed by companies: upsert companies; associations: associate companies)` */
export function describeMissing(m: MissingScope): string {
  const by = m.neededBy.map((n) => `${n.feature}: ${n.why}`).join('; ');
  return `${m.scope} (needed by ${by})`;
}
