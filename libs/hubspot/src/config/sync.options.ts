import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { PROPERTY_NAME } from './objects.options';

/** How intents become HubSpot writes. */
export class SyncOptions {
  /** Max inputs per batch call (HubSpot caps at 100). */
  @IsOptional() @IsInt() @Min(1) @Max(100) batchSize?: number;
  /**
   * How long a queued record waits for more of its portal's records before a partial batch goes out, ms
   * (a full batch goes at once).
   */
  @IsOptional() @IsInt() @Min(0) @Max(60_000) coalesceWindowMs?: number;
  /** Attempts per intent before it is dead-lettered. */
  @IsOptional() @IsInt() @Min(1) @Max(50) maxAttempts?: number;
  /** Unique contact property used for users without an email. */
  @IsOptional() @Matches(PROPERTY_NAME) contactIdProperty?: string;
  /** Unique company property holding the normalised domain. */
  @IsOptional() @Matches(PROPERTY_NAME) companyKeyProperty?: string;
  @IsOptional() @Matches(PROPERTY_NAME) churnedProperty?: string;
  @IsOptional() @Matches(PROPERTY_NAME) churnDateProperty?: string;
  /**
   * At boot, create the module's custom properties and the host's declared ones (`objects`) when missing, and
   * fail the boot when one exists with another type or a reference names none. `false` to manage them yourself.
   */
  @IsOptional() @IsBoolean() ensurePropertiesOnBoot?: boolean;
  /** Run queue processors in this process (false for web-only pods). */
  @IsOptional() @IsBoolean() worker?: boolean;
  /**
   * Batches this process sends at once, across all portals; one portal takes at most half of them while other
   * portals are due. A batch takes a slot only once its portal's rate-limit permit is in hand, then holds it
   * until HubSpot answers: raise it when many portals are active or HubSpot answers slowly.
   */
  @IsOptional() @IsInt() @Min(1) @Max(64) concurrency?: number;
  /**
   * How long a batch owns the records it claimed, ms; renewed while it runs. A crashed worker's records go
   * back to their queue this long after its last renewal.
   */
  @IsOptional() @IsInt() @Min(500) @Max(600_000) leaseMs?: number;
  /** First delay before a queued intent whose call failed retryably is tried again (doubles per attempt), ms. */
  @IsOptional() @IsInt() @Min(10) @Max(600_000) retryDelayMs?: number;
}

/** Scheduled and on-demand reconciliation. */
export class ReconciliationOptions {
  /** Cron expression (six fields allowed); absent = no schedule, admin-triggered only. */
  @IsOptional() @IsString() cron?: string;
  /** Use HubSpot's last-modified search to check only records changed since the last run. */
  @IsOptional() @IsBoolean() incremental?: boolean;
}
