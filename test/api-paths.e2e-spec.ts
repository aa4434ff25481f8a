import { INestApplication } from '@nestjs/common';
import {
  HubspotApiVersion,
  HubspotCallEvent,
  HubspotHttpClient,
  HubspotTelemetry,
  OAuthPortalsService,
} from '@app/hubspot';
import { OAUTH_API_VERSION } from '@app/hubspot/config/api-versions';
import type { EmulatorHandle } from '@app/hubspot-emulator';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import * as ts from 'typescript';
import { staticTokenTour } from './support/api-tour';
import { CapturingLogger } from './support/capturing-logger';
import { createCrmApp, startCrmBackend } from './support/crm-app';
import {
  isListedException,
  LEGACY_SEGMENT,
  legacyPathExceptions,
  librarySourceFiles,
  relativeToRoot,
} from './support/legacy-paths';
import { approveInstall, callBack, createOAuthApp, startOAuthBackend } from './support/oauth-app';
import { PATHS } from './support/paths';
import { SuiteBackend } from './support/suite-backend';

const exceptions = legacyPathExceptions();
/** Route families the tours must reach, so that a tour that stopped calling something cannot pass quietly. */
const STATIC_TOUR_ROUTES = [
  'GET /crm/properties/:version/:objectType/:propertyName',
  'POST /crm/properties/:version/:objectType',
  'GET /crm/properties/:version/:objectType',
  'POST /crm/objects/:version/:objectType/batch/upsert',
  'PATCH /crm/objects/:version/:objectType/:objectId',
  'GET /crm/objects/:version/:objectType/:objectId',
  'POST /crm/objects/:version/:objectType',
  'POST /crm/objects/:version/:objectType/batch/read',
  'POST /crm/objects/:version/:objectType/search',
  'POST /crm/objects/:version/:objectType/gdpr-delete',
  'GET /crm/objects/:version/:objectType',
  'PUT /crm/objects/:version/:fromType/:fromId/associations/default/:toType/:toId',
  'PUT /crm/objects/:version/:fromType/:fromId/associations/:toType/:toId',
  'DELETE /crm/objects/:version/:fromType/:fromId/associations/:toType/:toId',
  'GET /crm/objects/:version/:fromType/:fromId/associations/:toType',
  'POST /crm/associations/:version/:fromType/:toType/batch/associate/default',
  'POST /crm/associations/:version/:fromType/:toType/batch/create',
  'POST /crm/lists/:version',
  'PUT /crm/lists/:version/:listId/memberships/add',
  'PUT /crm/lists/:version/:listId/memberships/remove',
  'POST /oauth/v2/private-apps/get/access-token-info',
];
const OAUTH_TOUR_ROUTES = [
  'POST /oauth/:version/token',
  'POST /oauth/:version/token/introspect',
  'POST /oauth/:version/token/revoke',
  'GET /account-info/:version/details',
  'GET /crm/objects/:version/:objectType',
];

/** What the library called, as the emulator routed it and as the module's telemetry saw the concrete path. */
function legacyCalls(emu: EmulatorHandle, calls: string[]) {
  const routes = Object.keys(emu.control.stats().requests);
  return {
    routes,
    legacyRoutes: routes.filter((r) => LEGACY_SEGMENT.test(r) && !isListedException(r, exceptions)),
    legacyCalls: calls.filter((c) => LEGACY_SEGMENT.test(c) && !isListedException(c, exceptions)),
  };
}

function recordCalls(app: INestApplication): string[] {
  const calls: string[] = [];
  app.get(HubspotTelemetry).on('call', (e: HubspotCallEvent) => calls.push(`${e.method} ${e.route}`));
  return calls;
}

