/** What a queued write returns: it is durably in Redis; the sync worker sends it. */
export interface QueuedIntent {
  /** Ledger key of the record. */
  key: string;
  /** The Bull job that will send it, or null when the record's current job picks it up. */
  jobId: string | null;
}
