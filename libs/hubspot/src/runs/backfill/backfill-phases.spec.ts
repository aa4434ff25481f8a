import { SourceMissingError } from '../../errors/run-errors';
import { HubspotConfigError } from '../../errors/hubspot-config.error';
import { HubspotTransientError } from '../../errors/hubspot-transient.error';
import { SyncSourcesRegistry } from '../../crm/sources/sync-sources.registry';
import { phasesFor, tally, throwIfRetry } from './backfill-phases';
import { requireSources } from './backfill.service';

describe('backfill phases', () => {
  it('runs companies, then contacts, then associations; companies only with a company source', () => {
    expect(phasesFor('all', true)).toEqual(['companies', 'contacts', 'associations']);
    expect(phasesFor('all', false)).toEqual(['contacts']);
    expect(phasesFor('contacts', true)).toEqual(['contacts']);
    expect(phasesFor('companies', true)).toEqual(['companies']);
    expect(phasesFor('companies', false)).toEqual([]);
  });

  it('tallies write results and refuses to commit a batch with retryable failures', () => {
    const results = [
      { key: 'a', status: 'created' as const },
      { key: 'b', status: 'updated' as const },
      { key: 'c', status: 'unchanged' as const },
      { key: 'd', status: 'failed' as const },
    ];
    expect(tally(results)).toEqual({ processed: 4, created: 1, updated: 1, unchanged: 1, failed: 1 });
    expect(() => throwIfRetry(results)).not.toThrow();
    const transient = new HubspotTransientError('502 Bad Gateway');
    expect(() => throwIfRetry([...results, { key: 'e', status: 'retry', error: transient }])).toThrow(
      transient,
    );
    expect(() => throwIfRetry([{ key: 'f', status: 'retry', error: new Error('odd') }])).toThrow(
      HubspotTransientError,
    );
  });

  it('fails fast when the host has not implemented the source a run needs', () => {
    const none = {
      contacts: () => {
        throw new HubspotConfigError(['no ContactSource: mark a provider with @HubspotContactSource()']);
      },
      companies: () => null,
    } as unknown as SyncSourcesRegistry;
    expect(() => requireSources(none, 'all')).toThrow(SourceMissingError);
    expect(() => requireSources(none, 'companies')).toThrow(/no CompanySource/);
    const contactsOnly = { contacts: () => ({}), companies: () => null } as unknown as SyncSourcesRegistry;
    expect(() => requireSources(contactsOnly, 'contacts')).not.toThrow();
  });
});
