import {
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  MinLength,
} from 'class-validator';

/** `auth` option: a private app's static token, or OAuth for many portals. */
export class AuthOptions {
  @IsIn(['private-app', 'oauth'], { message: "auth.type must be 'private-app' or 'oauth'" })
  type!: 'private-app' | 'oauth';

  // private app
  @IsOptional() @IsString() @MinLength(8) accessToken?: string;
  /** Portal (hub) id of the private app's account; optional, used to key its rate-limit budget. */
  @IsOptional() @IsInt() @Min(0) portalId?: number;

  // oauth
  @IsOptional() @IsString() clientId?: string;
  @IsOptional() @IsString() @MinLength(8) clientSecret?: string;
  /** The callback's public URL; its origin is the app's, the only one `returnTo` may point to. */
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true }) redirectUri?: string;
  @IsOptional() @IsArray() @ArrayNotEmpty() @IsString({ each: true }) scopes?: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) optionalScopes?: string[];
  /** 32-byte key (64 hex chars or base64) for AES-256-GCM of stored tokens. */
  @IsOptional() @IsString() encryptionKey?: string;
  /** Older keys still accepted for decryption during rotation. */
  @IsOptional() @IsArray() @IsString({ each: true }) previousEncryptionKeys?: string[];
  /** Refresh this long before expiry, ms. */
  @IsOptional() @IsInt() @Min(0) refreshMarginMs?: number;
  /** HubSpot's authorize page (the emulator's in tests and the demo). */
  @IsOptional() @IsUrl({ require_tld: false }) authorizeUrl?: string;
  /** How long a signed install `state` stays valid, ms (default 10 minutes). */
  @IsOptional() @IsInt() @Min(1000) stateTtlMs?: number;
  /** Where the callback sends the browser after a successful install. */
  @IsOptional() @IsString() successRedirect?: string;
  /** Install and callback requests per client address per minute, each route (default 20). */
  @IsOptional() @IsInt() @Min(1) @Max(10_000) rateLimitPerMinute?: number;
}
