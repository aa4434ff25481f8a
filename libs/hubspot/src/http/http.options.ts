import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Timeouts and retry bounds for every call to HubSpot. */
export class HttpOptions {
  /** Per-request timeout (connect + response), ms. */
  @IsOptional() @IsInt() @Min(100) timeoutMs?: number;
  /** Attempts per call including the first, for retryable failures. */
  @IsOptional() @IsInt() @Min(1) @Max(20) maxAttempts?: number;
  /** First backoff step, ms (full jitter, doubling). */
  @IsOptional() @IsInt() @Min(1) baseDelayMs?: number;
  /** Backoff ceiling, ms. */
  @IsOptional() @IsInt() @Min(1) maxDelayMs?: number;
  /** Keep-alive sockets per origin. */
  @IsOptional() @IsInt() @Min(1) @Max(256) connections?: number;
}

/** Budget the portal limiter starts from; Max and window are re-learned from HubSpot's headers. */
export class LimitsOptions {
  /** Calls per rolling window before headers are seen (HubSpot: 100 Free/Starter, 190 Pro/Ent). */
  @IsOptional() @IsInt() @Min(1) maxPerWindow?: number;
  /** Rolling window, ms (HubSpot: 10,000). */
  @IsOptional() @IsInt() @Min(10) windowMs?: number;
  /** Search requests per second (HubSpot: 5). */
  @IsOptional() @IsInt() @Min(1) searchPerSecond?: number;
  /** Associations calls per rolling window (HubSpot: 100 Free/Starter, 150 Pro/Ent). */
  @IsOptional() @IsInt() @Min(1) associationsPerWindow?: number;
  /** Daily calls kept for live work: below this, bulk lanes park until the portal's reset. */
  @IsOptional() @IsInt() @Min(0) dailyReserve?: number;
  /** IANA time zone of the portal, for the daily reset at its midnight. */
  @IsOptional() portalTimeZone?: string;
  /** Share of the window the in-process fallback may use while Redis is down (0..1]. */
  @IsOptional() @Min(0.01) @Max(1) fallbackShare?: number;
}
