import { Logger } from '@nestjs/common';
import { resolveHubspotConfig } from '../../config/hubspot.config';
import { HubspotConflictError, HubspotNotFoundError } from '../../errors';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { HubspotPaths } from '../../http/hubspot-paths';
import { TokenProvider } from '../../http/token-provider';
import { PropertiesService } from './properties.service';

/** A portal's properties behind a fake HTTP client that records the calls. */
function build(existing: Record<string, Array<Record<string, unknown>>>, conflictOn: string[] = []) {
  const calls: string[] = [];
  const store = structuredClone(existing);
  const http = {
    get: async (path: string) => {
      calls.push(`GET ${path}`);
      const [, , , , objectType, name] = path.split('/');
      const list = store[objectType] ?? [];
      if (!name) return { data: { results: list } };
      const found = list.find((p) => p.name === name);
      if (!found) throw new HubspotNotFoundError('not found', { status: 404 });
      return { data: found };
    },
    post: async (path: string, body: Record<string, unknown>) => {
      calls.push(`POST ${path} ${body.name}`);
      const objectType = path.split('/').pop() as string;
      (store[objectType] ??= []).push(body);
      if (conflictOn.includes(String(body.name))) throw new HubspotConflictError('Property already exists');
      return { data: body };
    },
  } as unknown as HubspotHttpClient;
  const tokens = { defaultPortalId: async () => 1 } as unknown as TokenProvider;
  const config = resolveHubspotConfig({
    auth: { type: 'private-app', accessToken: 'pat-test-1234' },
    objects: {
      contacts: {
        properties: [
          { name: 'firstname' },
          { name: 'lastname_typo' },
          {
            name: 'plan',
            label: 'Plan',
            type: 'enumeration',
            fieldType: 'select',
            options: [
              { label: 'Free', value: 'free' },
              { label: 'Team', value: 'team' },
            ],
          },
        ],
      },
      deals: { properties: [{ name: 'seats', label: 'Seats', type: 'number', fieldType: 'number' }] },
    },
  });
  const service = new PropertiesService(config, http, new HubspotPaths(config.apiVersion));
  Object.assign(service, { tokens });
  return { service, calls };
}

describe('PropertiesService.ensureDeclared', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('lists each object type once, creates what is missing, and checks the rest against the declarations', async () => {
    const { service, calls } = build({
      contacts: [
        { name: 'firstname', type: 'string' },
        { name: 'churned', type: 'bool' },
        { name: 'plan', type: 'enumeration', options: [{ value: 'free' }] },
      ],
      companies: [],
    });
    const checks = await service.ensureDeclared();
    expect(
      checks.map((c) => `${c.objectType}.${c.name}: ${c.status}${c.problem ? ` (${c.problem})` : ''}`),
    ).toEqual([
      'contacts.churned: exists',
      'contacts.churn_date: created',
      'contacts.app_user_id: created',
      'contacts.firstname: exists',
      expect.stringMatching(/^contacts\.lastname_typo: missing \(no such property in HubSpot/),
      "contacts.plan: mismatch (options 'team' are missing)",
      'companies.app_company_domain: created',
      'deals.seats: created',
    ]);
    expect(calls.filter((c) => c.startsWith('GET'))).toEqual([
      'GET /crm/properties/2026-09/contacts',
      'GET /crm/properties/2026-09/companies',
      'GET /crm/properties/2026-09/deals',
    ]);
  });

  it('takes a property another process created first as existing', async () => {
    const { service, calls } = build({ contacts: [], companies: [] }, ['app_user_id']);
    const checks = await service.ensureDeclared();
    expect(checks.find((c) => c.name === 'app_user_id')).toMatchObject({ status: 'exists' });
    expect(calls).toContain('GET /crm/properties/2026-09/contacts/app_user_id');
  });
});
