import { DynamicModule, FactoryProvider, Provider, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HubspotSetupError } from '../errors/hubspot-setup.error';

/**
 * `TypeOrmModule.forFeature(entities, dataSource)` whose repositories say what is wrong when the host has no
 * TypeORM DataSource, instead of Nest's "can't resolve dependencies of the HubspotOAuthTokenRepository".
 * Without one, each repository is a stand-in that throws that message when used, so the app builds, and
 * HubspotSchemaCheck stops the boot (closing what was opened) with the same message.
 */
export function typeOrmFeature(entities: Type[], dataSource?: string): DynamicModule {
  const feature = TypeOrmModule.forFeature(entities, dataSource);
  const providers = (feature.providers ?? []).map((provider) =>
    isFactory(provider) ? withDataSourceCheck(provider, dataSource) : provider,
  );
  return {
    ...feature,
    providers,
    exports: providers.map((p) => (typeof p === 'function' ? p : p.provide)),
  };
}

/** Thrown when the module's repositories find no DataSource to come from. */
export function typeOrmMissing(dataSource?: string): HubspotSetupError {
  const setup =
    "TypeOrmModule.forRoot({ type: 'mysql', url, entities: [...yourEntities, ...HUBSPOT_ENTITIES], " +
    'migrations: [...yourMigrations, ...HUBSPOT_MIGRATIONS], migrationsRun: true })';
  return new HubspotSetupError([
    dataSource
      ? `HubspotModule's dataSource extra names '${dataSource}', but no TypeORM DataSource has that name: ` +
        `add name: '${dataSource}' to its ${setup}`
      : 'HubspotModule needs TypeORM: it keeps its ledger, dead letters, runs and webhook events in your ' +
        `database. Import ${setup} next to HubspotModule`,
  ]);
}

function withDataSourceCheck(provider: FactoryProvider, dataSource?: string): FactoryProvider {
  const factory = provider.useFactory;
  return {
    ...provider,
    inject: (provider.inject ?? []).map((token) =>
      typeof token === 'object' && 'token' in token
        ? { ...token, optional: true }
        : { token, optional: true },
    ),
    useFactory: (...deps: unknown[]) =>
      deps.some((dep) => dep === undefined) ? missingRepository(dataSource) : factory(...deps),
  };
}

/** Nest looks these up on every provider; the stand-in must not throw for them. */
const INSPECTED = new Set([
  'then',
  'onModuleInit',
  'onApplicationBootstrap',
  'onModuleDestroy',
  'beforeApplicationShutdown',
  'onApplicationShutdown',
]);

function missingRepository(dataSource?: string): object {
  return new Proxy(
    {},
    {
      get: (_target, property) =>
        typeof property === 'string' && !INSPECTED.has(property)
          ? () => {
              throw typeOrmMissing(dataSource);
            }
          : undefined,
    },
  );
}

function isFactory(provider: Provider): provider is FactoryProvider {
  return typeof provider === 'object' && 'useFactory' in provider;
}
