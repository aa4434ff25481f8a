import { BullModule, getQueueToken } from '@nestjs/bull';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HUBSPOT_ENTITIES, HUBSPOT_MIGRATIONS, HubspotModule, DeadLettersService } from '@app/hubspot';
import {
  configWarnings,
  HUBSPOT_CONFIG,
  HubspotConfig,
  StaticTokenProvider,
  TokenProvider,
  WEBHOOKS_QUEUE,
} from '@app/hubspot/testing';
import { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { CapturingLogger } from './support/capturing-logger';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { DB, REDIS_URL, uniquePrefix } from './support/services';

describe('HubspotModule boot (real MariaDB + Redis)', () => {
  let database: string;
  beforeAll(async () => {
    database = await createTestDatabase('module_boot');
  });
  afterAll(() => dropTestDatabase(database));

  it('drops into a host that has its own Bull and TypeORM configuration, and closes cleanly', async () => {
    const prefix = uniquePrefix('boot');
    const moduleRef = await Test.createTestingModule({
      imports: [
        BullModule.forRoot({ redis: REDIS_URL, prefix: `${prefix}-host` }),
        TypeOrmModule.forRoot({
          type: 'mysql',
          ...DB,
          database,
          entities: [...HUBSPOT_ENTITIES],
          migrations: [...HUBSPOT_MIGRATIONS],
          migrationsRun: true,
        }),
        HubspotModule.forRootAsync({
          useFactory: () => ({
            auth: { type: 'static-token', accessToken: 'pat-test-token' },
            redis: { url: REDIS_URL, keyPrefix: prefix },
          }),
        }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    const config = app.get<HubspotConfig>(HUBSPOT_CONFIG);
    expect(config.redis.keyPrefix).toBe(prefix);
    const queue = app.get<Queue>(getQueueToken(WEBHOOKS_QUEUE));
    expect(await queue.isReady()).toBeTruthy();
    expect((queue as unknown as { keyPrefix: string }).keyPrefix).toBe(`${prefix}:bull`);
    await app.close();
  });

  it("boots a host still on auth.type 'private-app' and says at boot what to change (alias, API version)", async () => {
    const logs = new CapturingLogger();
    const moduleRef = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({ type: 'mysql', ...DB, database, entities: [...HUBSPOT_ENTITIES] }),
        HubspotModule.forRoot({
          auth: { type: 'private-app', accessToken: 'pat-test-token' },
          apiVersion: '2026-03',
          redis: { url: REDIS_URL, keyPrefix: uniquePrefix('alias') },
          sync: { worker: false },
        }),
      ],
    })
      .setLogger(logs)
      .compile();
    const app = moduleRef.createNestApplication({ logger: logs });
    await app.init();
    const config = app.get<HubspotConfig>(HUBSPOT_CONFIG);
    expect(config.auth).toMatchObject({
      type: 'static-token',
      kind: 'private-app',
      deprecatedType: 'private-app',
    });
    expect(app.get(TokenProvider)).toBeInstanceOf(StaticTokenProvider);
    const text = logs.lines.join('\n');
    expect(text).toMatch(
      /HubSpot API 2026-03 \((current|supported|unsupported)\), static token \(private-app\)/,
    );
    // Whatever today is, each warning the options deserve was logged (the dates are unit-tested).
    const warnings = configWarnings(config);
    expect(warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(/'private-app' is deprecated/),
    );
    for (const { message } of warnings) expect(text).toContain(JSON.stringify(message));
    await app.close();
  });

  it('fails at boot with a message naming the bad option', async () => {
    // A failed boot closes nothing it opened; keep the host's DataSource to close it ourselves.
    let hostDataSource: Promise<DataSource> | undefined;
    const build = Test.createTestingModule({
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ type: 'mysql', ...DB, database, entities: [...HUBSPOT_ENTITIES] }),
          dataSourceFactory: (options) => (hostDataSource = new DataSource(options!).initialize()),
        }),
        HubspotModule.forRootAsync({
          useFactory: () => ({ auth: { type: 'static-token' }, http: { timeoutMs: 5 } }),
        }),
      ],
    }).compile();
    await expect(build).rejects.toThrow(/http.timeoutMs[\s\S]*auth.accessToken is required/);
    await (await hostDataSource)?.destroy();
  });

  it("keeps its tables in a host's named DataSource when told to", async () => {
    const prefix = uniquePrefix('named');
    const moduleRef = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({
          name: 'crm',
          type: 'mysql',
          ...DB,
          database,
          entities: [...HUBSPOT_ENTITIES],
          migrations: [...HUBSPOT_MIGRATIONS],
          migrationsRun: true,
        }),
        HubspotModule.forRoot({
          auth: { type: 'static-token', accessToken: 'pat-test-token' },
          redis: { url: REDIS_URL, keyPrefix: prefix },
          dataSource: 'crm',
        }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    const deadLetters = app.get(DeadLettersService);
    await expect(deadLetters.list({})).resolves.toBeDefined();
    await app.close();
  });
});
