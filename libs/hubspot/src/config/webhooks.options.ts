import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

export type SignatureVersion = 'v1' | 'v2' | 'v3';

/** Incoming webhooks: verification, size cap and dispatch. */
export class WebhooksOptions {
  /** The app's client secret(s); several at once during rotation. */
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  @MinLength(8, { each: true })
  clientSecrets!: string[];
  /** Signature versions accepted; v3 is always tried first. */
  @IsOptional() @IsArray() @IsIn(['v1', 'v2', 'v3'], { each: true }) signatureVersions?: SignatureVersion[];
  /**
   * Public origin HubSpot calls (e.g. https://api.example.com), used to rebuild the signed URI. Required
   * unless `allowedHosts` is set.
   */
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true }) publicBaseUrl?: string;
  /**
   * Without `publicBaseUrl`: the hosts (`name`, or `name:port` for one port only) the signed URI may name,
   * taken from the Host header or, with `trustForwardedHeaders`, from the proxy's X-Forwarded-Host.
   */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @Matches(/^(?:[a-z0-9][a-z0-9.-]*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i, { each: true })
  allowedHosts?: string[];
  /** Without `publicBaseUrl`: take host, scheme and prefix from the proxy's (rightmost) X-Forwarded-* values. */
  @IsOptional() @IsBoolean() trustForwardedHeaders?: boolean;
  /** Request body cap, bytes. */
  @IsOptional() @IsInt() @Min(1024) @Max(10 * 1024 * 1024) maxBodyBytes?: number;
  /** Timestamp tolerance for v3, ms (HubSpot: 5 minutes). */
  @IsOptional() @IsInt() @Min(1000) maxAgeMs?: number;
  /** This app's id: events whose changeSource/sourceId show our own writes are echoes. */
  @IsOptional() @IsInt() appId?: number;
  /** Drop echoes of our own writes before handlers see them. */
  @IsOptional() @IsBoolean() dropEchoes?: boolean;
  /** Attempts per handler before the event is marked failed. */
  @IsOptional() @IsInt() @Min(1) @Max(50) maxAttempts?: number;
  /** First retry delay of a failed handler, ms (then exponential with jitter). */
  @IsOptional() @IsInt() @Min(10) retryBaseDelayMs?: number;
  /** Cap on the retry delay, ms. */
  @IsOptional() @IsInt() @Min(10) retryMaxDelayMs?: number;
  /** Drain jobs run in parallel per process, 4 objects each (events of one object always run one at a time). */
  @IsOptional() @IsInt() @Min(1) @Max(64) concurrency?: number;
  /** Wait before handling, ms, so events of one object that arrive out of order get sorted. */
  @IsOptional() @IsInt() @Min(0) @Max(60_000) settleMs?: number;
}
