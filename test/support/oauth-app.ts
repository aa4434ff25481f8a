import { INestApplication, LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HUBSPOT_ENTITIES, HUBSPOT_MIGRATIONS, HubspotModule, HubspotModuleOptions } from '@app/hubspot';
import type { LimitsOptions, OAuthAppOptions } from '@app/hubspot-emulator';
import type { Server } from 'node:http';
import request from 'supertest';
import { DB, REDIS_URL } from './services';
import { SuiteBackend, startSuiteBackend } from './suite-backend';

/** The suite's database and an emulator with these portals (the same budget each) and one OAuth app. */
export function startOAuthBackend(
  name: string,
  portalIds: number[],
  limits: LimitsOptions,
  oauthApp: OAuthAppOptions,
): Promise<SuiteBackend> {
  return startSuiteBackend(name, {
    port: 0,
    portals: portalIds.map((portalId) => ({ portalId, limits })),
    oauthApps: [oauthApp],
  });
}

/** What differs between the OAuth suites' apps; the rest points at the backend's database, emulator and Redis. */
export interface OAuthAppEnv {
  logger: LoggerService;
  /** OAuth settings besides the type and the (emulator's) authorize URL. */
  auth: Omit<HubspotModuleOptions['auth'], 'type' | 'authorizeUrl'>;
  /** `redis` replaces the suite's Redis (e.g. a cluster); the key prefix stays the backend's unless given. */
  options: Pick<HubspotModuleOptions, 'limits' | 'http' | 'sync' | 'admin' | 'redis'>;
  /** Default true; apps booted after the first on the same database pass false. */
  migrationsRun?: boolean;
}

/** The module in OAuth mode (with its install/callback routes) on the host's TypeORM, every line to `logger`. */
export async function createOAuthApp(backend: SuiteBackend, env: OAuthAppEnv): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({
        type: 'mysql',
        ...DB,
        database: backend.database,
        entities: [...HUBSPOT_ENTITIES],
        migrations: [...HUBSPOT_MIGRATIONS],
        migrationsRun: env.migrationsRun ?? true,
      }),
      HubspotModule.forRoot({
        auth: { type: 'oauth', ...env.auth, authorizeUrl: `${backend.emu.url}/oauth/authorize` },
        baseUrl: backend.emu.url,
        ...env.options,
        redis: { url: REDIS_URL, keyPrefix: backend.redisPrefix, ...env.options.redis },
      }),
    ],
  })
    .setLogger(env.logger)
    .compile();
  const app = moduleRef.createNestApplication({ logger: env.logger });
  await app.init();
  return app;
}

/** What the browser holds after HubSpot approved an install: the redirect back, and our install cookie. */
export interface ApprovedInstall {
  /** HubSpot's redirect to our callback (an absolute URL with code and state). */
  location: URL;
  /** The install cookie our install route set, as a Cookie header value. */
  cookie: string;
}

/**
 * The browser's first half of an install: our install route (which sets the install cookie), then the
 * emulator's authorize page approving as `portalId`. Returns HubSpot's (unfollowed) redirect back.
 */
export async function approveInstall(
  server: Server,
  portalId: number,
  returnTo?: string,
): Promise<ApprovedInstall> {
  const install = request(server).get('/hubspot/oauth/install');
  const start = await (returnTo === undefined ? install : install.query({ returnTo })).expect(302);
  const setCookie = ([] as string[]).concat(start.headers['set-cookie'] ?? []);
  const cookie = setCookie.map((line) => line.split(';')[0]).join('; ');
  const authorize = new URL(start.headers.location);
  authorize.searchParams.set('emulator_portal_id', String(portalId));
  const approved = await fetch(authorize, { redirect: 'manual' });
  if (approved.status !== 302) throw new Error(`the emulator did not approve: ${approved.status}`);
  return { location: new URL(approved.headers.get('location')!), cookie };
}

/** The browser's second half: HubSpot's redirect followed to our callback, with the install cookie. */
export function callBack(
  server: Server,
  approved: ApprovedInstall,
  location = approved.location,
): request.Test {
  return request(server).get(`${location.pathname}${location.search}`).set('cookie', approved.cookie);
}

/** The whole install of one portal through the app's own routes (install, authorize, callback). */
export async function installPortal(server: Server, portalId: number): Promise<void> {
  await callBack(server, await approveInstall(server, portalId)).expect(200);
}
