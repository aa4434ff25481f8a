import { HubspotError } from '../../errors';

export type UpsertStatus = 'created' | 'updated' | 'unchanged' | 'failed';

/** Per-record result of a direct (un-queued) batched upsert. */
export interface UpsertResult {
  /** The record's ledger key (case-folded email, user id, normalised domain, ...). */
  key: string;
  status: UpsertStatus;
  hubspotId?: string;
  /** Set when status is 'failed'; `error.retryable` tells whether trying again can help. */
  error?: HubspotError;
  /** Set when a fatal failure was written to hubspot_dead_letters. */
  deadLetterId?: number;
}

export interface DirectUpsertOptions {
  /** Send even if the ledger says this content was already accepted. */
  force?: boolean;
  /** Write fatal failures to hubspot_dead_letters (default true). */
  deadLetter?: boolean;
}
