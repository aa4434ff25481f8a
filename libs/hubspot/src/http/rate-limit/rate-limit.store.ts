import { Bucket, Lane } from '../hubspot-request.types';

/**
 * One HubSpot budget of a portal. `learned`: Max and window are re-learned from HubSpot's headers and
 * shrink by what other integrations spend (the general and associations budgets); otherwise fixed
 * (search: no headers).
 */
export interface BucketSpec {
  bucket: Bucket;
  learned: boolean;
  /** Until learned: calls per window. */
  max: number;
  windowMs: number;
  /** Pacing: at most max/slices calls per windowMs/slices (1 = bursts allowed). */
  slices: number;
}

export interface AcquireCommand {
  portalId: number;
  lane: Lane;
  bucket: BucketSpec;
  /** One id per wanted slot, in order: the first `admitted` of them get a slot. */
  ids: string[];
  /** Identifies the waiting process queue in the lane registry. */
  waiterId: string;
  /** How long an unsettled slot counts as in use (a crashed process's slots free themselves). */
  leaseMs: number;
  dailyReserve: number;
  /** Longest a caller sleeps on an estimate it cannot know (slots still in flight, lane yield). */
  pollMs: number;
}

export interface AcquireResult {
  admitted: number;
  /** When nothing (or not everything) was admitted: how long to wait before asking again. */
  waitMs: number;
  /** Set when the daily governor refused: remaining calls and the reset time (epoch ms). */
  daily?: { remaining: number; resetAt: number };
}

/** What HubSpot's X-HubSpot-RateLimit-* headers said after a call. */
export interface RateLimitHeaders {
  max?: number;
  intervalMs?: number;
  remaining?: number;
  dailyRemaining?: number;
}

export interface SettleCommand {
  portalId: number;
  bucket: BucketSpec;
  id: string;
  /** False when the request never left (the slot is returned). */
  sent: boolean;
  /** How long ago the answer arrived (ms, this process's monotonic clock); the slot is dated then. */
  ageMs?: number;
  headers?: RateLimitHeaders;
  /** Daily budget spent (429 DAILY): every lane stops until resetAt. */
  dailyExhausted?: boolean;
  /** HubSpot answered 429 (counted in the per-minute history). */
  rateLimited?: boolean;
  /** Another permit of the same call counts it in the per-minute history (one call, two budgets). */
  countedElsewhere?: boolean;
  /** The portal's next daily reset, epoch ms. */
  resetAt: number;
}

export interface SettleResult {
  /** Calls other integrations spend in the current window, as last estimated. */
  others: number;
}

/** How much of one budget is spent right now (operators' view). */
export interface BudgetUsage {
  /** Slots in the rolling window, calls in flight included. */
  used: number;
  max: number;
  windowMs: number;
  /** Set once HubSpot reported it (or answered 429 DAILY): calls left today and the reset (epoch ms). */
  daily?: { remaining: number; resetAt: number };
}

/** Where the limiter keeps its windows: Redis (shared by all processes) or memory (fallback). */
export interface RateLimitStore {
  readonly shared: boolean;
  acquire(cmd: AcquireCommand): Promise<AcquireResult>;
  settle(cmd: SettleCommand): Promise<SettleResult>;
  usage(portalId: number, bucket: BucketSpec): Promise<BudgetUsage>;
}

export const LANE_INDEX: Record<Lane, number> = { live: 1, webhook: 2, reconcile: 3, backfill: 4 };

/** One reserved slot. Settle it exactly once, after the answer (or with sent=false if nothing left). */
export interface RatePermit {
  readonly portalId: number;
  readonly id: string;
  settle(outcome: {
    sent: boolean;
    ageMs?: number;
    headers?: RateLimitHeaders;
    dailyExhausted?: boolean;
    rateLimited?: boolean;
    countedElsewhere?: boolean;
  }): Promise<SettleResult>;
}
