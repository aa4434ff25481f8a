import { Injectable } from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { driftedProperties } from '../reconciliation/property-diff';
import { HubspotRecordReader } from '../reconciliation/hubspot-record-reader';
import { DryRunEstimate, SyncRunPhase } from '../sync-run.types';
import { companyIdentity, contactIdentity, RecordIdentity } from '../../crm/sources/source-identity';
import { SourceCompany, SourceContact } from '../../crm/sources/source.types';
import { RunWriter } from '../run-writer';

/** Inputs per v4 batch association call. */
export const ASSOCIATION_BATCH = 100;

export function emptyEstimate(): DryRunEstimate {
  return {
    wouldCreate: 0,
    wouldUpdate: 0,
    unchanged: 0,
    estimatedCalls: 0,
    readCalls: 0,
    shareOfDailyBudget: 0,
  };
}

/**
 * Dry run of one page: records whose ledger hash matches are unchanged without a call; the rest are read back
 * from HubSpot by their key (batch/read, on the backfill lane) to tell a create from an update from a record
 * HubSpot already has right. The real run sends one batch per page that has anything to write.
 */
@Injectable()
export class BackfillEstimator {
  constructor(
    private readonly reader: HubspotRecordReader,
    private readonly writer: RunWriter,
    @InjectHubspotConfig() private readonly config: HubspotConfig,
  ) {}

  async estimate(
    phase: SyncRunPhase,
    items: Array<SourceContact | SourceCompany>,
    portalId: number,
  ): Promise<DryRunEstimate> {
    const out = emptyEstimate();
    if (phase === 'associations') {
      const pairs = (items as SourceContact[]).reduce((n, c) => n + (c.companyDomains?.length ?? 0), 0);
      out.estimatedCalls = Math.ceil(pairs / ASSOCIATION_BATCH);
      return out;
    }
    const objectType = phase;
    const identify = (item: SourceContact | SourceCompany): RecordIdentity | null =>
      phase === 'contacts'
        ? contactIdentity(item as SourceContact, this.config.sync.contactIdProperty)
        : companyIdentity(item as SourceCompany, this.config.sync.companyKeyProperty);
    const unchanged = await this.writer.unchangedByLedger(objectType, items, portalId);
    const toRead: Array<{ identity: RecordIdentity; item: SourceContact | SourceCompany }> = [];
    for (const item of items) {
      const identity = identify(item);
      if (!identity) continue;
      if (unchanged.has(identity.key)) out.unchanged += 1;
      else toRead.push({ identity, item });
    }
    if (toRead.length) {
      const properties = [...new Set(toRead.flatMap(({ item }) => Object.keys(item.properties)))];
      const read = await this.reader.readByIdentity(
        objectType,
        toRead.map((r) => r.identity),
        properties,
        { portalId, lane: 'backfill' },
      );
      out.readCalls = read.calls;
      out.dailyLimit = read.dailyLimit;
      out.dailyRemaining = read.dailyRemaining;
      for (const { identity, item } of toRead) {
        const remote = read.found.get(identity.key);
        if (!remote) out.wouldCreate += 1;
        else if (driftedProperties(item.properties, remote.properties).length) out.wouldUpdate += 1;
        else out.unchanged += 1;
      }
    }
    if (out.wouldCreate + out.wouldUpdate > 0) out.estimatedCalls = 1;
    return out;
  }
}

/** Adds a page's estimate to the run's, keeping HubSpot's latest daily figures. */
export function mergeEstimate(into: DryRunEstimate, page: DryRunEstimate): void {
  into.wouldCreate += page.wouldCreate;
  into.wouldUpdate += page.wouldUpdate;
  into.unchanged += page.unchanged;
  into.estimatedCalls += page.estimatedCalls;
  into.readCalls += page.readCalls;
  if (page.dailyLimit !== undefined) into.dailyLimit = page.dailyLimit;
  if (page.dailyRemaining !== undefined) into.dailyRemaining = page.dailyRemaining;
  into.shareOfDailyBudget =
    into.estimatedCalls === 0 ? 0 : into.dailyLimit ? into.estimatedCalls / into.dailyLimit : null;
}
