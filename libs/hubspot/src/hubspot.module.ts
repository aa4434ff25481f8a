import { DynamicModule, Module } from '@nestjs/common';
import { resolveHubspotConfig } from './config/hubspot.config';
import { HUBSPOT_MODULE_EXTRAS } from './config/hubspot.options';
import {
  HUBSPOT_ASYNC_OPTIONS_TYPE,
  HUBSPOT_OPTIONS_TYPE,
  HubspotConfigurableModule,
} from './hubspot-module-definition';

/**
 * Keeps HubSpot CRM in step with the host's database. Register once:
 * `HubspotModule.forRoot({ auth: { type: 'static-token', accessToken } })` or `forRootAsync({ useFactory })`.
 * It uses its own Bull configuration (key 'hubspot-sync'), never calls ScheduleModule.forRoot and adds its
 * entities to the host's TypeORM DataSource through `TypeOrmModule.forFeature`.
 */
@Module({})
export class HubspotModule extends HubspotConfigurableModule {
  static override forRoot(options: typeof HUBSPOT_OPTIONS_TYPE): DynamicModule {
    // Synchronous options fail fast, before any provider starts.
    resolveHubspotConfig(withoutExtras(options));
    return super.forRoot(options);
  }

  static override forRootAsync(options: typeof HUBSPOT_ASYNC_OPTIONS_TYPE): DynamicModule {
    return super.forRootAsync(options);
  }
}

function withoutExtras(options: object): object {
  return Object.fromEntries(Object.entries(options).filter(([key]) => !(key in HUBSPOT_MODULE_EXTRAS)));
}
