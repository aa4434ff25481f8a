import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { Bucket, Lane } from '../hubspot-request.types';
import { HubspotTelemetry } from '../hubspot-telemetry';
import { PortalRateLimiter } from './portal-rate-limiter';
import { RateLimitHeaders } from './rate-limit.store';

/** What one attempt brought back from HubSpot, before classification. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** performance.now() when the response head arrived. */
  receivedAt?: number;
}

export interface BudgetContext {
  portalId: number;
  lane: Lane;
  bucket: Bucket;
  /** Not counted against the portal (OAuth token endpoint). */
  unmetered?: boolean;
}

/**
 * Wraps every attempt: takes a slot from the portal's budget before the request leaves and, after
 * the answer (errors included), settles it and learns Max / window / Remaining / Daily-Remaining.
 */
@Injectable()
export class RateLimitInterceptor {
  constructor(
    private readonly limiter: PortalRateLimiter,
    private readonly telemetry: HubspotTelemetry,
  ) {}

  async around(ctx: BudgetContext, send: () => Promise<RawResponse>): Promise<RawResponse> {
    if (ctx.unmetered) return send();
    const permit = await this.limiter.acquire(ctx.portalId, ctx.lane, ctx.bucket);
    let response: RawResponse;
    try {
      response = await send();
    } catch (err) {
      // A network error or timeout may still have reached HubSpot: the slot counts as used.
      await permit.settle({ sent: true });
      throw err;
    }
    const headers = readRateLimitHeaders(response.headers);
    const dailyExhausted = response.status === 429 && policyName(response.text) === 'DAILY';
    const ageMs = response.receivedAt === undefined ? 0 : performance.now() - response.receivedAt;
    await permit.settle({ sent: true, ageMs, headers, dailyExhausted });
    if (headers.max !== undefined && headers.remaining !== undefined) {
      this.telemetry.emit('budget', {
        portalId: ctx.portalId,
        remaining: headers.remaining,
        max: headers.max,
        dailyRemaining: headers.dailyRemaining,
      });
    }
    return response;
  }
}

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

function policyName(text: string): string | undefined {
  try {
    return String((JSON.parse(text) as { policyName?: unknown }).policyName ?? '').toUpperCase();
  } catch {
    return undefined;
  }
}
