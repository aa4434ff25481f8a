import {
  HubspotDailyLimitError,
  HubspotRateLimitedError,
  HubspotTransientError,
  HubspotValidationError,
} from '../errors';
import { createRetryPolicy, shouldRetry } from './retry.policy';

const settings = { maxAttempts: 4, baseDelayMs: 8, maxDelayMs: 40 };

function failing(errors: Error[]) {
  let calls = 0;
  const fn = jest.fn(async () => {
    const err = errors[calls++];
    if (err) throw err;
    return 'ok';
  });
  return fn;
}

async function run(errors: Error[], s = settings) {
  const policy = createRetryPolicy(s);
  const delays: number[] = [];
  policy.onRetry((r) => delays.push(r.delay));
  const fn = failing(errors);
  const result = await policy.execute(fn).catch((e: Error) => e);
  return { result, delays, calls: fn.mock.calls.length };
}

describe('retry policy', () => {
  it('retries transient failures with exponential full-jitter backoff and succeeds', async () => {
    const { result, delays, calls } = await run([
      new HubspotTransientError('502'),
      new HubspotTransientError('503'),
      new HubspotTransientError('timeout'),
    ]);
    expect(result).toBe('ok');
    expect(calls).toBe(4);
    // Full jitter: attempt n waits in [0, min(max, base * 2^n)).
    delays.forEach((d, n) => {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** n));
    });
  });

  it('stops after maxAttempts and throws the last error', async () => {
    const last = new HubspotTransientError('still down');
    const { result, calls } = await run([
      new HubspotTransientError('1'),
      new HubspotTransientError('2'),
      new HubspotTransientError('3'),
      last,
      new HubspotTransientError('never reached'),
    ]);
    expect(calls).toBe(4);
    expect(result).toBe(last);
  });

  it('honours Retry-After instead of the backoff', async () => {
    const { result, delays } = await run([
      new HubspotRateLimitedError('429', 'SECONDLY', { retryAfterMs: 25 }),
      new HubspotTransientError('477', { status: 477, retryAfterMs: 30 }),
    ]);
    expect(result).toBe('ok');
    expect(delays).toEqual([25, 30]);
  });

  it.each([
    ['validation', new HubspotValidationError('bad')],
    ['daily limit (parks, not retried in-process)', new HubspotDailyLimitError('daily', new Date())],
    ['a Retry-After longer than maxDelayMs', new HubspotTransientError('477', { retryAfterMs: 60_000 })],
    ['a plain error', new Error('bug')],
  ])('does not retry %s', async (_name, err) => {
    const { result, calls } = await run([err]);
    expect(calls).toBe(1);
    expect(result).toBe(err);
  });

  it('maxAttempts 1 means no retry', async () => {
    const { calls } = await run([new HubspotTransientError('x')], { ...settings, maxAttempts: 1 });
    expect(calls).toBe(1);
  });

  it('shouldRetry follows the disposition', () => {
    expect(shouldRetry(new HubspotRateLimitedError('x', 'TEN_SECONDLY_ROLLING'), settings)).toBe(true);
    expect(shouldRetry(new HubspotValidationError('x'), settings)).toBe(false);
  });
});
