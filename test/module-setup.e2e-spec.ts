import { INestApplication, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  ContactSource,
  ContactsService,
  DeadLettersService,
  HUBSPOT_ENTITIES,
  HUBSPOT_MIGRATIONS,
  HubspotContactSource,
  HubspotHealthIndicator,
  HubspotModule,
  HubspotModuleOptions,
  ReconciliationService,
  SourceContact,
  SourcePage,
} from '@app/hubspot';
import { DataSource } from 'typeorm';
import { createApp } from '../src/bootstrap';
import { waitForRun } from './support/backfill-worker-seed';
import { CapturingLogger } from './support/capturing-logger';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { DB, REDIS_URL, uniquePrefix } from './support/services';
import { SuiteBackend, startSuiteBackend } from './support/suite-backend';

const PORTAL = 4401;
const TOKEN = 'pat-module-setup';

interface Member {
  id: number;
  email: string;
  name: string;
  plan: 'free' | 'pro';
}

/** The host's "database" for these tests, and its one mapping to HubSpot. */
const members: Member[] = [];

@Injectable()
@HubspotContactSource()
class MembersSource implements ContactSource<Member> {
  async page({ cursor, limit }: { cursor: string | null; limit: number }): Promise<SourcePage<Member>> {
    const from = cursor ? Number(cursor) : 0;
    const items = members.slice(from, from + limit);
    return { items, nextCursor: from + limit < members.length ? String(from + limit) : null };
  }

  toContact(m: Member): SourceContact {
    return { email: m.email, userId: String(m.id), properties: { firstname: m.name, plan: m.plan } };
  }
}

@Module({ providers: [MembersSource] })
class MembersModule {}

const PLAN = {
  name: 'plan',
  label: 'Plan',
  type: 'enumeration',
  fieldType: 'select',
  options: [
    { label: 'Free', value: 'free' },
    { label: 'Pro', value: 'pro' },
  ],
} as const;

/**
 * Adopting the module in an existing app: a missing TypeORM setup, missing entities, tables or columns stop the
 * boot with a message naming the fix; on a fresh portal (no custom properties at all) the first signup arrives,
 * because the declared properties are created at boot; a write that still hits a missing property is an ERROR
 * line, a dead letter and a health warning.
 */
