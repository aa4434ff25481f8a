import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { HubspotConfigError } from '../../errors/hubspot-config.error';
import { HubspotCompanySource, HubspotContactSource } from './source.decorators';
import { CompanySource, ContactSource } from './source.types';

/**
 * Finds the host's sources (providers marked `@HubspotContactSource()` / `@HubspotCompanySource()`) on first
 * use. `register` sets one explicitly (scripts, tests, hosts that build sources at runtime).
 */
@Injectable()
export class SyncSourcesRegistry {
  private contactSource?: ContactSource;
  private companySource?: CompanySource | null;

  constructor(private readonly discovery: DiscoveryService) {}

  register(source: { contacts?: ContactSource; companies?: CompanySource }): void {
    if (source.contacts) this.contactSource = source.contacts;
    if (source.companies) this.companySource = source.companies;
  }

  /** The contact source; throws a configuration error naming the decorator when none is registered. */
  contacts(): ContactSource {
    this.contactSource ??= this.discover<ContactSource>(HubspotContactSource.KEY, 'HubspotContactSource');
    if (!this.contactSource) {
      throw new HubspotConfigError([
        'no ContactSource: mark a provider implementing ContactSource with @HubspotContactSource()',
      ]);
    }
    return this.contactSource;
  }

  /** The company source, or null when the host syncs no companies. */
  companies(): CompanySource | null {
    if (this.companySource === undefined) {
      this.companySource =
        this.discover<CompanySource>(HubspotCompanySource.KEY, 'HubspotCompanySource') ?? null;
    }
    return this.companySource;
  }

  private discover<T>(key: string, decorator: string): T | undefined {
    const instances = [
      ...new Set(
        this.discovery
          .getProviders({ metadataKey: key })
          .map((wrapper) => wrapper.instance as T | undefined)
          .filter((instance): instance is T => !!instance),
      ),
    ];
    if (instances.length > 1) {
      throw new HubspotConfigError([`more than one provider is marked @${decorator}(); keep exactly one`]);
    }
    return instances[0];
  }
}
