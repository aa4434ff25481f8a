import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module, Provider } from '@nestjs/common';
import { getRepositoryToken, TypeOrmModule } from '@nestjs/typeorm';
import { ADMIN_EXPORTS, ADMIN_PROVIDERS, adminControllers } from './admin/admin.providers';
import { AUTH_EXPORTS, AUTH_PROVIDERS, authControllers } from './auth/auth.providers';
import { CRM_EXPORTS, CRM_PROVIDERS, crmControllers } from './crm/crm.providers';
import { HEALTH_EXPORTS, HEALTH_PROVIDERS, healthControllers } from './health/health.providers';
import { HTTP_EXPORTS, HTTP_PROVIDERS, httpControllers } from './http/http.providers';
import {
  HUBSPOT_ASYNC_OPTIONS_TYPE,
  HUBSPOT_MODULE_OPTIONS,
  HUBSPOT_OPTIONS_TYPE,
  HubspotConfigurableModule,
} from './hubspot-module-definition';
import { resolveExtras, ResolvedExtras } from './hubspot-extras';
import { HubspotConfig, resolveHubspotConfig } from './config/hubspot.config';
import {
  DEFERRED_QUEUE,
  HUBSPOT_BULL_CONFIG_KEY,
  HUBSPOT_CONFIG,
  RUNS_QUEUE,
  SYNC_QUEUE,
  WEBHOOKS_QUEUE,
} from './config/hubspot.constants';
import { HUBSPOT_ENTITIES } from './hubspot.entities';
import { METRICS_EXPORTS, METRICS_PROVIDERS, metricsControllers } from './metrics/metrics.providers';
import { HubspotQueuesGuard } from './engine/workers/hubspot-queues.guard';
import { SYNC_EXPORTS, SYNC_PROVIDERS, syncControllers } from './engine/engine.providers';
import { WEBHOOKS_EXPORTS, WEBHOOKS_PROVIDERS, webhooksControllers } from './webhooks/webhooks.providers';

const FEATURES = [
  { providers: HTTP_PROVIDERS, exports: HTTP_EXPORTS, controllers: httpControllers },
  { providers: AUTH_PROVIDERS, exports: AUTH_EXPORTS, controllers: authControllers },
  { providers: CRM_PROVIDERS, exports: CRM_EXPORTS, controllers: crmControllers },
  { providers: SYNC_PROVIDERS, exports: SYNC_EXPORTS, controllers: syncControllers },
  { providers: WEBHOOKS_PROVIDERS, exports: WEBHOOKS_EXPORTS, controllers: webhooksControllers },
  { providers: ADMIN_PROVIDERS, exports: ADMIN_EXPORTS, controllers: adminControllers },
  { providers: HEALTH_PROVIDERS, exports: HEALTH_EXPORTS, controllers: healthControllers },
  { providers: METRICS_PROVIDERS, exports: METRICS_EXPORTS, controllers: metricsControllers },
];

/** Holds the validated options so that the module's own imports (Bull) can inject them. */
@Module({})
class HubspotConfigModule {}

/**
 * Keeps HubSpot CRM in step with the host's database. Register once:
 * `HubspotModule.forRoot({ auth: { type: 'private-app', accessToken } })` or `forRootAsync({ useFactory })`.
 * It uses its own Bull configuration (key 'hubspot-sync'), never calls ScheduleModule.forRoot and adds its
 * entities to the host's TypeORM DataSource through `TypeOrmModule.forFeature`.
 */
@Module({})
export class HubspotModule extends HubspotConfigurableModule {
  static override forRoot(options: typeof HUBSPOT_OPTIONS_TYPE): DynamicModule {
    // Fail fast on synchronous options, before any provider starts.
    resolveHubspotConfig(withoutExtras(options));
    return assemble(super.forRoot(options), resolveExtras(options));
  }

  static override forRootAsync(options: typeof HUBSPOT_ASYNC_OPTIONS_TYPE): DynamicModule {
    return assemble(super.forRootAsync(options), resolveExtras(options));
  }
}

function assemble(base: DynamicModule, extras: ResolvedExtras): DynamicModule {
  const configProvider: Provider = {
    provide: HUBSPOT_CONFIG,
    inject: [HUBSPOT_MODULE_OPTIONS],
    useFactory: (options: unknown) => resolveHubspotConfig(withoutExtras(options)),
  };
  const configModule: DynamicModule = {
    module: HubspotConfigModule,
    imports: base.imports ?? [],
    providers: [...(base.providers ?? []), configProvider],
    exports: [HUBSPOT_MODULE_OPTIONS, HUBSPOT_CONFIG],
  };
  const queues = [SYNC_QUEUE, DEFERRED_QUEUE, WEBHOOKS_QUEUE, RUNS_QUEUE].map((name) => ({
    name,
    configKey: HUBSPOT_BULL_CONFIG_KEY,
  }));
  return {
    module: HubspotModule,
    global: base.global,
    imports: [
      configModule,
      BullModule.forRootAsync(HUBSPOT_BULL_CONFIG_KEY, {
        imports: [configModule],
        inject: [HUBSPOT_CONFIG],
        useFactory: (config: HubspotConfig) => ({
          redis: config.redis.url ?? {
            host: config.redis.host,
            port: config.redis.port,
            password: config.redis.password,
            db: config.redis.db,
          },
          prefix: `${config.redis.keyPrefix}:bull`,
        }),
      }),
      BullModule.registerQueue(...queues),
      TypeOrmModule.forFeature(HUBSPOT_ENTITIES, extras.dataSource),
    ],
    providers: [
      HubspotQueuesGuard,
      ...FEATURES.flatMap((f) => f.providers),
      ...namedDataSourceAliases(extras.dataSource),
    ],
    controllers: FEATURES.flatMap((f) => f.controllers(extras)),
    exports: [configModule, BullModule, ...FEATURES.flatMap((f) => f.exports)],
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

const EXTRA_KEYS = ['isGlobal', 'webhooksPath', 'adminPath', 'oauthPath', 'dataSource'];

function withoutExtras(options: unknown): unknown {
  if (!options || typeof options !== 'object') return options;
  return Object.fromEntries(Object.entries(options).filter(([key]) => !EXTRA_KEYS.includes(key)));
}