describe('The library speaks only dated HubSpot paths, except the README-listed ones', () => {
  it('the README lists its exceptions, each a legacy path', () => {
    expect(exceptions.length).toBeGreaterThan(0);
    for (const e of exceptions) expect(e.path).toMatch(LEGACY_SEGMENT);
  });

  it('no /vN/ path appears in the library source except a listed exception', () => {
    const offenders: string[] = [];
    for (const file of librarySourceFiles()) {
      fs.readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const rest = exceptions.reduce((text, e) => text.split(e.path).join(''), line);
          if (LEGACY_SEGMENT.test(rest)) offenders.push(`${relativeToRoot(file)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it('HubSpot paths are written in one place (http/hubspot-paths.ts)', () => {
    const offenders: string[] = [];
    for (const file of librarySourceFiles()) {
      if (file.endsWith(path.join('http', 'hubspot-paths.ts'))) continue;
      const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node)) {
          if (/^\/(crm|oauth|account-info|crm-object-schemas)\b/.test(node.text)) {
            const { line } = source.getLineAndCharacterOfPosition(node.getStart());
            offenders.push(`${relativeToRoot(file)}:${line + 1}: ${node.text}`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(offenders).toEqual([]);
  });

  describe.each<HubspotApiVersion>(['2026-09', '2026-03'])(
    'with a static token on apiVersion %s',
    (version) => {
      const PORTAL = version === '2026-09' ? 5201 : 5202;
      const TOKEN = `pat-api-paths-${version}`;
      let backend: SuiteBackend;
      let app: INestApplication;
      let calls: string[];
      let tour: Awaited<ReturnType<typeof staticTokenTour>>;

      beforeAll(async () => {
        const crm = await startCrmBackend(`api-paths-${version}`, TOKEN, PORTAL);
        backend = crm;
        app = await createCrmApp({ ...crm.env, apiVersion: version, coalesceWindowMs: 20, retryDelayMs: 50 });
        calls = recordCalls(app);
        tour = await staticTokenTour(app, backend.emu, PORTAL, TOKEN);
      });

      afterAll(async () => {
        await app?.close();
        await backend?.stop();
      });

      it('reached every family of calls the library makes', () => {
        const { routes } = legacyCalls(backend.emu, calls);
        expect(STATIC_TOUR_ROUTES.filter((route) => !routes.includes(route))).toEqual([]);
      });

      it('learned the static token’s hub and scopes from the one listed exception', () => {
        expect(tour.tokenInfo.hubId).toBe(PORTAL);
        expect(tour.tokenInfo.scopes.length).toBeGreaterThan(0);
      });

      it('called no legacy path HubSpot has a dated twin for', () => {
        const seen = legacyCalls(backend.emu, calls);
        expect(seen.legacyRoutes).toEqual([]);
        expect(seen.legacyCalls).toEqual([]);
      });

      it(`called every dated path in ${version}`, () => {
        const dated = calls.filter((c) => !isListedException(c, exceptions));
        expect(dated.length).toBeGreaterThan(30);
        expect(dated.filter((c) => !c.includes(`/${version}/`) && !c.endsWith(`/${version}`))).toEqual([]);
      });
    },
  );

  describe('with OAuth (install, refresh, introspection, revoke)', () => {
    const PORTAL = 5301;
    const CLIENT_ID = 'client-api-paths';
    const CLIENT_SECRET = 'secret-api-paths-0123456789';
    let backend: SuiteBackend;
    let app: INestApplication;
    let calls: string[];

    beforeAll(async () => {
      backend = await startOAuthBackend(
        'api-paths-oauth',
        [PORTAL],
        { maxPerWindow: 100, windowMs: 10_000 },
        { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accessTokenTtlSeconds: 2 },
      );
      app = await createOAuthApp(backend, {
        logger: new CapturingLogger(),
        auth: {
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          redirectUri: 'http://127.0.0.1:3999/hubspot/oauth/callback',
          scopes: ['crm.objects.contacts.read'],
          encryptionKey: randomBytes(32).toString('hex'),
          refreshMarginMs: 1_000,
        },
        options: { http: { maxAttempts: 2, baseDelayMs: 50 } },
      });
      calls = recordCalls(app);
      const server = app.getHttpServer();
      await callBack(server, await approveInstall(server, PORTAL)).expect(200);
      const http = app.get(HubspotHttpClient);
      await http.get(PATHS.objects('contacts'), { portalId: PORTAL });
      await sleep(1_100); // inside the refresh margin now
      await http.get(PATHS.objects('contacts'), { portalId: PORTAL });
      await app.get(OAuthPortalsService).disconnect(PORTAL);
    });

    afterAll(async () => {
      await app?.close();
      await backend?.stop();
    });

    it('reached the dated token, introspection and revoke endpoints and the account details', () => {
      const { routes } = legacyCalls(backend.emu, calls);
      expect(OAUTH_TOUR_ROUTES.filter((route) => !routes.includes(route))).toEqual([]);
      expect(backend.emu.control.stats().oauth.refreshGrants[PORTAL]).toBe(1);
    });

    it(`called no legacy OAuth path, and OAuth only on /oauth/${OAUTH_API_VERSION}`, () => {
      const seen = legacyCalls(backend.emu, calls);
      expect(seen.legacyRoutes).toEqual([]);
      expect(seen.legacyCalls).toEqual([]);
      const oauth = calls.filter((c) => c.includes('/oauth/'));
      expect(oauth.length).toBeGreaterThanOrEqual(5);
      expect(oauth.filter((c) => !c.includes(`/oauth/${OAUTH_API_VERSION}/`))).toEqual([]);
    });
  });
});
