import { HubspotError } from '../errors/hubspot.error';
import { Lane } from '../http/hubspot-request.types';

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
