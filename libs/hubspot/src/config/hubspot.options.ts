import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUrl, Max, Min, ValidateNested } from 'class-validator';
import { AdminOptions } from './admin.options';
import { AuthOptions } from './auth.options';
import { HttpOptions, LimitsOptions } from './http.options';
import { OutboxOptions } from './outbox.options';
import { ReconciliationOptions, SyncOptions } from './sync.options';
import { WebhooksOptions } from './webhooks.options';

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
}

export class MetricsOptions {
  /** Register Prometheus metrics (prom-client default registry unless the host passes its own). */
  @IsOptional() @IsBoolean() enabled?: boolean;
}

/** What the host passes to HubspotModule.forRoot / forRootAsync. */
export class HubspotModuleOptions {
  @ValidateNested() @Type(() => AuthOptions) auth!: AuthOptions;
  /** HubSpot API origin; point it at the emulator in tests and demos. */
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true }) baseUrl?: string;
  @IsOptional() @ValidateNested() @Type(() => RedisOptions) redis?: RedisOptions;
  @IsOptional() @ValidateNested() @Type(() => HttpOptions) http?: HttpOptions;
  @IsOptional() @ValidateNested() @Type(() => LimitsOptions) limits?: LimitsOptions;
  @IsOptional() @ValidateNested() @Type(() => SyncOptions) sync?: SyncOptions;
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
