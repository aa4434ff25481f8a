import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  Validate,
} from 'class-validator';
import { isTimeZone } from '../model/time-zone';

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

/** `limits.portalTimeZones`: positive integer portal ids mapped to zones Intl knows. */
@ValidatorConstraint({ name: 'portalTimeZones' })
class PortalTimeZonesConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    return Object.entries(value).every(
      ([id, zone]) => /^[1-9]\d*$/.test(id) && typeof zone === 'string' && isTimeZone(zone),
    );
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must map portal ids to IANA time zones (e.g. { "123": "Europe/Berlin" })`;
  }
}

export const HUBSPOT_TIERS = ['free', 'starter', 'professional', 'enterprise'] as const;
export type HubspotTier = (typeof HUBSPOT_TIERS)[number];

/** Budget the portal limiter starts from; Max and window are re-learned from HubSpot's headers. */
export class LimitsOptions {
  /** The account's HubSpot tier: picks the default burst budgets of a static token (see "Limits by credential and tier"). */
  @IsOptional()
  @IsIn(HUBSPOT_TIERS, { message: "limits.tier must be 'free', 'starter', 'professional' or 'enterprise'" })
  tier?: HubspotTier;
  /** API limit increases the account bought (0-2): a static token's burst becomes 250 per 10 s (associations 200). */
  @IsOptional() @IsInt() @Min(0) @Max(2) apiLimitIncreases?: number;
  /** Calls per rolling window before headers are seen; default by credential and tier (static token 100 / 190 / 250, OAuth 110). */
  @IsOptional() @IsInt() @Min(1) maxPerWindow?: number;
  /** Rolling window, ms (HubSpot: 10,000). */
  @IsOptional() @IsInt() @Min(10) windowMs?: number;
  /** Search requests per second (HubSpot: 5). */
  @IsOptional() @IsInt() @Min(1) searchPerSecond?: number;
  /** Associations calls per rolling window; default by tier (100 Free/Starter, 150 Pro/Ent, 200 with a limit increase). */
  @IsOptional() @IsInt() @Min(1) associationsPerWindow?: number;
  /**
   * Association calls also take a slot in the general rolling window (the safe reading, default true).
   * HubSpot documents a separate burst limit for the associations endpoints (100 per 10 s on Free/Starter,
   * 150 on Pro/Enterprise) but nowhere says that association calls are exempt from the general limit; set
   * false only when your portal's limits are known to be separate.
   */
  @IsOptional() @IsBoolean() associationsShareGeneralBudget?: boolean;
  /** Daily calls kept for live work: below this, bulk lanes park until the portal's reset. */
  @IsOptional() @IsInt() @Min(0) dailyReserve?: number;
  /** IANA time zone for a portal's daily reset at its midnight, until the portal's own zone is known. */
  @IsOptional() portalTimeZone?: string;
  /** Per-portal IANA zones (portal id -> zone); other portals' zones are learned once from HubSpot's account details and cached a day. */
  @IsOptional() @Validate(PortalTimeZonesConstraint) portalTimeZones?: Record<string, string>;
  /** Share of the window the in-process fallback may use while Redis is down (0..1]. */
  @IsOptional() @Min(0.01) @Max(1) fallbackShare?: number;
}
