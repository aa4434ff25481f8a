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
  /** Associations endpoints' own budget per window. Default: the profile's (or maxPerWindow when that is set). */
  associationsMaxPerWindow?: number;
  /**
   * true (default, the safe reading): an associations call takes a slot in the general rolling window AND in
   * the associations window, and is refused when either is full. false: the two budgets are separate.
   */
  associationsCountAgainstGeneral?: boolean;
  /** Purchased API limit increases (0, 1 or 2): each lifts the burst limit to 250 and adds 1,000,000 a day. */
  apiLimitIncreases?: number;
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
  associationsCountAgainstGeneral: boolean;
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

/** Static credentials: a legacy private app's token, a service key, or a project app's static auth token. */
export type StaticTokenKind = 'private-app' | 'service-key' | 'static-auth';

export interface TokenInput {
  token: string;
  /** What the token is. Default 'private-app'. */
  kind?: StaticTokenKind;
  /** App id reported as sourceId for writes made with this token (and by access-token-info). */
  appId?: number;
  /** Granted scopes. Absent: the token may call everything (no scope checks). */
  scopes?: string[];
  /** User id reported by access-token-info. Default 1. */
  userId?: number;
}

export interface OwnerInput {
  /** Owner id (string of digits). Default: assigned. */
  id?: string;
  email: string;
  firstName?: string;
  lastName?: string;
  /** HubSpot user id of the owner. Default: assigned. */
  userId?: number;
  type?: 'PERSON' | 'QUEUE';
  archived?: boolean;
  teams?: Array<{ id: string; name: string; primary: boolean }>;
}

export interface PipelineStageInput {
  id: string;
  label?: string;
  displayOrder?: number;
  /** Stage metadata as HubSpot sends it (strings), e.g. `{ probability: '0.5', isClosed: 'false' }`. */
  metadata?: Record<string, string>;
}

export interface PipelineInput {
  id: string;
  label?: string;
  displayOrder?: number;
  stages: PipelineStageInput[];
}

/** Validation rules an admin set up in the UI; the 2026-09 API versions enforce them on writes. */
export interface WriteValidationRules {
  /** Properties required on create, by object type name or id, e.g. `{ deals: ['dealname'] }`. */
  requiredOnCreate?: Record<string, string[]>;
  /** `property` is required whenever `when.property` equals `when.value` after the write. */
  conditionalRequired?: Array<{
    objectType: string;
    property: string;
    when: { property: string; value: string };
  }>;
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
  /** Owners (users) of the account, served by the owners API; seeded at start and after every reset. */
  owners?: OwnerInput[];
  /** Pipelines besides HubSpot's defaults, by object type (`deals`, `tickets`); a same-id entry replaces a default. */
  pipelines?: Record<string, PipelineInput[]>;
  /** Admin validation rules enforced by the 2026-09 API versions. */
  writeValidation?: WriteValidationRules;
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
  /** Scopes the app may request (authorize refuses others); empty or absent = any. */
  scopes?: string[];
  /** Privately distributed (reported by token introspection). Default false (marketplace). */
  privateDistribution?: boolean;
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
  /** Tokens with configured scopes get 403 MISSING_SCOPES for routes they lack scopes for. Default true. */
  enforceScopes?: boolean;
  /** When set, every `/__emulator/*` control call needs header `X-Emulator-Control-Token: <token>`. */
  controlToken?: string;
}

export const DEFAULT_PORTAL_ID = 123456;
export const DEFAULT_TOKEN = 'emulator-token';

/**
 * Limit profiles: burst per 10 s (per app per account), daily (per account) and the associations burst.
 * Private apps, static-auth (privately distributed) apps and service keys share the tier rows; a
 * marketplace OAuth app gets 110 per 10 s per installing account. `legacy-*` are the older tiers.
 */
export const LIMIT_PROFILES: Readonly<
  Record<TierProfile, { maxPerWindow: number; daily: number; associations: number }>
> = {
  free: { maxPerWindow: 100, daily: 250_000, associations: 100 },
  starter: { maxPerWindow: 100, daily: 250_000, associations: 100 },
  professional: { maxPerWindow: 190, daily: 625_000, associations: 150 },
  enterprise: { maxPerWindow: 190, daily: 1_000_000, associations: 150 },
  // Free/Starter plus one API limit increase.
  'api-limit-increase': { maxPerWindow: 250, daily: 1_250_000, associations: 200 },
  'oauth-app': { maxPerWindow: 110, daily: 250_000, associations: 100 },
  'legacy-100': { maxPerWindow: 100, daily: 250_000, associations: 100 },
  'legacy-150': { maxPerWindow: 150, daily: 500_000, associations: 150 },
  'legacy-200': { maxPerWindow: 200, daily: 1_000_000, associations: 150 },
};

/** What one API limit increase adds: a 250 burst (200 for associations) and 1,000,000 a day. */
export const API_LIMIT_INCREASE = { maxPerWindow: 250, associations: 200, daily: 1_000_000 } as const;

export function resolveLimits(input: LimitsOptions = {}): ResolvedLimits {
  const profile = LIMIT_PROFILES[input.profile ?? 'free'];
  if (!profile) throw new Error(`Unknown limits profile ${String(input.profile)}`);
  const increases = input.apiLimitIncreases ?? 0;
  if (!Number.isInteger(increases) || increases < 0 || increases > 2)
    throw new Error('apiLimitIncreases must be 0, 1 or 2');
  const burst =
    increases > 0 ? Math.max(profile.maxPerWindow, API_LIMIT_INCREASE.maxPerWindow) : profile.maxPerWindow;
  const assoc =
    increases > 0 ? Math.max(profile.associations, API_LIMIT_INCREASE.associations) : profile.associations;
  const maxPerWindow = input.maxPerWindow ?? burst;
  return {
    maxPerWindow,
    windowMs: input.windowMs ?? 10_000,
    daily: input.daily ?? profile.daily + increases * API_LIMIT_INCREASE.daily,
    searchPerSecond: input.searchPerSecond ?? 5,
    searchWindowMs: input.searchWindowMs ?? 1_000,
    associationsMaxPerWindow:
      input.associationsMaxPerWindow ?? (input.maxPerWindow !== undefined ? maxPerWindow : assoc),
    associationsCountAgainstGeneral: input.associationsCountAgainstGeneral ?? true,
    retryAfter: input.retryAfter ?? false,
  };
}
