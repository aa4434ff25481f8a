import {
  DelegateBackoff,
  ExponentialBackoff,
  fullJitterGenerator,
  handleWhen,
  IBackoff,
  IRetryBackoffContext,
  retry,
  RetryPolicy,
} from 'cockatiel';
import { HubspotError } from '../errors';

export interface RetrySettings {
  /** Attempts including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Retried in-process: disposition 'retry', and a Retry-After (if any) we are willing to wait for. */
export function shouldRetry(err: unknown, settings: RetrySettings): boolean {
  return (
    err instanceof HubspotError &&
    err.disposition === 'retry' &&
    (err.retryAfterMs === undefined || err.retryAfterMs <= settings.maxDelayMs)
  );
}

/**
 * Exponential backoff with full jitter (cockatiel), except that a Retry-After from HubSpot wins.
 * The classification (what is retryable) is ours; cockatiel only runs the loop.
 */
export function createRetryPolicy(settings: RetrySettings): RetryPolicy {
  const exponential = new ExponentialBackoff({
    generator: fullJitterGenerator,
    initialDelay: settings.baseDelayMs,
    maxDelay: settings.maxDelayMs,
  });
  const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>, IBackoff<unknown> | undefined>(
    (context, previous) => {
      const next = previous ? previous.next(context) : exponential.next();
      const error = 'error' in context.result ? context.result.error : undefined;
      const retryAfter = error instanceof HubspotError ? error.retryAfterMs : undefined;
      return { delay: retryAfter ?? next.duration, state: next };
    },
  );
  return retry(
    handleWhen((err) => shouldRetry(err, settings)),
    { maxAttempts: Math.max(0, settings.maxAttempts - 1), backoff },
  );
}
