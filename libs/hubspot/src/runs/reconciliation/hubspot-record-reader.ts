import { Injectable } from '@nestjs/common';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { HubspotPaths } from '../../http/hubspot-paths';
import { HubspotBatchResponse, HubspotObject, Lane } from '../../http/hubspot-request.types';
import { identityKey, RecordIdentity } from '../../crm/sources/source-identity';

export interface ReadOptions {
  portalId: number;
  lane: Lane;
}

export interface ReadResult {
  /** Found, non-archived records by identity key. */
  found: Map<string, HubspotObject>;
  calls: number;
  /** HubSpot's daily budget as its headers reported it (absent for OAuth apps). */
  dailyLimit?: number;
  dailyRemaining?: number;
}

export interface SearchPage {
  total: number;
  results: HubspotObject[];
  after?: string;
}

/** HubSpot allows 100 inputs per batch/read. */
const READ_BATCH = 100;

/** Reads records back from HubSpot by the key they are upserted by (dry runs and reconciliation). */
@Injectable()
export class HubspotRecordReader {
  constructor(
    private readonly http: HubspotHttpClient,
    private readonly paths: HubspotPaths,
  ) {}

  /** batch/read per id property (one call per 100 ids); records HubSpot does not have are simply absent. */
  async readByIdentity(
    objectType: string,
    identities: RecordIdentity[],
    properties: string[],
    options: ReadOptions,
  ): Promise<ReadResult> {
    const out: ReadResult = { found: new Map(), calls: 0 };
    const byProperty = new Map<string, RecordIdentity[]>();
    for (const identity of identities) {
      byProperty.set(identity.idProperty, [...(byProperty.get(identity.idProperty) ?? []), identity]);
    }
    for (const [idProperty, group] of byProperty) {
      for (let i = 0; i < group.length; i += READ_BATCH) {
        const slice = group.slice(i, i + READ_BATCH);
        const res = await this.http.post<HubspotBatchResponse<HubspotObject>>(
          this.paths.batch(objectType, 'read'),
          {
            idProperty,
            properties: [...new Set([...properties, idProperty])],
            inputs: slice.map((identity) => ({ id: identity.id })),
          },
          { portalId: options.portalId, lane: options.lane },
        );
        out.calls += 1;
        const daily = Number(res.headers['x-hubspot-ratelimit-daily']);
        const remaining = Number(res.headers['x-hubspot-ratelimit-daily-remaining']);
        if (Number.isFinite(daily) && daily > 0) out.dailyLimit = daily;
        if (Number.isFinite(remaining) && res.headers['x-hubspot-ratelimit-daily-remaining'] !== undefined) {
          out.dailyRemaining = remaining;
        }
        for (const record of res.data?.results ?? []) {
          const value = record.properties?.[idProperty];
          if (record.archived || value === null || value === undefined) continue;
          out.found.set(identityKey(idProperty, value), record);
        }
      }
    }
    return out;
  }

  /** One page of CRM search (its own 5/s bucket, no rate-limit headers, 10,000 results per query at most). */
  async search(objectType: string, body: Record<string, unknown>, options: ReadOptions): Promise<SearchPage> {
    const res = await this.http.post<{
      total: number;
      results: HubspotObject[];
      paging?: { next?: { after: string } };
    }>(this.paths.search(objectType), body, { portalId: options.portalId, lane: options.lane });
    return { total: res.data.total, results: res.data.results ?? [], after: res.data.paging?.next?.after };
  }
}
