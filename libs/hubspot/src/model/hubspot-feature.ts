/**
 * What a host uses the module for. The boot scope check compares the token's scopes with what these need
 * (`auth/scopes/feature-scopes.ts`); the host lists its own in `auth.features`.
 */
export const HUBSPOT_FEATURES = [
  'contacts',
  'companies',
  'associations',
  'properties',
  'deals',
  'line-items',
  'tickets',
  'custom-objects',
  'lists',
  'engagements',
  'owners',
  'pipelines',
  'gdpr',
] as const;

export type HubspotFeature = (typeof HUBSPOT_FEATURES)[number];
