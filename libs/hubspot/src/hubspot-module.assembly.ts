import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { getDataSourceToken, getRepositoryToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  ADMIN_EXPORTS,
  ADMIN_PROVIDERS,
  adminControllers,
  adminPortalsControllers,
} from './admin/admin.providers';
import { AUTH_EXPORTS, AUTH_PROVIDERS } from './auth/auth.providers';
import { oauthControllerAt } from './auth/oauth/oauth.controller';
import { HubspotConfigWarnings } from './config/config-warnings';
import { HubspotConfig, resolveHubspotConfig } from './config/hubspot.config';
import {
  HUBSPOT_BULL_CONFIG_KEY,
  HUBSPOT_CONFIG,
  HUBSPOT_MODULE_OPTIONS,
  HUBSPOT_REDIS,
  RUNS_QUEUE,
  SALES_QUEUE,
  WEBHOOKS_QUEUE,
} from './config/hubspot.constants';
import { HUBSPOT_MODULE_EXTRAS, HubspotModuleExtras } from './config/hubspot.options';
import { CRM_EXPORTS, CRM_PROVIDERS } from './crm/crm.providers';
import { ENGINE_EXPORTS, ENGINE_PROVIDERS } from './engine/engine.providers';
import { HEALTH_EXPORTS, HEALTH_PROVIDERS } from './health/health.providers';
import { HTTP_EXPORTS, HTTP_PROVIDERS } from './http/http.providers';
import { HUBSPOT_ENTITIES } from './hubspot.entities';
import { METRICS_EXPORTS, METRICS_PROVIDERS } from './metrics/metrics.providers';
import { BullClusterCloser } from './redis/bull-cluster.closer';
import { BullClusterConnections } from './redis/bull-cluster.connections';
import { REDIS_PROVIDERS } from './redis/redis.providers';
import { RUNS_EXPORTS, RUNS_PROVIDERS } from './runs/runs.providers';
import { HubspotSchemaCheck } from './setup/hubspot-schema.check';
import { OptionalPeersNotice } from './setup/optional-peers.notice';
import { typeOrmFeature } from './setup/typeorm-feature';
import { WEBHOOKS_EXPORTS, WEBHOOKS_PROVIDERS } from './webhooks/webhooks.providers';
import { webhooksControllerAt } from './webhooks/webhooks.controller';

/** Every layer's providers, lowest first (the layers .dependency-cruiser.cjs enforces). */
const PROVIDERS: Provider[] = [
  ...REDIS_PROVIDERS,
  BullClusterCloser,
  ...HTTP_PROVIDERS,
  ...AUTH_PROVIDERS,
  ...ENGINE_PROVIDERS,
  ...CRM_PROVIDERS,
  ...RUNS_PROVIDERS,
  ...WEBHOOKS_PROVIDERS,
  ...ADMIN_PROVIDERS,
  ...HEALTH_PROVIDERS,
  ...METRICS_PROVIDERS,
];

/** What the host can inject. */
const EXPORTS = [
  HUBSPOT_REDIS,
  ...ADMIN_EXPORTS,
  ...HTTP_EXPORTS,
  ...AUTH_EXPORTS,
  ...ENGINE_EXPORTS,
  ...CRM_EXPORTS,
  ...RUNS_EXPORTS,
  ...WEBHOOKS_EXPORTS,
  ...HEALTH_EXPORTS,
  ...METRICS_EXPORTS,
];

/**
 * Record upserts and associations go through the per-portal dispatcher (engine/dispatch), not Bull; deals of
 * sales events relayed from the outbox have a small queue of their own.
 */
const QUEUES = [WEBHOOKS_QUEUE, RUNS_QUEUE, SALES_QUEUE];

/** Holds the options and the resolved config, so that the module's own imports (Bull) can inject them. */
@Module({})
class HubspotConfigModule {}

/**
 * Turns ConfigurableModuleBuilder's definition (the options provider) into the whole module: config, its own
 * Bull configuration and queues, the entities, every layer's providers, and the controllers the extras ask for.
 */
