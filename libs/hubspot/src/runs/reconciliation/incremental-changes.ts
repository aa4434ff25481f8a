import { Injectable } from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { HubspotRecordReader } from './hubspot-record-reader';
import { ReconcileObjectType } from './drift-repairer';
import { SEARCH_RESULT_CAP, SearchWindow, splitSearchWindows } from './search-windows';

/** Search's page size limit. */
const SEARCH_PAGE = 200;

export interface ChangedKeys {
  /** contacts: emails and user ids; companies: domains (in `domains`). */
  emails: string[];
  userIds: string[];
  domains: string[];
}

/**
 * Finds what HubSpot changed in a time range with CRM search on the last-modified property (contacts:
 * `lastmodifieddate`, others: `hs_lastmodifieddate`). Every call goes through the search bucket (5/s);
 * ranges over the 10,000-result cap are split first, so no query ever pages past it.
 */
@Injectable()
export class IncrementalChanges {
  constructor(
    private readonly reader: HubspotRecordReader,
    @InjectHubspotConfig() private readonly config: HubspotConfig,
  ) {}

  windows(
    objectType: ReconcileObjectType,
    from: number,
    to: number,
    portalId: number,
  ): Promise<SearchWindow[]> {
    return splitSearchWindows(
      from,
      to,
      async (a, b) =>
        (
          await this.reader.search(objectType, this.body(objectType, a, b, 1), {
            portalId,
            lane: 'reconcile',
          })
        ).total,
      SEARCH_RESULT_CAP,
    );
  }

  /**
   * Keys of every record changed in the window. Collected before any repair: repairs move records out of
   * the window (their last-modified becomes now), which would shift search's offset-based paging.
   */
  async collect(
    objectType: ReconcileObjectType,
    window: SearchWindow,
    portalId: number,
  ): Promise<ChangedKeys> {
    const keys: ChangedKeys = { emails: [], userIds: [], domains: [] };
    let after: string | undefined;
    let seen = 0;
    do {
      const page = await this.reader.search(
        objectType,
        { ...this.body(objectType, window.from, window.to, SEARCH_PAGE), ...(after ? { after } : {}) },
        { portalId, lane: 'reconcile' },
      );
      seen += page.results.length;
      const found = this.keysOf(
        objectType,
        page.results.map((r) => r.properties),
      );
      keys.emails.push(...found.emails);
      keys.userIds.push(...found.userIds);
      keys.domains.push(...found.domains);
      after = page.after;
    } while (after && seen < SEARCH_RESULT_CAP);
    return keys;
  }

  private keysOf(objectType: ReconcileObjectType, rows: Array<Record<string, string | null>>): ChangedKeys {
    const keys: ChangedKeys = { emails: [], userIds: [], domains: [] };
    const { contactIdProperty, companyKeyProperty } = this.config.sync;
    for (const p of rows) {
      if (objectType === 'companies') {
        if (p[companyKeyProperty]) keys.domains.push(p[companyKeyProperty]!);
        continue;
      }
      if (p.email) keys.emails.push(p.email);
      if (p[contactIdProperty]) keys.userIds.push(p[contactIdProperty]!);
    }
    return keys;
  }

  private body(objectType: ReconcileObjectType, from: number, to: number, limit: number) {
    const property = objectType === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
    const { contactIdProperty, companyKeyProperty } = this.config.sync;
    return {
      filterGroups: [
        {
          filters: [
            { propertyName: property, operator: 'GTE', value: String(from) },
            { propertyName: property, operator: 'LT', value: String(to) },
          ],
        },
      ],
      sorts: [{ propertyName: property, direction: 'ASCENDING' }],
      properties: objectType === 'contacts' ? ['email', contactIdProperty] : [companyKeyProperty],
      limit,
    };
  }
}
