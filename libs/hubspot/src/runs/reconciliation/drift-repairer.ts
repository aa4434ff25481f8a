import { Injectable } from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { throwIfRetry } from '../backfill/backfill-phases';
import { RunWriter } from '../run-writer';
import { companyIdentity, contactIdentity, RecordIdentity } from '../../crm/sources/source-identity';
import { SourceCompany, SourceContact } from '../../crm/sources/source.types';
import { HubspotRecordReader } from './hubspot-record-reader';
import { driftedProperties } from './property-diff';

export type ReconcileObjectType = 'contacts' | 'companies';

export interface PageFindings {
  checked: number;
  missing: string[];
  drifted: string[];
  fixed: number;
  failed: number;
}

/**
 * Reconciles one page of local records: reads them back from HubSpot by the key they are upserted by,
 * compares the mapped properties, and re-pushes local truth (bypassing the ledger's unchanged check) for
 * records HubSpot lacks (never created, or archived behind our back) or holds differently.
 */
@Injectable()
export class DriftRepairer {
  constructor(
    private readonly reader: HubspotRecordReader,
    private readonly writer: RunWriter,
    @InjectHubspotConfig() private readonly config: HubspotConfig,
  ) {}

  identify(objectType: ReconcileObjectType, item: SourceContact | SourceCompany): RecordIdentity | null {
    return objectType === 'contacts'
      ? contactIdentity(item as SourceContact, this.config.sync.contactIdProperty)
      : companyIdentity(item as SourceCompany, this.config.sync.companyKeyProperty);
  }

  async repair(
    objectType: ReconcileObjectType,
    items: Array<SourceContact | SourceCompany>,
    portalId: number,
  ): Promise<PageFindings> {
    const findings: PageFindings = { checked: 0, missing: [], drifted: [], fixed: 0, failed: 0 };
    const identified = items
      .map((item) => ({ item, identity: this.identify(objectType, item) }))
      .filter((x): x is { item: SourceContact | SourceCompany; identity: RecordIdentity } => !!x.identity);
    if (!identified.length) return findings;
    const properties = [...new Set(identified.flatMap(({ item }) => Object.keys(item.properties)))];
    const read = await this.reader.readByIdentity(
      objectType,
      identified.map((x) => x.identity),
      properties,
      { portalId, lane: 'reconcile' },
    );
    const toFix: Array<SourceContact | SourceCompany> = [];
    for (const { item, identity } of identified) {
      findings.checked += 1;
      const remote = read.found.get(identity.key);
      if (!remote) findings.missing.push(identity.key);
      else if (driftedProperties(item.properties, remote.properties).length)
        findings.drifted.push(identity.key);
      else continue;
      toFix.push(item);
    }
    if (!toFix.length) return findings;
    const options = { portalId, lane: 'reconcile' as const, force: true };
    const results =
      objectType === 'contacts'
        ? await this.writer.upsertContacts(toFix as SourceContact[], options)
        : await this.writer.upsertCompanies(toFix as SourceCompany[], options);
    throwIfRetry(results);
    for (const r of results) {
      if (r.status === 'failed') findings.failed += 1;
      else findings.fixed += 1;
    }
    return findings;
  }
}
