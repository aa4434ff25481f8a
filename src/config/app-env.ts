import {
  HUBSPOT_API_VERSIONS,
  HUBSPOT_TIERS,
  HubspotApiVersion,
  HubspotTier,
  STATIC_TOKEN_KINDS,
  StaticTokenKind,
} from '@app/hubspot';
import { plainToInstance, Transform } from 'class-transformer';
import {
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
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** The example host's environment, validated at boot. Names are what operators set. */
export class AppEnv {
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT = 3000;

  @Matches(/^mysql:\/\/[^/]+\/\w+/, {
    message: 'DATABASE_URL must look like mysql://user:pass@host:3306/database',
  })
  DATABASE_URL = 'mysql://root@127.0.0.1:3306/hubspot_sync';

  /** Apply the host's and the module's migrations at boot (a real deploy may run them as a separate step). */
  @Transform(toBool) @IsBoolean() DB_MIGRATIONS_RUN = true;

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must look like redis://host:6379' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix for every Redis key (host queues and the module's limiter/queues). */
  @Matches(/^[\w:.-]+$/) REDIS_PREFIX = 'app';

  /** A static token (legacy private app, Service Key, project app static auth). Absent: the embedded emulator. */
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(8) HUBSPOT_ACCESS_TOKEN?: string;

  /** What HUBSPOT_ACCESS_TOKEN is: private-app, service-key or static-auth. */
  @Transform(emptyToUndefined) @IsOptional() @IsIn(STATIC_TOKEN_KINDS) HUBSPOT_TOKEN_KIND?: StaticTokenKind;

  /** HubSpot's dated API version; absent = the module's default. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(HUBSPOT_API_VERSIONS)
  HUBSPOT_API_VERSION?: HubspotApiVersion;

  /** The account's tier (free, starter, professional, enterprise): the limiter's starting budget. */
  @Transform(emptyToUndefined) @IsOptional() @IsIn(HUBSPOT_TIERS) HUBSPOT_TIER?: HubspotTier;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true },
    { message: 'HUBSPOT_BASE_URL must be an http(s) URL' },
  )
  HUBSPOT_BASE_URL?: string;

  @Transform(toInt) @IsOptional() @IsInt() @Min(0) HUBSPOT_PORTAL_ID?: number;

  /** Port of the embedded emulator (0 = any free port). */
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) HUBSPOT_EMULATOR_PORT = 0;

  /** The app's client secret; enables the webhooks endpoint. Defaulted when the emulator is embedded. */
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(8) HUBSPOT_WEBHOOK_SECRET?: string;

  /** Public origin HubSpot calls for webhooks (signature v3 covers the full URI). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  HUBSPOT_PUBLIC_URL?: string;

  @Transform(toInt) @IsOptional() @IsInt() HUBSPOT_APP_ID?: number;

  /** Bearer token for the example's /users routes; absent = they answer 401. */
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(16) APP_API_TOKEN?: string;

  /** Bearer token for /hubspot/admin; absent = admin routes answer 401. */
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(16) HUBSPOT_ADMIN_TOKEN?: string;

  /** Serve the operators' web console at /hubspot/admin/console (needs HUBSPOT_ADMIN_TOKEN). */
  @Transform(toBool) @IsBoolean() HUBSPOT_ADMIN_CONSOLE = false;

  /** Cron for scheduled reconciliation, e.g. "0 3 * * *"; absent = on demand only. */
  @Transform(emptyToUndefined) @IsOptional() @IsString() HUBSPOT_RECONCILE_CRON?: string;

  @Transform(toBool) @IsBoolean() METRICS_ENABLED = true;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose']) LOG_LEVEL:
    'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';
}

/** Thrown at boot with every bad variable named (values are never echoed: some are secrets). */
export class AppEnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
    this.name = 'AppEnvError';
  }
}

export function validateAppEnv(raw: Record<string, string | undefined>): AppEnv {
  // Class fields (optional ones included) are defined on the instance, so its keys are the known names.
  const known = Object.keys(new AppEnv());
  const picked = Object.fromEntries(Object.entries(raw).filter(([key]) => known.includes(key)));
  const env = plainToInstance(AppEnv, picked, { exposeDefaultValues: true });
  const errors = validateSync(env);
  if (errors.length) {
    throw new AppEnvError(
      errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`),
    );
  }
  return env;
}
