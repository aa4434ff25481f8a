import { Injectable } from '@nestjs/common';
import { HubspotConfigError } from '../../errors/hubspot-config.error';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { HubspotPaths } from '../../http/hubspot-paths';
import { HubspotObject } from '../../http/hubspot-request.types';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { DirectUpsertOptions, UpsertResult } from '../../engine/direct/direct-upsert.types';
import { SyncIntent } from '../../engine/intents/sync-intent.types';
import { PropertyValue } from '../../model/property-value';
import { readObject, ReadOptions } from '../shared/crm-read';
import { CrmCallOptions, CrmWriteOptions, PortalScoped, QueuedWriteOptions } from '../shared/portal-scoped';
import { QueuedIntent } from '../shared/queued-intent';
import { RecordUpserts } from '../shared/record-upserts';
import { normaliseDomain } from '../../model/normalise-domain';
import { SyncSourcesRegistry } from '../sources/sync-sources.registry';

export interface CompanyIntent {
  /** Any form of the domain (URL, host, email); normalised into the company key. */
  domain: string;
  properties: Record<string, PropertyValue>;
}

/**
 * Companies keyed by normalised domain. HubSpot's API does not dedupe companies, so the key lives in a unique
 * custom property (`sync.companyKeyProperty`) used as the batch/upsert idProperty: one company per domain.
 */
@Injectable()
export class CompaniesService extends PortalScoped {
  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly upserts: RecordUpserts,
    private readonly http: HubspotHttpClient,
    private readonly paths: HubspotPaths,
    private readonly sources: SyncSourcesRegistry,
  ) {
    super();
  }

  /** Queues a host record through the `@HubspotCompanySource()` provider's `toCompany` (backfill's mapping). */
  async upsertRecord<T>(record: T, options: QueuedWriteOptions = {}): Promise<QueuedIntent> {
    const source = this.sources.companies();
    if (!source) {
      throw new HubspotConfigError([
        'no CompanySource: mark a provider implementing CompanySource with @HubspotCompanySource()',
      ]);
    }
    return this.upsert(source.toCompany(record), options);
  }

  /** Queued (merged per domain); with `{ transaction }`, sent once the host's transaction committed. */
  async upsert(company: CompanyIntent, options: QueuedWriteOptions = {}): Promise<QueuedIntent> {
    const intent = this.intent(company, await this.portal(options.portalId), options);
    return this.upserts.queue(intent, options.transaction);
  }

  async upsertNow(company: CompanyIntent, options: CrmWriteOptions = {}): Promise<string> {
    return this.upserts.now(this.intent(company, await this.portal(options.portalId), options));
  }

  async upsertMany(
    companies: CompanyIntent[],
    options: CrmWriteOptions & DirectUpsertOptions = {},
  ): Promise<UpsertResult[]> {
    const portalId = await this.portal(options.portalId);
    return this.upserts.many(
      companies.map((c) => this.intent(c, portalId, options)),
      options,
    );
  }

  async getByDomain(
    domain: string,
    options: CrmCallOptions & ReadOptions = {},
  ): Promise<HubspotObject | null> {
    return readObject(
      this.http,
      this.paths,
      await this.portal(options.portalId),
      'companies',
      normaliseDomain(domain),
      {
        ...options,
        idProperty: this.config.sync.companyKeyProperty,
      },
    );
  }

  private intent(company: CompanyIntent, portalId: number, options: CrmWriteOptions): SyncIntent {
    const key = normaliseDomain(company.domain);
    return {
      portalId,
      objectType: 'companies',
      idProperty: this.config.sync.companyKeyProperty,
      id: key,
      localKey: key,
      properties: { domain: key, ...company.properties },
      lane: options.lane ?? 'live',
    };
  }
}