describe('adopting the module (real MariaDB, Redis, emulator)', () => {
  let backend: SuiteBackend;

  beforeAll(async () => {
    // A fresh portal: HubSpot's own properties only.
    backend = await startSuiteBackend('module_setup', { portals: [{ portalId: PORTAL, tokens: [TOKEN] }] });
  });
  afterAll(() => backend?.stop());

  function hubspotOptions(overrides: Partial<HubspotModuleOptions> = {}): HubspotModuleOptions {
    return {
      auth: { type: 'private-app', accessToken: TOKEN, portalId: PORTAL },
      baseUrl: backend.emu.url,
      redis: { url: REDIS_URL, keyPrefix: uniquePrefix('setup') },
      http: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 100, timeoutMs: 5_000 },
      sync: { coalesceWindowMs: 50, retryDelayMs: 50 },
      ...overrides,
    };
  }

  /** Boots a host with these TypeORM options (none: no TypeORM at all); closes whatever a failed boot opened. */
  async function boot(
    typeorm: Record<string, unknown> | null,
    options: HubspotModuleOptions = hubspotOptions(),
    logger = new CapturingLogger(),
  ): Promise<INestApplication> {
    let dataSource: Promise<DataSource> | undefined;
    let app: INestApplication | undefined;
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [
          ...(typeorm
            ? [
                TypeOrmModule.forRootAsync({
                  useFactory: () => ({ type: 'mysql', ...DB, database: backend.database, ...typeorm }),
                  dataSourceFactory: (o) => (dataSource = new DataSource(o!).initialize()),
                }),
              ]
            : []),
          HubspotModule.forRoot({ adminPath: false, webhooksPath: false, oauthPath: false, ...options }),
          MembersModule,
        ],
      })
        .setLogger(logger)
        .compile();
      app = moduleRef.createNestApplication({ logger });
      await app.init();
      return app;
    } catch (err) {
      await app?.close().catch(() => undefined);
      await (await dataSource?.catch(() => undefined))?.destroy().catch(() => undefined);
      throw err;
    }
  }

  describe('a setup the module cannot work with does not start, and says what to do', () => {
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
          boot({ database, entities: [...HUBSPOT_ENTITIES], migrations: [...HUBSPOT_MIGRATIONS] }),
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
      await expect(
        boot(
          { entities: [...HUBSPOT_ENTITIES], migrations: [...HUBSPOT_MIGRATIONS], migrationsRun: true },
          hubspotOptions({ objects: { contacts: { properties: [{ name: 'first_name' }] } } }),
        ),
      ).rejects.toThrow(/portal 4401, property contacts\.first_name: no such property in HubSpot/);
    });
  });

  describe('on a fresh portal', () => {
    let app: INestApplication;
    const logger = new CapturingLogger();
    const typeorm = {
      entities: [...HUBSPOT_ENTITIES],
      migrations: [...HUBSPOT_MIGRATIONS],
      migrationsRun: true,
    };
    const contact = (email: string) =>
      backend.emu.control
        .objects(PORTAL, 'contacts')
        .find((c) => !c.archived && c.properties.email === email);

    beforeAll(async () => {
      expect(backend.emu.control.listPortals().find((p) => p.portalId === PORTAL)).toBeDefined();
      app = await boot(
        typeorm,
        hubspotOptions({ objects: { contacts: { properties: [{ name: 'firstname' }, PLAN] } } }),
        logger,
      );
    });
    afterAll(() => app?.close());

    it('the first signup arrives: the declared and the module’s properties were created at boot', async () => {
      members.push({ id: 1, email: 'first@example.com', name: 'First', plan: 'pro' });
      await app.get(ContactsService).upsertRecord(members[0]);
      await eventually(() => contact('first@example.com'));
      expect(contact('first@example.com')!.properties).toMatchObject({
        firstname: 'First',
        plan: 'pro',
        app_user_id: '1',
      });
      expect(await app.get(DeadLettersService).countOpen()).toBe(0);
    });

    it('live writes and reconciliation share one mapping: what was written live is not drift', async () => {
      members.push(
        { id: 2, email: 'second@example.com', name: 'Second', plan: 'free' },
        { id: 3, email: 'third@example.com', name: 'Third', plan: 'pro' },
      );
      for (const m of members.slice(1)) await app.get(ContactsService).upsertRecord(m);
      await eventually(() => contact('third@example.com') && contact('second@example.com'));
      const run = await app.get(ReconciliationService).start({ kind: 'contacts' });
      const done = await waitForRun(app, run.id, (r) => r.status === 'completed', 30_000);
      expect(done.report?.reconcile).toMatchObject({ checked: 3, missing: 0, drifted: 0, fixed: 0 });
    });

    it('a write of an undeclared property that does not exist: an ERROR line, a dead letter, a health warning', async () => {
      await app.get(ContactsService).upsert({ email: 'first@example.com', properties: { seats: 5 } });
      const deadLetters = app.get(DeadLettersService);
      await eventually(async () => (await deadLetters.countOpen()) === 1);
      expect(logger.lines.find((l) => l.includes('Dead letter #'))).toMatch(
        /HubSpot portal 4401 has no property contacts\.seats: declare it in objects\.contacts\.properties/,
      );
      expect(logger.levelOf('Dead letter #')).toBe('error');
      const health = await app.get(HubspotHealthIndicator).isHealthy('hubspot');
      expect(health.hubspot.status).toBe('up');
      expect(health.hubspot.warnings).toEqual([expect.stringContaining('has no property contacts.seats')]);
    });
  });
});

async function eventually<T>(probe: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
