import { INestApplication, LogLevel } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HUBSPOT_ENTITIES, HUBSPOT_MIGRATIONS, HubspotModule } from '@app/hubspot';
import { DB, REDIS_URL } from './services';

/** Everything a many-portals process (the test's web app, or a worker child) needs to boot the same app. */
export interface TenantAppEnv {
  database: string;
  redisPrefix: string;
  emulatorUrl: string;
  clientId: string;
  clientSecret: string;
  encryptionKey: string;
  /** Run the dispatcher in this process (workers) or only queue and install (the test's own app). */
  worker: boolean;
  migrate?: boolean;
  maxPerWindow: number;
  windowMs: number;
  batchSize?: number;
  coalesceWindowMs?: number;
  concurrency?: number;
  leaseMs?: number;
  retryDelayMs?: number;
  /** Portal id -> IANA zone, so no portal spends a call learning its zone. */
  portalTimeZones?: Record<string, string>;
  logger?: LogLevel[] | false;
}

export const TENANT_REDIRECT_URI = 'http://127.0.0.1:3999/hubspot/oauth/callback';

/**
 * The module in OAuth mode (its install routes on, nothing else) on the suite's database and Redis. The portals
 * are granted the contacts scopes only and write standard properties, so the app checks those scopes and
 * creates no properties. `beforeInit` runs before the dispatcher starts (listeners that must see every batch).
 */
export async function createTenantApp(
  env: TenantAppEnv,
  beforeInit?: (app: INestApplication) => void,
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({
        type: 'mysql',
        ...DB,
        database: env.database,
        entities: [...HUBSPOT_ENTITIES],
        migrations: [...HUBSPOT_MIGRATIONS],
        migrationsRun: env.migrate ?? true,
        extra: { connectionLimit: 10 },
      }),
      HubspotModule.forRoot({
        adminPath: false,
        webhooksPath: false,
        auth: {
          type: 'oauth',
          clientId: env.clientId,
          clientSecret: env.clientSecret,
          redirectUri: TENANT_REDIRECT_URI,
          scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write'],
          features: ['contacts'],
          // Every portal installs from this one test address.
          rateLimitPerMinute: 1_000,
          encryptionKey: env.encryptionKey,
          authorizeUrl: `${env.emulatorUrl}/oauth/authorize`,
        },
        baseUrl: env.emulatorUrl,
        redis: { url: REDIS_URL, keyPrefix: env.redisPrefix },
        limits: {
          maxPerWindow: env.maxPerWindow,
          windowMs: env.windowMs,
          portalTimeZones: env.portalTimeZones,
        },
        http: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 1_000, timeoutMs: 5_000 },
        sync: {
          worker: env.worker,
          ensurePropertiesOnBoot: false,
          batchSize: env.batchSize ?? 100,
          coalesceWindowMs: env.coalesceWindowMs ?? 200,
          concurrency: env.concurrency ?? 4,
          leaseMs: env.leaseMs ?? 30_000,
          retryDelayMs: env.retryDelayMs ?? 200,
        },
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: env.logger ?? ['error', 'warn'] });
  beforeInit?.(app);
  await app.init();
  return app;
}
