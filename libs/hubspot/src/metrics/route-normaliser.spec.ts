import { normaliseRoute } from './route-normaliser';

describe('normaliseRoute', () => {
  it.each([
    ['/crm/v3/objects/contacts/123', '/crm/v3/objects/contacts/:id'],
    ['/crm/v3/objects/contacts/batch/upsert', '/crm/v3/objects/contacts/batch/upsert'],
    [
      '/crm/v4/objects/contacts/1/associations/default/companies/22',
      '/crm/v4/objects/contacts/:id/associations/default/companies/:id',
    ],
    ['/crm/v3/lists/77/memberships/add', '/crm/v3/lists/:id/memberships/add'],
    ['/crm/v3/properties/contacts/plan', '/crm/v3/properties/contacts/:name'],
    ['/crm/v3/properties/contacts', '/crm/v3/properties/contacts'],
    ['/oauth/v1/access-tokens/CKn0-secret-token', '/oauth/v1/access-tokens/:token'],
    ['/crm/v3/objects/contacts/123?idProperty=email', '/crm/v3/objects/contacts/:id'],
  ])('%s -> %s', (path, expected) => {
    expect(normaliseRoute(path)).toBe(expected);
  });
});
