import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HUBSPOT_FEATURES } from '../../model/hubspot-feature';
import { describeMissing, FEATURE_SCOPES, missingScopes } from './feature-scopes';

describe('feature scopes', () => {
  it('knows the scopes of every feature', () => {
    for (const feature of HUBSPOT_FEATURES) expect(FEATURE_SCOPES[feature].length).toBeGreaterThan(0);
  });

  it('names each missing scope once, with every feature that needs it', () => {
    const missing = missingScopes(
      ['contacts', 'companies', 'associations'],
      ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.companies.read'],
    );
    expect(missing).toEqual([
      {
        scope: 'crm.objects.companies.write',
        neededBy: [
          { feature: 'companies', why: 'upsert companies' },
          { feature: 'associations', why: 'associate companies' },
        ],
      },
    ]);
    expect(describeMissing(missing[0])).toBe(
      'crm.objects.companies.write (needed by companies: upsert companies; associations: associate companies)',
    );
  });

  it('accepts an alternative HubSpot takes instead', () => {
    expect(missingScopes(['line-items'], ['e-commerce', 'crm.objects.deals.write'])).toEqual([]);
    expect(missingScopes(['owners'], ['automation'])).toEqual([]);
    expect(missingScopes(['owners'], []).map((m) => m.scope)).toEqual(['crm.objects.owners.read']);
  });

  it('needs nothing for no features', () => {
    expect(missingScopes([], [])).toEqual([]);
  });

  it.each([['README.md'], ['libs/hubspot/README.md']])(
    '%s shows the same minimum scopes per feature',
    (file) => {
      const readme = readFileSync(join(__dirname, '../../../../..', file), 'utf8');
      for (const feature of HUBSPOT_FEATURES) {
        const row = readme.split('\n').find((line) => line.startsWith(`| \`${feature}\` |`));
        expect(row).toBeDefined();
        for (const need of FEATURE_SCOPES[feature]) {
          expect(row).toContain(`\`${need.scope}\``);
          for (const alternative of need.anyOf ?? []) expect(row).toContain(`\`${alternative}\``);
        }
      }
    },
  );
});
