import { RateLimitHeaders } from './rate-limit.store';

/** HubSpot's X-HubSpot-RateLimit-* headers (lower-cased names, as fetch gives them). */
export function readRateLimitHeaders(h: Record<string, string>): RateLimitHeaders {
  const num = (name: string) => {
    const v = h[name];
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  };
  return {
    max: num('x-hubspot-ratelimit-max'),
    intervalMs: num('x-hubspot-ratelimit-interval-milliseconds'),
    remaining: num('x-hubspot-ratelimit-remaining'),
    dailyRemaining: num('x-hubspot-ratelimit-daily-remaining'),
  };
}

/** True for HubSpot's 429 whose policy is the daily budget. */
export function isDailyLimitAnswer(status: number, body: string): boolean {
  if (status !== 429) return false;
  try {
    return String((JSON.parse(body) as { policyName?: unknown }).policyName ?? '').toUpperCase() === 'DAILY';
  } catch {
    return false;
  }
}
