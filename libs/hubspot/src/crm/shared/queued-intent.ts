/** What a queued write returns: it is durable (in Redis, or in the outbox with the host's transaction). */
export interface QueuedIntent {
  /** Ledger key of the record. */
  key: string;
  /** The Bull job that will send it; null when the record's current job picks it up, or it is in the outbox. */
  jobId: string | null;
  /** The `hubspot_outbox` row, when it was written in the host's transaction. */
  outboxId?: number;
}
