import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { PROPERTY_NAME } from './objects.options';

/** How intents become HubSpot writes. */
export class SyncOptions {
  /** Max inputs per batch call (HubSpot caps at 100). */
  @IsOptional() @IsInt() @Min(1) @Max(100) batchSize?: number;
  /** How long the coalescer waits for more intents before sending a partial batch, ms. */
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
   * Batches this process's sync worker sends at once. The worker holds up to `concurrency x batchSize` queued
   * intents at a time, so that each batch can fill up to `batchSize`.
   */
  @IsOptional() @IsInt() @Min(1) @Max(64) concurrency?: number;
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
