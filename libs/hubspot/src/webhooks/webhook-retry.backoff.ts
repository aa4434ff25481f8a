import { ExponentialBackoff, halfJitterGenerator } from 'cockatiel';

/** Delay before retry number `attempt` (1-based): exponential from baseMs with half jitter, capped at maxMs. */
export function webhookRetryDelay(attempt: number, baseMs: number, maxMs: number): number {
  const factory = new ExponentialBackoff({
    generator: halfJitterGenerator,
    initialDelay: baseMs,
    maxDelay: maxMs,
  });
  let backoff = factory.next();
  for (let i = 1; i < attempt; i++) backoff = backoff.next(undefined);
  return backoff.duration;
}
