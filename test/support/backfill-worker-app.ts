import { DynamicModule, INestApplication, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HUBSPOT_ENTITIES, HUBSPOT_MIGRATIONS, HubspotModule, HubspotModuleOptions } from '@app/hubspot';
import { SYNC_RUN_TIMING } from '@app/hubspot/testing';
import { BackfillTestUser, TestCompaniesSource, TestUsersContactSource } from './backfill-worker-source';
import { DB, REDIS_URL } from './services';

/** Everything a backfill/reconcile e2e process (test or worker child) needs to boot the same app. */
export interface BackfillAppEnv {
  database: string;
  redisPrefix: string;
  emulatorUrl: string;
  token: string;
  portalId: number;
  maxPerWindow: number;
  windowMs: number;
  /** Run queue processors (the child workers) or not (the test process only starts and inspects runs). */
  worker: boolean;
  /** Run the module's migrations at boot (the test process does; child workers find them done). */
  migrate?: boolean;
  adminToken?: string;
  /** The whole `admin` options (console, host guard); overrides adminToken. */
  admin?: HubspotModuleOptions['admin'];
  leaseMs?: number;
  withCompanies?: boolean;
  cron?: string;
  concurrency?: number;
  /** Import ScheduleModule.forRoot() like a host that schedules its own jobs. */
  schedule?: boolean;
  /** Daily calls kept for live work (bulk lanes park below it). */
  dailyReserve?: number;
}

/** Custom properties the suites' sources write (created in the emulator's portal at start). */
export const BF_PROPERTIES = {
  contacts: [
    { name: 'plan', type: 'string', fieldType: 'text' },
    { name: 'app_user_id', type: 'string', fieldType: 'text', hasUniqueValue: true },
  ],
  companies: [{ name: 'app_company_domain', type: 'string', fieldType: 'text', hasUniqueValue: true }],
};

@Module({})
class BackfillTestAppModule {}

/** The suites' host app as a module: its database, the users sources and HubspotModule (CLI tests boot it). */
export function backfillAppModule(env: BackfillAppEnv): DynamicModule {
  return {
    module: BackfillTestAppModule,
    imports: [
      TypeOrmModule.forRoot({
        type: 'mysql',
        ...DB,
        database: env.database,
        entities: [...HUBSPOT_ENTITIES, BackfillTestUser],
        migrations: [...HUBSPOT_MIGRATIONS],
        migrationsRun: env.migrate ?? true,
        extra: { connectionLimit: 10 },
      }),
      TypeOrmModule.forFeature([BackfillTestUser]),
      ...(env.schedule ? [ScheduleModule.forRoot()] : []),
      HubspotModule.forRoot({
        auth: { type: 'static-token', accessToken: env.token, portalId: env.portalId },
        baseUrl: env.emulatorUrl,
        redis: { url: REDIS_URL, keyPrefix: env.redisPrefix },
        limits: {
          maxPerWindow: env.maxPerWindow,
          windowMs: env.windowMs,
          associationsPerWindow: env.maxPerWindow,
          dailyReserve: env.dailyReserve,
        },
        http: { maxAttempts: 6, baseDelayMs: 50, maxDelayMs: 1000, timeoutMs: 10_000 },
        sync: { worker: env.worker, concurrency: env.concurrency ?? 4 },
        reconciliation: env.cron ? { cron: env.cron } : undefined,
        admin: env.admin ?? (env.adminToken ? { token: env.adminToken } : undefined),
      }),
    ],
    providers:
      env.withCompanies === false ? [TestUsersContactSource] : [TestUsersContactSource, TestCompaniesSource],
  };
}

export async function createBackfillApp(env: BackfillAppEnv): Promise<INestApplication> {
  const leaseMs = env.leaseMs ?? 1500;
  const moduleRef = await Test.createTestingModule({ imports: [backfillAppModule(env)] })
    .overrideProvider(SYNC_RUN_TIMING)
    .useValue({
      leaseMs,
      heartbeatMs: Math.round(leaseMs / 4),
      sweepMs: Math.round(leaseMs / 3),
      pollMs: 100,
    })
    .compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn', 'log'] });
  await app.init();
  return app;
}
