import { INestApplication, LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  HUBSPOT_ENTITIES,
  HUBSPOT_MIGRATIONS,
  HubspotApiVersion,
  HubspotModule,
  HubspotModuleOptions,
  ScopeCheckService,
  SyncEvents,
  SyncedEvent,
} from '@app/hubspot';
import type { EmulatorHandle } from '@app/hubspot-emulator';
import { DB, REDIS_URL } from './services';
import { SuiteBackend, startSuiteBackend } from './suite-backend';

/** What a crm/sync e2e suite boots: the module on a host TypeORM DataSource, pointed at the emulator. */
export interface CrmAppEnv {
  database: string;
  redisPrefix: string;
  emulatorUrl: string;
  token: string;
  portalId: number;
  worker?: boolean;
  batchSize?: number;
  coalesceWindowMs?: number;
  concurrency?: number;
  maxAttempts?: number;
  retryDelayMs?: number;
  maxPerWindow?: number;
  windowMs?: number;
  httpMaxAttempts?: number;
  /** Nest logger (default: errors and warnings to the console); false for none (benches). */
  logger?: false | LoggerService | Array<'error' | 'warn' | 'log'>;
  /** Scope check options merged into `auth`. */
  scopeCheck?: Pick<HubspotModuleOptions['auth'], 'checkScopes' | 'failOnMissingScopes' | 'features'>;
  /** HubSpot API version (default: the module's). */
  apiVersion?: HubspotApiVersion;
  /** The module's Redis (default REDIS_URL): suites that stop and start their own Redis point here. */
  redisUrl?: string;
  outbox?: { relay?: boolean; batchSize?: number; maxPollMs?: number; redeliverAfterMs?: number };
  /** Extra entities of the suite's host tables (they share the module's DataSource and transactions). */
  entities?: Array<new () => object>;
}

/** Custom properties the module writes, created in the emulator's portal at start. */
export const CRM_PROPERTIES = {
  contacts: [
    { name: 'plan', type: 'string', fieldType: 'text' },
    { name: 'app_user_id', type: 'string', fieldType: 'text', hasUniqueValue: true },
    { name: 'churned', type: 'bool', fieldType: 'booleancheckbox' },
    { name: 'churn_date', type: 'date', fieldType: 'date' },
  ],
  companies: [{ name: 'app_company_domain', type: 'string', fieldType: 'text', hasUniqueValue: true }],
};

export async function createCrmApp(env: CrmAppEnv): Promise<INestApplication> {
  return initOrClose(await buildCrmApp(env));
}

/** The app built but not initialised: a suite that expects boot to fail calls init() itself. */
export async function buildCrmApp(env: CrmAppEnv): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({
        type: 'mysql',
        ...DB,
        database: env.database,
        entities: [...HUBSPOT_ENTITIES, ...(env.entities ?? [])],
        migrations: [...HUBSPOT_MIGRATIONS],
        migrationsRun: true,
        extra: { connectionLimit: 10 },
      }),
      HubspotModule.forRoot({
        // The suites drive the services directly; no controllers needed.
        adminPath: false,
        webhooksPath: false,
        oauthPath: false,
        auth: { type: 'static-token', accessToken: env.token, portalId: env.portalId, ...env.scopeCheck },
        baseUrl: env.emulatorUrl,
        apiVersion: env.apiVersion,
        redis: { url: env.redisUrl ?? REDIS_URL, keyPrefix: env.redisPrefix },
        limits: { maxPerWindow: env.maxPerWindow ?? 100, windowMs: env.windowMs ?? 10_000 },
        http: { maxAttempts: env.httpMaxAttempts ?? 5, baseDelayMs: 50, maxDelayMs: 500, timeoutMs: 5_000 },
        sync: {
          worker: env.worker ?? true,
          batchSize: env.batchSize ?? 100,
          coalesceWindowMs: env.coalesceWindowMs ?? 200,
          concurrency: env.concurrency ?? 4,
          maxAttempts: env.maxAttempts ?? 8,
          retryDelayMs: env.retryDelayMs ?? 100,
        },
        outbox: env.outbox,
      }),
    ],
  }).compile();
  return moduleRef.createNestApplication({ logger: env.logger ?? ['error', 'warn'] });
}

async function initOrClose(app: INestApplication): Promise<INestApplication> {
  try {
    await app.init();
    // The boot scope check calls HubSpot in the background: settle it so suites count only their own calls.
    await app.get(ScopeCheckService).whenChecked();
    return app;
  } catch (err) {
    await app.close().catch(() => undefined);
    throw err;
  }
}

/** A crm/sync suite's backend: one emulator portal (budget 100 per 10 s, CRM_PROPERTIES), and the env to boot on it. */
export interface CrmBackend extends SuiteBackend {
  env: CrmAppEnv;
}

/** `name` (e.g. 'crm-signups') names the suite's database and Redis key prefix; `token` is the portal's private app. */
export async function startCrmBackend(name: string, token: string, portalId: number): Promise<CrmBackend> {
  const backend = await startSuiteBackend(name, {
    portals: [
      {
        portalId,
        tokens: [token],
        limits: { maxPerWindow: 100, windowMs: 10_000 },
        properties: CRM_PROPERTIES,
      },
    ],
  });
  const { database, redisPrefix, emu } = backend;
  return { ...backend, env: { database, redisPrefix, emulatorUrl: emu.url, token, portalId } };
}

/** A crm/sync suite with one app: its backend plus the app booted with `overrides`; stop() closes all of it. */
export interface CrmSuite {
  emu: EmulatorHandle;
  app: INestApplication;
  stop(): Promise<void>;
}

export async function startCrmSuite(
  name: string,
  token: string,
  portalId: number,
  overrides: Partial<CrmAppEnv> = {},
): Promise<CrmSuite> {
  const backend = await startCrmBackend(name, token, portalId);
  let app: INestApplication;
  try {
    app = await createCrmApp({ ...backend.env, ...overrides });
  } catch (err) {
    await backend.stop();
    throw err;
  }
  return {
    emu: backend.emu,
    app,
    async stop() {
      await app.close();
      await backend.stop();
    },
  };
}

/** Collects the app's 'synced' events. */
export function recordSynced(app: INestApplication): SyncedEvent[] {
  const events: SyncedEvent[] = [];
  app.get(SyncEvents).on('synced', (e) => events.push(e));
  return events;
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Live (not archived) records of a type in the emulator's portal. */
export function liveObjects(emu: EmulatorHandle, portalId: number, objectType: string) {
  return emu.control.objects(portalId, objectType).filter((o) => !o.archived);
}
