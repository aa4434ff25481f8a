/** What a queued write returns: it is durably in its portal's queue in Redis; a worker's dispatcher sends it. */
export interface QueuedIntent {
  /** Ledger key of the record. */
  key: string;
  /**
   * The record's id in its portal's queue (`<portal>:<type>:<key>`), or null when a batch in flight holds the
   * record and sends this right after it.
   */
  jobId: string | null;
}
