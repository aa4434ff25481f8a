import { Injectable, Logger } from '@nestjs/common';
import { AssociationsService } from '../crm/associations/associations.service';
import { associationLedgerType, IdPair } from '../crm/associations/association.types';
import { CompaniesService } from '../crm/companies/companies.service';
import { contactIntent } from '../crm/contacts/contact-intent';
import { ContactsService } from '../crm/contacts/contacts.service';
import { UpsertResult } from '../engine/direct/direct-upsert.types';
import { HubspotConfig } from '../config/hubspot.config';
import { InjectHubspotConfig } from '../config/inject-hubspot-config.decorator';
import { DeadLettersService } from '../engine/dead-letters/dead-letters.service';
import { contentHash } from '../engine/ledger/content-hash';
import { PropertyValue } from '../model/property-value';
import { SyncLedgerService } from '../engine/ledger/sync-ledger.service';
import { companyIdentity, contactIdentity, RecordIdentity } from '../crm/sources/source-identity';
import { SourceCompany, SourceContact } from '../crm/sources/source.types';
import { AssociationWriteResult, RecordWriteResult, RunWriteOptions } from './run-writer.types';

/**
 * The writes runs make, over the CRM services: ContactsService/CompaniesService.upsertMany (batch upsert by unique key,
 * ledger, unchanged skip, dead letters for refused records) and AssociationsService.associateManyIds (v4
 * batch, remembered in the ledger), with HubSpot ids resolved from the ledger.
 */
@Injectable()
export class RunWriter {
  private readonly logger = new Logger(RunWriter.name);

  constructor(
    private readonly contacts: ContactsService,
    private readonly companies: CompaniesService,
    private readonly associations: AssociationsService,
    private readonly ledger: SyncLedgerService,
    private readonly deadLetters: DeadLettersService,
    @InjectHubspotConfig() private readonly config: HubspotConfig,
  ) {}

  upsertContacts(items: SourceContact[], options: RunWriteOptions): Promise<RecordWriteResult[]> {
    const { contactIdProperty } = this.config.sync;
    return this.upsertKeyed(
      items,
      (c) => contactIdentity(c, contactIdProperty),
      (known, o) => this.contacts.upsertMany(known, o),
      options,
    );
  }

  upsertCompanies(items: SourceCompany[], options: RunWriteOptions): Promise<RecordWriteResult[]> {
    const { companyKeyProperty } = this.config.sync;
    return this.upsertKeyed(
      items,
      (c) => companyIdentity(c, companyKeyProperty),
      (known, o) => this.companies.upsertMany(known, o),
      options,
    );
  }

