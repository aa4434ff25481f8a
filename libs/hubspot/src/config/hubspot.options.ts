import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { HUBSPOT_API_VERSIONS, HubspotApiVersion } from './api-versions';
import { HubspotObjectDeclaration } from '../model/property-definition';
import { AdminOptions } from './admin.options';
import { AuthOptions } from './auth.options';
import { HttpOptions, LimitsOptions } from './http.options';
import { OutboxOptions } from './outbox.options';
import { ReconciliationOptions, SyncOptions } from './sync.options';
import { WebhooksOptions } from './webhooks.options';

/** One node a Redis Cluster client starts from (it discovers the others). */
export class RedisClusterNode {
  /** A cluster node to start from (the client discovers the others). */
  @IsString() host!: string;
  @IsInt() @Min(1) @Max(65535) port!: number;
}

/** A Redis Cluster instead of a single server. */
export class RedisClusterOptions {
  /** Nodes to start from, e.g. [{ host: '10.0.0.1', port: 6379 }]; `redis.password` applies to every node. */
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => RedisClusterNode)
  nodes!: RedisClusterNode[];
}

/** Redis used for the shared limiter, locks and the module's Bull queues. */
export class RedisOptions {
  /** redis://[:password@]host:port[/db] */
  @IsOptional() @IsString() url?: string;
  @IsOptional() @IsString() host?: string;
  @IsOptional() @IsInt() @Min(1) @Max(65535) port?: number;
  @IsOptional() @IsString() password?: string;
  @IsOptional() @IsInt() @Min(0) db?: number;
  /** Prefix for every key and queue the module creates. */
  @IsOptional() @IsString() keyPrefix?: string;
  /**
   * Use a Redis Cluster (url/host/port/db are then ignored). Every multi-key script touches one slot (hash tags
   * per portal); the Bull queues share the slot of `{<keyPrefix>:bull}`.
   */
  @IsOptional() @ValidateNested() @Type(() => RedisClusterOptions) cluster?: RedisClusterOptions;
}

export class MetricsOptions {
  /** Register Prometheus metrics in prom-client's default registry (needs the optional peer `prom-client`). */
  @IsOptional() @IsBoolean() enabled?: boolean;
}

/** `objects`: what the host declares per HubSpot object type. */
export interface HubspotObjectsOptions {
  contacts?: HubspotObjectDeclaration;
  companies?: HubspotObjectDeclaration;
  deals?: HubspotObjectDeclaration;
  /** Custom object types by name (`p_projects`) or id (`2-1234567`). */
  [objectType: string]: HubspotObjectDeclaration | undefined;
}

/** What the host passes to HubspotModule.forRoot / forRootAsync. */
export class HubspotModuleOptions {
  @ValidateNested() @Type(() => AuthOptions) auth!: AuthOptions;
  /** HubSpot API origin; point it at the emulator in tests and demos. */
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true }) baseUrl?: string;
  /** HubSpot's dated API version every path is built with (see "HubSpot API versions"). */
  @IsOptional()
  @IsIn(HUBSPOT_API_VERSIONS, { message: `apiVersion must be one of ${HUBSPOT_API_VERSIONS.join(', ')}` })
  apiVersion?: HubspotApiVersion;
  @IsOptional() @ValidateNested() @Type(() => RedisOptions) redis?: RedisOptions;
  @IsOptional() @ValidateNested() @Type(() => HttpOptions) http?: HttpOptions;
  @IsOptional() @ValidateNested() @Type(() => LimitsOptions) limits?: LimitsOptions;
  @IsOptional() @ValidateNested() @Type(() => SyncOptions) sync?: SyncOptions;
  /**
   * The host's properties per object type (`contacts`, `companies`, `deals`, custom types): custom ones are
   * created at boot with the module's own (`sync.ensurePropertiesOnBoot`), references name existing ones.
   */
  @IsOptional() @IsObject() objects?: HubspotObjectsOptions;
  @IsOptional() @ValidateNested() @Type(() => OutboxOptions) outbox?: OutboxOptions;
  @IsOptional() @ValidateNested() @Type(() => WebhooksOptions) webhooks?: WebhooksOptions;
  @IsOptional() @ValidateNested() @Type(() => ReconciliationOptions) reconciliation?: ReconciliationOptions;
  @IsOptional() @ValidateNested() @Type(() => AdminOptions) admin?: AdminOptions;
  @IsOptional() @ValidateNested() @Type(() => MetricsOptions) metrics?: MetricsOptions;
}

/** Extras known synchronously at registration (forRoot and forRootAsync alike), next to the options. */
export interface HubspotModuleExtras {
  isGlobal?: boolean;
  /** Route of the webhooks controller; false to leave it out. Default 'hubspot/webhooks'. */
  webhooksPath?: string | false;
  /** Route prefix of the admin controller; false to leave it out. Default 'hubspot/admin'. */
  adminPath?: string | false;
  /** Route prefix of the OAuth install/callback controller; false to leave it out. Default 'hubspot/oauth'. */
  oauthPath?: string | false;
  /** Name of the host's TypeORM DataSource that holds the module's tables (default: the default one). */
  dataSource?: string;
}

/** Every extra with its default (ConfigurableModuleBuilder strips these keys from the options). */
export const HUBSPOT_MODULE_EXTRAS: HubspotModuleExtras = {
  isGlobal: false,
  webhooksPath: 'hubspot/webhooks',
  adminPath: 'hubspot/admin',
  oauthPath: 'hubspot/oauth',
  dataSource: undefined,
};
