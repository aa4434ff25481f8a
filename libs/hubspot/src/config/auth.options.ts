import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Min,
  MinLength,
} from 'class-validator';
import { HUBSPOT_FEATURES, HubspotFeature } from '../model/hubspot-feature';

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
  @IsOptional() @IsUrl({ require_tld: false }) redirectUri?: string;
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

  // scope check at boot
  /** Check the token's scopes against what `features` need at boot (one call per portal at most). */
  @IsOptional() @IsBoolean() checkScopes?: boolean;
  /** Fail boot when a feature's scope is missing (default: log one line per missing scope). */
  @IsOptional() @IsBoolean() failOnMissingScopes?: boolean;
  /** Features this app uses, for the scope check. Default: contacts, companies, associations (+ properties with sync.ensurePropertiesOnBoot). */
  @IsOptional()
  @IsArray()
  @IsIn([...HUBSPOT_FEATURES], {
    each: true,
    message: `auth.features entries must be one of ${HUBSPOT_FEATURES.join(', ')}`,
  })
  features?: HubspotFeature[];
}
