import { Bucket, Lane } from './hubspot-request.types';

/**
 * How a bucket's ceiling is found: 'learned' = Max and window from HubSpot's headers, minus what other
 * integrations spend; 'learned-window' = fixed Max over the learned window; 'fixed' = as given.
 */
export type BucketKind = 'learned' | 'learned-window' | 'fixed';

export interface BucketSpec {
  bucket: Bucket;
  kind: BucketKind;
  max: number;
  windowMs: number;
}

export interface AcquireCommand {
  portalId: number;
  /** Identifies the bucket set (one queue per portal and set). */
  set: string;
  lane: Lane;
  buckets: BucketSpec[];
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
  buckets: BucketSpec[];
  id: string;
  /** False when the request never left (the slot is returned). */
  sent: boolean;
  headers?: RateLimitHeaders;
  /** Daily budget spent (429 DAILY): every lane stops until resetAt. */
  dailyExhausted?: boolean;
  /** The portal's next daily reset, epoch ms. */
  resetAt: number;
}

export interface SettleResult {
  /** Calls other integrations spend in the current window, as last estimated. */
  others: number;
}

/** Where the limiter keeps its windows: Redis (shared by all processes) or memory (fallback). */
export interface RateLimitStore {
  readonly shared: boolean;
  acquire(cmd: AcquireCommand): Promise<AcquireResult>;
  settle(cmd: SettleCommand): Promise<SettleResult>;
}

export const LANE_INDEX: Record<Lane, number> = { live: 1, webhook: 2, reconcile: 3, backfill: 4 };
