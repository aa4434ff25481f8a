import { ExponentialBackoff, halfJitterGenerator } from 'cockatiel';

/** Longest a record waits between two attempts, ms. */
const MAX_RETRY_DELAY_MS = 10 * 60_000;

/** Delay before attempt `attempt + 1` of a record (attempt >= 1): doubling from `initialMs`, half jitter. */
export function retryDelayMs(attempt: number, initialMs: number, maxMs = MAX_RETRY_DELAY_MS): number {
  const options = { generator: halfJitterGenerator, initialDelay: initialMs, maxDelay: maxMs };
  let backoff = new ExponentialBackoff(options).next();
  for (let i = 1; i < attempt; i++) backoff = backoff.next(undefined);
  return backoff.duration;
}
