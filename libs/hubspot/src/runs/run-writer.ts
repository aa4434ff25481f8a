import { HubspotError } from '../errors/hubspot.error';
import { Lane } from '../http/hubspot-request.types';
import { SourceCompany, SourceContact } from '../crm/sources/source.types';

export interface RunWriteOptions {
  portalId: number;
  lane: Lane;
  /** Send even when the ledger says HubSpot already has this content (reconciliation found drift). */
  force?: boolean;
}

/** What happened to one record of a batch, by its RecordIdentity key. */
export interface RecordWriteResult {
  key: string;
  /** retry: HubSpot failed retryably even after the client's retries (the batch is redone later). */
  status: 'created' | 'updated' | 'unchanged' | 'failed' | 'retry';
  hubspotId?: string;
  error?: HubspotError | Error;
}

export interface AssociationWriteResult {
  associated: number;
  /** Pairs whose contact or company HubSpot (or the ledger) does not know yet. */
  skipped: number;
  failed: number;
  retry?: HubspotError | Error;
}

/**
 * The writes runs make, over the CRM services (batch upsert by unique key, ledger, dead letters, v4 batch
 * associations). A seam so the executors stay about paging, checkpoints and counting.
 */
export interface RunWriter {
  upsertContacts(contacts: SourceContact[], options: RunWriteOptions): Promise<RecordWriteResult[]>;
  upsertCompanies(companies: SourceCompany[], options: RunWriteOptions): Promise<RecordWriteResult[]>;
  /** Associates each contact with its `companyDomains` (HubSpot's default contact-to-company type). */
  associateContacts(contacts: SourceContact[], options: RunWriteOptions): Promise<AssociationWriteResult>;
  /** Keys (RecordIdentity.key) whose content equals what the ledger says HubSpot last accepted. */
  unchangedByLedger(
    objectType: 'contacts' | 'companies',
    records: Array<SourceContact | SourceCompany>,
    portalId: number,
  ): Promise<Set<string>>;
}

export const RUN_WRITER = Symbol('RUN_WRITER');
