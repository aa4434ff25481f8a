import { HubspotPaths, isAssociationsPath, isSearchPath } from './hubspot-paths';
import { bucketForPath } from './rate-limit/rate-limit.buckets';

describe('HubspotPaths', () => {
  const paths = new HubspotPaths('2026-09');

  it('puts the version after the API family', () => {
    expect(paths.objects('contacts')).toBe('/crm/objects/2026-09/contacts');
    expect(paths.object('deals', '42')).toBe('/crm/objects/2026-09/deals/42');
    expect(paths.batch('contacts', 'upsert')).toBe('/crm/objects/2026-09/contacts/batch/upsert');
    expect(paths.search('companies')).toBe('/crm/objects/2026-09/companies/search');
    expect(paths.merge('contacts')).toBe('/crm/objects/2026-09/contacts/merge');
    expect(paths.gdprDelete()).toBe('/crm/objects/2026-09/contacts/gdpr-delete');
    expect(paths.lists()).toBe('/crm/lists/2026-09');
    expect(paths.listMemberships('7', 'add')).toBe('/crm/lists/2026-09/7/memberships/add');
    expect(paths.properties('contacts')).toBe('/crm/properties/2026-09/contacts');
    expect(paths.property('contacts', 'plan')).toBe('/crm/properties/2026-09/contacts/plan');
    expect(paths.owners()).toBe('/crm/owners/2026-09');
    expect(paths.owner('10000001')).toBe('/crm/owners/2026-09/10000001');
    expect(paths.pipelineStages('deals', 'default')).toBe('/crm/pipelines/2026-09/deals/default/stages');
    expect(paths.accountDetails()).toBe('/account-info/2026-09/details');
  });

  it('moves schemas to their own family', () => {
    expect(paths.schemas()).toBe('/crm-object-schemas/2026-09/schemas');
    expect(paths.schema('2-123')).toBe('/crm-object-schemas/2026-09/schemas/2-123');
  });

  it('keeps per-record associations under objects and batch/labels under associations', () => {
    expect(paths.defaultAssociation('contacts', '1', 'companies', '2')).toBe(
      '/crm/objects/2026-09/contacts/1/associations/default/companies/2',
    );
    expect(paths.recordAssociation('contacts', '1', 'companies', '2')).toBe(
      '/crm/objects/2026-09/contacts/1/associations/companies/2',
    );
    expect(paths.recordAssociations('contacts', '1', 'notes')).toBe(
      '/crm/objects/2026-09/contacts/1/associations/notes',
    );
    expect(paths.associationBatch('contacts', 'companies', 'associate/default')).toBe(
      '/crm/associations/2026-09/contacts/companies/batch/associate/default',
    );
    expect(paths.associationLabels('contacts', 'companies', 5)).toBe(
      '/crm/associations/2026-09/contacts/companies/labels/5',
    );
  });

  it('uses the one dated OAuth family whatever the API version', () => {
    for (const version of ['2026-03', '2026-09'] as const) {
      const p = new HubspotPaths(version);
      expect(p.oauthToken()).toBe('/oauth/2026-03/token');
      expect(p.oauthIntrospect()).toBe('/oauth/2026-03/token/introspect');
      expect(p.oauthRevoke()).toBe('/oauth/2026-03/token/revoke');
    }
  });

  it('moves every family with the version', () => {
    const older = new HubspotPaths('2026-03');
    expect(older.batch('contacts', 'read')).toBe('/crm/objects/2026-03/contacts/batch/read');
    expect(older.associationBatch('deals', 'contacts', 'create')).toBe(
      '/crm/associations/2026-03/deals/contacts/batch/create',
    );
  });

  it('encodes ids and names as path segments', () => {
    expect(paths.object('contacts', 'a b@x.io')).toBe('/crm/objects/2026-09/contacts/a%20b%40x.io');
    expect(paths.listMemberships('../1')).toBe('/crm/lists/2026-09/..%2F1/memberships');
  });
});

describe('budgets by path', () => {
  const paths = new HubspotPaths('2026-09');

  it('search spends its own bucket, dated or legacy', () => {
    expect(isSearchPath('POST', paths.search('contacts'))).toBe(true);
    expect(isSearchPath('POST', '/crm/v3/objects/contacts/search')).toBe(true);
    expect(isSearchPath('GET', paths.search('contacts'))).toBe(false);
    expect(bucketForPath('POST', paths.search('deals'))).toBe('search');
  });

  it('association calls spend the associations bucket, dated or legacy', () => {
    for (const path of [
      paths.defaultAssociation('contacts', '1', 'companies', '2'),
      paths.associationBatch('contacts', 'companies', 'create'),
      paths.recordAssociations('contacts', '1', 'notes'),
      '/crm/v4/associations/contacts/companies/batch/read',
      '/crm/v3/associations/contacts/companies/batch/create',
    ]) {
      expect(isAssociationsPath(path)).toBe(true);
      expect(bucketForPath('PUT', path)).toBe('associations');
    }
  });

  it('everything else spends the general bucket', () => {
    for (const path of [
      paths.batch('contacts', 'upsert'),
      paths.objects('contacts'),
      paths.properties('contacts'),
      paths.lists(),
      paths.accountDetails(),
    ]) {
      expect(bucketForPath('POST', path)).toBe('default');
    }
  });
});