export function assembleHubspotModule(base: DynamicModule, given: HubspotModuleExtras): DynamicModule {
  const extras = withDefaults(given);
  const configModule: DynamicModule = {
    module: HubspotConfigModule,
    imports: base.imports ?? [],
    providers: [
      ...(base.providers ?? []),
      {
        provide: HUBSPOT_CONFIG,
        inject: [HUBSPOT_MODULE_OPTIONS],
        useFactory: (options: unknown) => resolveHubspotConfig(options),
      },
      {
        provide: BullClusterConnections,
        inject: [HUBSPOT_CONFIG],
        useFactory: (config: HubspotConfig) => new BullClusterConnections(config),
      },
      HubspotConfigWarnings,
    ],
    exports: [HUBSPOT_MODULE_OPTIONS, HUBSPOT_CONFIG, BullClusterConnections],
  };
  return {
    module: base.module,
    global: extras.isGlobal,
    imports: [
      configModule,
      DiscoveryModule,
      BullModule.forRootAsync(HUBSPOT_BULL_CONFIG_KEY, {
        imports: [configModule],
        inject: [HUBSPOT_CONFIG, BullClusterConnections],
        useFactory: bullOptions,
      }),
      BullModule.registerQueue(...QUEUES.map((name) => ({ name, configKey: HUBSPOT_BULL_CONFIG_KEY }))),
      typeOrmFeature(HUBSPOT_ENTITIES, extras.dataSource),
    ],
    providers: [
      ...PROVIDERS,
      schemaCheck(extras.dataSource),
      { provide: OptionalPeersNotice, useValue: new OptionalPeersNotice(!!extras.adminPath) },
      ...namedDataSourceAliases(extras.dataSource),
    ],
    controllers: controllers(extras),
    exports: [configModule, BullModule, ...EXPORTS],
  };
}

/** An extra passed as `undefined` (e.g. from an unset env variable) keeps its default. */
function withDefaults(given: HubspotModuleExtras): HubspotModuleExtras {
  const extras = { ...HUBSPOT_MODULE_EXTRAS };
  for (const [key, value] of Object.entries(given) as Array<[keyof HubspotModuleExtras, never]>)
    if (key in HUBSPOT_MODULE_EXTRAS && value !== undefined) extras[key] = value;
  return extras;
}

/**
 * Bull on the module's Redis; on a cluster, through cluster clients and a hash-tagged prefix. Bull's own
 * reconnect delay grows to 20 s; capped, the queues (and the outbox relay) resume within seconds of Redis
 * coming back.
 */
function bullOptions(config: HubspotConfig, connections: BullClusterConnections) {
  const { url, host, port, password, db, cluster } = config.redis;
  const prefix = connections.prefix;
  if (cluster) return { prefix, createClient: connections.createClient };
  const retryStrategy = (times: number) => Math.min(times * 200, 2_000);
  return url
    ? { url, redis: { retryStrategy }, prefix }
    : { redis: { host, port, password, db, retryStrategy }, prefix };
}

function controllers({ webhooksPath, adminPath, oauthPath }: HubspotModuleExtras): Type[] {
  return [
    ...(webhooksPath ? [webhooksControllerAt(webhooksPath)] : []),
    ...(adminPath ? adminControllers(adminPath) : []),
    ...(oauthPath ? [oauthControllerAt(oauthPath), ...adminPortalsControllers(oauthPath)] : []),
  ];
}

/** Fails the boot, naming the fix, when the module's entities or tables are missing. */
function schemaCheck(dataSource?: string): Provider {
  return {
    provide: HubspotSchemaCheck,
    inject: [{ token: getDataSourceToken(dataSource), optional: true }],
    useFactory: (source?: DataSource) => new HubspotSchemaCheck(source, HUBSPOT_ENTITIES, dataSource),
  };
}

/**
 * The module's services inject repositories with plain `@InjectRepository(Entity)`. When the host keeps the
 * module's tables in a named DataSource, alias those tokens to the named connection's repositories.
 */
function namedDataSourceAliases(dataSource?: string): Provider[] {
  if (!dataSource) return [];
  return HUBSPOT_ENTITIES.map((entity) => ({
    provide: getRepositoryToken(entity),
    useExisting: getRepositoryToken(entity, dataSource),
  }));
}
