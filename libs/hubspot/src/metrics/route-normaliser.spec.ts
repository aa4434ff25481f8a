import { normaliseRoute } from './route-normaliser';

describe('normaliseRoute', () => {
  it.each([
    ['/crm/objects/2026-09/contacts/123', '/crm/objects/2026-09/contacts/:id'],
    ['/crm/objects/2026-09/contacts/batch/upsert', '/crm/objects/2026-09/contacts/batch/upsert'],
    [
      '/crm/objects/2026-09/contacts/1/associations/default/companies/22',
      '/crm/objects/2026-09/contacts/:id/associations/default/companies/:id',
    ],
    [
      '/crm/associations/2026-09/contacts/companies/batch/associate/default',
      '/crm/associations/2026-09/contacts/companies/batch/associate/default',
    ],
    ['/crm/lists/2026-09/77/memberships/add', '/crm/lists/2026-09/:id/memberships/add'],
    ['/crm/properties/2026-09/contacts/plan', '/crm/properties/2026-09/contacts/:name'],
    ['/crm/properties/2026-09/contacts', '/crm/properties/2026-09/contacts'],
    ['/crm/properties/2026-09/contacts/batch/read', '/crm/properties/2026-09/contacts/batch/read'],
    ['/crm/objects/2026-09/contacts/123?idProperty=email', '/crm/objects/2026-09/contacts/:id'],
    ['/oauth/2026-03/token/introspect', '/oauth/2026-03/token/introspect'],
    // Legacy paths a host may still call through HubspotHttpClient
    ['/crm/v3/properties/contacts/plan', '/crm/v3/properties/contacts/:name'],
    ['/oauth/v1/access-tokens/CKn0-secret-token', '/oauth/v1/access-tokens/:token'],
  ])('%s -> %s', (path, expected) => {
    expect(normaliseRoute(path)).toBe(expected);
  });
});
