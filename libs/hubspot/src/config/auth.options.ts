import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { HUBSPOT_FEATURES, HubspotFeature } from '../model/hubspot-feature';

/** What kind of static token `accessToken` is: all three are sent as the same Bearer header. */
export const STATIC_TOKEN_KINDS = ['private-app', 'service-key', 'static-auth'] as const;
export type StaticTokenKind = (typeof STATIC_TOKEN_KINDS)[number];

/** `auth.type`; `'private-app'` is the deprecated name of `'static-token'` and still accepted. */
export type AuthType = 'static-token' | 'oauth' | 'private-app';

/** `auth` option: one account's static token, or OAuth for many portals. */
export class AuthOptions {
  /** `'static-token'` (a legacy private app's token, a Service Key or a project app's static auth token) or `'oauth'`; `'private-app'` is a deprecated alias of `'static-token'`. */
  @IsIn(['static-token', 'oauth', 'private-app'], {
    message: "auth.type must be 'static-token' or 'oauth' ('private-app' is accepted as a deprecated alias)",
  })
  type!: AuthType;

  // static token
  @IsOptional() @IsString() @MinLength(8) accessToken?: string;
  /** What the static token is: `'private-app'` (legacy private app), `'service-key'` (no webhooks) or `'static-auth'` (project app); shown in health and logs. */
  @IsOptional()
  @IsIn(STATIC_TOKEN_KINDS, { message: "auth.kind must be 'private-app', 'service-key' or 'static-auth'" })
  kind?: StaticTokenKind;
  /** Portal (hub) id of the static token's account; optional, used to key its rate-limit budget. */
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

  // scope check at boot
  /** Check the token's scopes against what `features` need at boot (one call per portal at most). */
  @IsOptional() @IsBoolean() checkScopes?: boolean;
  /** Fail boot when a feature's scope is missing (default: log one line per missing scope). */
  @IsOptional() @IsBoolean() failOnMissingScopes?: boolean;
  /** Features this app uses, for the scope check. Default: contacts, companies, associations (+ properties unless sync.ensurePropertiesOnBoot is false). */
  @IsOptional()
  @IsArray()
  @IsIn([...HUBSPOT_FEATURES], {
    each: true,
    message: `auth.features entries must be one of ${HUBSPOT_FEATURES.join(', ')}`,
  })
  features?: HubspotFeature[];
}
