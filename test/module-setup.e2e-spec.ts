import { HUBSPOT_ENTITIES, HUBSPOT_MIGRATIONS, HubspotModuleOptions } from '@app/hubspot';
import { DataSource } from 'typeorm';
import { createApp } from '../src/bootstrap';
import { adoptionOptions, bootAdoptingHost } from './support/adoption-app';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { DB, REDIS_URL, uniquePrefix } from './support/services';
import { SuiteBackend, startSuiteBackend } from './support/suite-backend';

const PORTAL = 4401;
const TOKEN = 'pat-module-setup';

/**
 * Adopting the module in an existing app, set up wrong: no TypeORM, its entities or tables or columns missing,
 * a declared property the portal does not have. The app does not start, and the message names the fix.
 */
describe('a setup the module cannot work with does not start, and says what to do', () => {
  let backend: SuiteBackend;
  const options = (overrides: Partial<HubspotModuleOptions> = {}) =>
    adoptionOptions(backend, TOKEN, PORTAL, overrides);
  const boot = (typeorm: Record<string, unknown> | null, database = backend.database, o = options()) =>
    bootAdoptingHost(database, typeorm, o);

  beforeAll(async () => {
    backend = await startSuiteBackend('module_setup', { portals: [{ portalId: PORTAL, tokens: [TOKEN] }] });
  });
  afterAll(() => backend?.stop());

  it('without TypeORM', async () => {
    await expect(boot(null)).rejects.toThrow(
      /HubspotModule needs TypeORM.*TypeOrmModule\.forRoot\(\{.*\.\.\.HUBSPOT_ENTITIES.*\.\.\.HUBSPOT_MIGRATIONS/,
    );
  });

  it("without the module's entities in the DataSource", async () => {
    await expect(boot({ entities: [] })).rejects.toThrow(
      /does not have the module's entities \(HubspotOAuthToken, HubspotObjectMap,.*\): add HUBSPOT_ENTITIES/,
    );
  });

  it("without the module's tables (migrations never run)", async () => {
    await expect(boot({ entities: [...HUBSPOT_ENTITIES] })).rejects.toThrow(
      /the module's tables are missing in database '.+' \(.*hubspot_object_map.*\): add HUBSPOT_MIGRATIONS to the DataSource's migrations and run them/,
    );
  });

  it('with tables older than the library (a newer migration not run)', async () => {
    const database = await createTestDatabase('module_setup_old');
    try {
      const migrated = new DataSource({
        type: 'mysql',
        ...DB,
        database,
        entities: [...HUBSPOT_ENTITIES],
        migrations: [...HUBSPOT_MIGRATIONS],
      });
      await migrated.initialize();
      await migrated.runMigrations();
      await migrated.query('ALTER TABLE hubspot_dead_letters DROP COLUMN replay_count');
      await migrated.destroy();
      await expect(
        boot({ entities: [...HUBSPOT_ENTITIES], migrations: [...HUBSPOT_MIGRATIONS] }, database),
      ).rejects.toThrow(/lack columns \(hubspot_dead_letters\.replay_count\).*HUBSPOT_MIGRATIONS/);
    } finally {
      await dropTestDatabase(database);
    }
  });

  it('the example app, deployed without running migrations, refuses to start', async () => {
    const database = await createTestDatabase('module_setup_host');
    const saved = { ...process.env };
    const auth = DB.password ? `${DB.username}:${encodeURIComponent(DB.password)}` : DB.username;
    Object.assign(process.env, {
      DATABASE_URL: `mysql://${auth}@${DB.host}:${DB.port}/${database}`,
      DB_MIGRATIONS_RUN: 'false',
      REDIS_URL,
      REDIS_PREFIX: uniquePrefix('setup-host'),
      HUBSPOT_ACCESS_TOKEN: '',
      LOG_LEVEL: 'error',
    });
    const app = await createApp();
    try {
      await expect(app.listen(0, '127.0.0.1')).rejects.toThrow(
        /HubspotModule cannot start:.*HUBSPOT_MIGRATIONS/s,
      );
    } finally {
      await app.close().catch(() => undefined);
      process.env = saved;
      await dropTestDatabase(database);
    }
  });

  it('with a declared reference to a property the portal does not have', async () => {
    const typeorm = {
      entities: [...HUBSPOT_ENTITIES],
      migrations: [...HUBSPOT_MIGRATIONS],
      migrationsRun: true,
    };
    const o = options({ objects: { contacts: { properties: [{ name: 'first_name' }] } } });
    await expect(boot(typeorm, backend.database, o)).rejects.toThrow(
      /portal 4401, property contacts\.first_name: no such property in HubSpot/,
    );
  });
});
