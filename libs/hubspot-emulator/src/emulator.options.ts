/** Public option and configuration types of the HubSpot emulator. */

export type TierProfile =
  | 'free'
  | 'starter'
  | 'professional'
  | 'enterprise'
  | 'api-limit-increase'
  | 'oauth-app'
  | 'legacy-100'
  | 'legacy-150'
  | 'legacy-200';

export interface LimitsOptions {
  /** Named tier; explicit fields below override it. */
  profile?: TierProfile;
  /** Requests allowed in any rolling window (TEN_SECONDLY_ROLLING). Default 100. */
  maxPerWindow?: number;
  /** Length of the rolling window in ms. Default 10,000. */
  windowMs?: number;
  /** Requests per day for the portal (resets at midnight in the portal's time zone). Default 250,000. */
  daily?: number;
  /** Search requests per search window (SECONDLY). Default 5. */
  searchPerSecond?: number;
  /** Length of the search window in ms. Default 1,000. */
  searchWindowMs?: number;
  /** Associations endpoints' own budget per window. Default = maxPerWindow. */
  associationsMaxPerWindow?: number;
  /** Send a Retry-After header (seconds) on 429s. HubSpot does not document one; default false. */
  retryAfter?: boolean;
}

export interface ResolvedLimits {
  maxPerWindow: number;
  windowMs: number;
  daily: number;
  searchPerSecond: number;
  searchWindowMs: number;
  associationsMaxPerWindow: number;
  retryAfter: boolean;
}

export interface PropertyInput {
  name: string;
  label?: string;
  type?: string;
  fieldType?: string;
  groupName?: string;
  description?: string;
  hasUniqueValue?: boolean;
  options?: Array<{ label: string; value: string; displayOrder?: number; hidden?: boolean }>;
}

export interface TokenInput {
  token: string;
  /** App id reported as sourceId for writes made with this token. */
  appId?: number;
  scopes?: string[];
}

export interface PortalOptions {
  portalId: number;
  tokens?: Array<string | TokenInput>;
  limits?: LimitsOptions;
  /** IANA time zone; the daily budget resets at midnight there. Default 'US/Eastern'. */
  timeZone?: string;
  /** Custom properties created at start (and after reset), by object type name or id. */
  properties?: Record<string, PropertyInput[]>;
  /** App id of this portal's private app (sourceId for its writes). Default 1000000 + portalId % 1000. */
  appId?: number;
}

export interface FaultSpec {
  /** Regular expression matched against the request path (without query string). */
  pathPattern: string;
  method?: string;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  latencyMs?: number;
  drop?: boolean;
  malformed?: boolean;
  /** Apply to this share of matching requests (deterministic: every 1/share-th). Default 1. */
  share?: number;
  /** Apply to at most this many matching requests. Default unlimited. */
  count?: number;
}

export interface WebhookConfig {
  targetUrl: string;
  clientSecret?: string;
  appId?: number;
  /** Only deliver events of these portals (default: all). */
  portalIds?: number[];
  /** Only these subscription types, e.g. 'contact.creation' (default: all). */
  subscriptions?: string[];
  maxBatchSize?: number;
  maxConcurrent?: number;
  timeoutMs?: number;
  maxAttempts?: number;
  /** First retry delay in real HubSpot time (scaled by timeScale). Default 60,000. */
  retryBaseMs?: number;
  /** How long events are collected before a batch is sent (ms, not scaled). Default 20. */
  batchDelayMs?: number;
  /** Share of events (0..1) that are delivered a second time in a later batch. */
  duplicateShare?: number;
  /** Shuffle events inside batches and delay batches randomly. */
  reorder?: boolean;
  /** Signature headers to send. Default ['v1', 'v3']. */
  signatures?: Array<'v1' | 'v2' | 'v3'>;
  enabled?: boolean;
}

export interface OAuthAppOptions {
  clientId: string;
  clientSecret: string;
  appId?: number;
  /** Access token lifetime in seconds, reported as expires_in. Default 1800. */
  accessTokenTtlSeconds?: number;
  scopes?: string[];
}

export interface EmulatorOptions {
  port?: number;
  host?: string;
  portals?: PortalOptions[];
  /** Multiplies webhook retry backoff (0.001 turns a minute into 60 ms). Default 1. */
  timeScale?: number;
  /** Delay before created/changed records become visible to search, in ms. Default 0. */
  searchIndexDelayMs?: number;
  /** Unknown properties are rejected (VALIDATION_ERROR) unless false. Default true. */
  strictProperties?: boolean;
  webhooks?: WebhookConfig;
  oauthApps?: OAuthAppOptions[];
  /** Log each request to stderr. Default false. */
  logRequests?: boolean;
}

export const DEFAULT_PORTAL_ID = 123456;
export const DEFAULT_TOKEN = 'emulator-token';

const PROFILES: Record<TierProfile, { maxPerWindow: number; daily: number; associations: number }> = {
  free: { maxPerWindow: 100, daily: 250_000, associations: 100 },
  starter: { maxPerWindow: 100, daily: 250_000, associations: 100 },
  professional: { maxPerWindow: 190, daily: 625_000, associations: 150 },
  enterprise: { maxPerWindow: 190, daily: 1_000_000, associations: 150 },
  'api-limit-increase': { maxPerWindow: 250, daily: 1_000_000, associations: 150 },
  'oauth-app': { maxPerWindow: 110, daily: 250_000, associations: 100 },
  'legacy-100': { maxPerWindow: 100, daily: 250_000, associations: 100 },
  'legacy-150': { maxPerWindow: 150, daily: 500_000, associations: 150 },
  'legacy-200': { maxPerWindow: 200, daily: 1_000_000, associations: 150 },
};

export function resolveLimits(input: LimitsOptions = {}): ResolvedLimits {
  const profile = PROFILES[input.profile ?? 'free'];
  if (!profile) throw new Error(`Unknown limits profile ${String(input.profile)}`);
  const maxPerWindow = input.maxPerWindow ?? profile.maxPerWindow;
  return {
    maxPerWindow,
    windowMs: input.windowMs ?? 10_000,
    daily: input.daily ?? profile.daily,
    searchPerSecond: input.searchPerSecond ?? 5,
    searchWindowMs: input.searchWindowMs ?? 1_000,
    associationsMaxPerWindow:
      input.associationsMaxPerWindow ??
      (input.maxPerWindow !== undefined ? maxPerWindow : profile.associations),
    retryAfter: input.retryAfter ?? false,
  };
}
