/**
 * What a queued write returns: it is durable (in its portal's queue in Redis, or in the outbox with the host's
 * transaction); a worker's dispatcher sends it.
 */
export interface QueuedIntent {
  /** Ledger key of the record. */
  key: string;
  /**
   * The record's id in its portal's queue (`<portal>:<type>:<key>`), or null when a batch in flight holds the
   * record and sends this right after it, or it waits in the outbox.
   */
  jobId: string | null;
  /** The `hubspot_outbox` row, when it was written in the host's transaction. */
  outboxId?: number;
}
