import { HubspotError } from '../../errors';

/** What a sync job does after its batch came back. */
export type SyncVerdict =
  /** Accepted (or unchanged, or nothing to send) and nothing new was staged: complete the job. */
  | { next: 'done' }
  /** New intents were staged while the batch was out: claim and send again. */
  | { next: 'again' }
  /** Another live job owns the record and sends what is staged: complete as a no-op. */
  | { next: 'busy' }
  /** Retryable: keep the claim, let Bull retry with backoff. */
  | { next: 'retry'; error: Error }
  /** Daily budget spent: continue in a delayed job after the reset. */
  | { next: 'park'; error: HubspotError }
  /** Dead-lettered and nothing new staged: fail the job without retry. */
  | { next: 'failed'; error: Error };