  async associateContacts(items: SourceContact[], options: RunWriteOptions): Promise<AssociationWriteResult> {
    const { portalId, lane } = options;
    const wanted: Array<{ fromKey: string; toKey: string }> = [];
    for (const contact of items) {
      const from = contactIdentity(contact, this.config.sync.contactIdProperty);
      for (const domain of contact.companyDomains ?? []) {
        const to = companyIdentity({ domain, properties: {} }, this.config.sync.companyKeyProperty);
        if (from && to) wanted.push({ fromKey: from.localKey, toKey: to.localKey });
      }
    }
    const out: AssociationWriteResult = { associated: 0, skipped: 0, failed: 0 };
    if (!wanted.length) return out;
    const [contactIds, companyIds] = await Promise.all([
      this.ledger.findMany(
        portalId,
        'contacts',
        wanted.map((w) => w.fromKey),
      ),
      this.ledger.findMany(
        portalId,
        'companies',
        wanted.map((w) => w.toKey),
      ),
    ]);
    const pairs: Array<IdPair & { fromKey: string; toKey: string }> = [];
    for (const w of wanted) {
      const fromId = contactIds.get(w.fromKey)?.hubspotId;
      const toId = companyIds.get(w.toKey)?.hubspotId;
      if (fromId && toId) pairs.push({ ...w, fromId, toId });
      else out.skipped += 1;
    }
    const done = await this.ledger.findMany(
      portalId,
      associationLedgerType('contacts', 'companies'),
      pairs.map((p) => `${p.fromId}:${p.toId}`),
    );
    const todo = pairs.filter((p) => !done.has(`${p.fromId}:${p.toId}`));
    out.associated += pairs.length - todo.length;
    if (!todo.length) return out;
    const outcomes = await this.associations.associateManyIds('contacts', 'companies', todo, {
      portalId,
      lane,
    });
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.kind === 'ok') out.associated += 1;
      else if (outcome.kind === 'retry') out.retry ??= outcome.error;
      else {
        out.failed += 1;
        await this.deadLetters.record({
          portalId,
          objectType: 'contacts',
          operation: 'associate',
          localKey: todo[i].fromKey,
          lane,
          payload: {
            fromType: 'contacts',
            fromKey: todo[i].fromKey,
            toType: 'companies',
            toKey: todo[i].toKey,
            portalId,
            lane,
          },
          error: outcome.error,
          attempts: 1,
        });
      }
    }
    if (out.skipped)
      this.logger.warn(`${out.skipped} association(s) skipped: contact or company not in HubSpot`);
    return out;
  }

  async unchangedByLedger(
    objectType: 'contacts' | 'companies',
    records: Array<SourceContact | SourceCompany>,
    portalId: number,
  ): Promise<Set<string>> {
    const { contactIdProperty, companyKeyProperty } = this.config.sync;
    type Sent = {
      identity: RecordIdentity;
      idProperty: string;
      id: string;
      properties: Record<string, PropertyValue>;
    };
    const intents: Sent[] = [];
    for (const record of records) {
      if (objectType === 'contacts') {
        const identity = contactIdentity(record as SourceContact, contactIdProperty);
        if (identity)
          intents.push({ identity, ...contactIntent(record as SourceContact, portalId, contactIdProperty) });
        continue;
      }
      const identity = companyIdentity(record as SourceCompany, companyKeyProperty);
      // Same content as CompaniesService's intent: the key property plus `domain`.
      if (identity)
        intents.push({ identity, ...identity, properties: { domain: identity.id, ...record.properties } });
    }
    const rows = await this.ledger.findMany(
      portalId,
      objectType,
      intents.map((i) => i.identity.localKey),
    );
    const unchanged = new Set<string>();
    for (const i of intents) {
      const row = rows.get(i.identity.localKey);
      if (row?.hubspotId && row.contentHash === contentHash(i.idProperty, i.id, i.properties)) {
        unchanged.add(i.identity.key);
      }
    }
    return unchanged;
  }

  /** Upserts the records that have a key; those without one fail (they cannot be addressed in HubSpot). */
  private async upsertKeyed<T>(
    items: T[],
    identify: (item: T) => RecordIdentity | null,
    upsertMany: (known: T[], options: RunWriteOptions) => Promise<UpsertResult[]>,
    { portalId, lane, force }: RunWriteOptions,
  ): Promise<RecordWriteResult[]> {
    const known: Array<{ item: T; identity: RecordIdentity }> = [];
    const unknown: RecordWriteResult[] = [];
    for (const item of items) {
      const identity = identify(item);
      if (identity) known.push({ item, identity });
      else
        unknown.push({
          key: '?',
          status: 'failed',
          error: new Error('Record has no key (email, user id or domain)'),
        });
    }
    const results = known.length
      ? await upsertMany(
          known.map((k) => k.item),
          { portalId, lane, force },
        )
      : [];
    return [...known.map(({ identity }, i) => toWriteResult(identity.key, results[i])), ...unknown];
  }
}

function toWriteResult(key: string, result: UpsertResult): RecordWriteResult {
  if (result.status !== 'failed') return { key, status: result.status, hubspotId: result.hubspotId };
  return { key, status: result.error?.retryable ? 'retry' : 'failed', error: result.error };
}
