import { INestApplication } from '@nestjs/common';
import {
  ContactsService,
  HubspotCallEvent,
  HubspotError,
  HubspotHttpClient,
  HubspotReinstallRequiredError,
  HubspotTelemetry,
  OAuthPortalsService,
  PortalBacklogReader,
} from '@app/hubspot';
import { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { OAuthTokenStore } from '../libs/hubspot/src/auth/oauth/oauth-token.store';
import { CapturingLogger } from './support/capturing-logger';
import { approveInstall, callBack, createOAuthApp, startOAuthBackend } from './support/oauth-app';
import { SuiteBackend } from './support/suite-backend';
import { PATHS } from './support/paths';

const PORTAL_A = 3001;
const PORTAL_B = 3002;
const WORKERS = 4;
const CALLS_PER_WORKER = 5;
const QUEUED = 5;
/** Access tokens live 3 s in the emulator; the module refreshes 1.5 s ahead, so a refresh is due after 1.5 s. */
const TTL_SECONDS = 3;
const MARGIN_MS = 1_500;
const CLIENT_ID = 'client-oauth-refresh';
const CLIENT_SECRET = 'secret-oauth-refresh-0123456789';
const REDIRECT_URI = 'http://127.0.0.1:3999/hubspot/oauth/callback';
const LIMITS = { maxPerWindow: 60, windowMs: 1_000 };

describe('OAuth refresh on the dated token endpoint across 4 workers sharing Redis + MariaDB (short token TTL)', () => {
  let backend: SuiteBackend;
  const workers: INestApplication[] = [];
  /** Every line the four apps log, to prove no token reaches the logs. */
  const logs = new CapturingLogger();
  /** Every access and refresh token the portals had during the suite. */
  const seen = new Set<string>();
  /** Every path the four apps called HubSpot on. */
  const called = new Set<string>();
  const onCall = (e: HubspotCallEvent) => called.add(`${e.method} ${e.route}`);
  const remember = async () => {
    for (const id of [PORTAL_A, PORTAL_B]) {
      const t = await workers[0].get(OAuthTokenStore).load(id);
      if (t) [t.accessToken, t.refreshToken].forEach((x) => seen.add(x));
    }
  };

  beforeAll(async () => {
    backend = await startOAuthBackend('oauth-refresh', [PORTAL_A, PORTAL_B], LIMITS, {
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      accessTokenTtlSeconds: TTL_SECONDS,
    });
    const encryptionKey = randomBytes(32).toString('base64');
    // Four independent Nest apps (own DB pool, own Redis connections, own in-process single-flight):
    // only Redis and MariaDB are shared, as between pods.
    for (let i = 0; i < WORKERS; i++) {
      const app = await createOAuthApp(backend, {
        logger: logs,
        migrationsRun: i === 0,
        auth: {
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          redirectUri: REDIRECT_URI,
          scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write'],
          encryptionKey,
          refreshMarginMs: MARGIN_MS,
        },
        options: {
          limits: LIMITS,
          http: { maxAttempts: 2, baseDelayMs: 50 },
          // One worker process runs the dispatcher; the other three only make direct calls.
          sync: { worker: i === 0, batchSize: 10, coalesceWindowMs: 20 },
        },
      });
      app.get(HubspotTelemetry).on('call', onCall);
      workers.push(app);
    }
  });

  afterAll(async () => {
    for (const app of workers) await app.close();
    await backend?.stop();
  });

  async function install(portalId: number): Promise<void> {
    const server = workers[0].getHttpServer();
    await callBack(server, await approveInstall(server, portalId)).expect(200);
  }

  /** Every worker fires CALLS_PER_WORKER concurrent calls at the portal; all race at once. */
  function race(portalId: number): Promise<Array<PromiseSettledResult<unknown>>> {
    return Promise.allSettled(
      workers.flatMap((app) =>
        Array.from({ length: CALLS_PER_WORKER }, () =>
          app.get(HubspotHttpClient).get(PATHS.objects('contacts'), { portalId, query: { limit: 1 } }),
        ),
      ),
    );
  }

  /** Sleeps until every stored token of these portals is inside the refresh margin. */
  async function untilRefreshDue(...portalIds: number[]): Promise<void> {
    const store = workers[0].get(OAuthTokenStore);
    const expiries = await Promise.all(portalIds.map(async (id) => (await store.load(id))!.expiresAt));
    const wait = Math.max(...expiries) - MARGIN_MS + 100 - Date.now();
    if (wait > 0) await sleep(wait);
  }

  /** The portal's queued records while it is parked for a re-install (none when it is not parked). */
  const parkedRecords = async (portalId: number) => {
    const state = await workers[0].get(PortalBacklogReader).portal(portalId);
    return state.parked?.reason === 'needs_reinstall' ? state.ready : 0;
  };

  async function waitFor(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await sleep(50);
    }
  }

  const refreshGrants = () => backend.emu.control.stats().oauth.refreshGrants;
  const tokenEndpoint400s = () =>
    backend.emu.control.stats().requests['POST /oauth/:version/token']?.['400'] ?? 0;

  it('installs two portals; fresh tokens are used as they are, without refreshing', async () => {
    await install(PORTAL_A);
    await install(PORTAL_B);
    await remember();
    const results = [...(await race(PORTAL_A)), ...(await race(PORTAL_B))];
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(refreshGrants()[PORTAL_A] ?? 0).toBe(0);
    expect(refreshGrants()[PORTAL_B] ?? 0).toBe(0);
  });

  it('refreshes each portal exactly once when 4 workers race past the margin', async () => {
    await untilRefreshDue(PORTAL_A, PORTAL_B);
    const results = await Promise.all([race(PORTAL_A), race(PORTAL_B)]);
    expect(results.flat().filter((r) => r.status === 'rejected')).toEqual([]);
    expect(results.flat()).toHaveLength(2 * WORKERS * CALLS_PER_WORKER);
    await remember();
    expect(refreshGrants()).toMatchObject({ [PORTAL_A]: 1, [PORTAL_B]: 1 });
    const portals = await workers[3].get(OAuthPortalsService).list();
    expect(portals.map((p) => [p.portalId, p.refreshCount, p.status])).toEqual([
      [PORTAL_A, 1, 'active'],
      [PORTAL_B, 1, 'active'],
    ]);
    // No call reached HubSpot with an expired token.
    const unauthorized = Object.values(backend.emu.control.stats().requests).reduce(
      (n, byStatus) => n + (byStatus['401'] ?? 0),
      0,
    );
    expect(unauthorized).toBe(0);
  });

  it('a revoked refresh token parks that portal (once, for every worker) while the other keeps syncing', async () => {
    const revoked = (await workers[0].get(OAuthTokenStore).load(PORTAL_A))!.refreshToken;
    // The customer uninstalls the app in HubSpot: its refresh token stops working.
    expect(backend.emu.control.revokeRefreshToken(revoked)).toBe(true);
    const before400s = tokenEndpoint400s();

    await untilRefreshDue(PORTAL_A, PORTAL_B);
    const [a, b] = await Promise.all([race(PORTAL_A), race(PORTAL_B)]);

    expect(b.filter((r) => r.status === 'rejected')).toEqual([]);
    await remember();
    expect(refreshGrants()[PORTAL_B]).toBe(2);
    const errors = a.map((r) => (r.status === 'rejected' ? r.reason : r.value));
    expect(errors.every((e) => e instanceof HubspotReinstallRequiredError)).toBe(true);
    expect((errors[0] as HubspotError).disposition).toBe('park');
    // One worker asked HubSpot and learnt RFC 6749's invalid_grant; the others read the verdict from the table.
    expect(tokenEndpoint400s() - before400s).toBe(1);

    const parked = await workers[2].get(OAuthPortalsService).list({ status: 'needs_reinstall' });
    expect(parked.map((p) => [p.portalId, p.statusReason])).toEqual([
      [PORTAL_A, 'invalid_grant (BAD_REFRESH_TOKEN): HubSpot refused the refresh token'],
    ]);

    // Queued work: portal B's contacts sync, portal A's records wait in its parked queue, never dead-lettered.
    const contacts = workers[0].get(ContactsService);
    for (let i = 0; i < QUEUED; i++) {
      await contacts.forPortal(PORTAL_A).upsert({ email: `a${i}@a.example`, properties: { firstname: 'A' } });
      await contacts.forPortal(PORTAL_B).upsert({ email: `b${i}@b.example`, properties: { firstname: 'B' } });
    }
    await waitFor(async () => backend.emu.control.objects(PORTAL_B, 'contacts').length === QUEUED);
    await waitFor(async () => (await parkedRecords(PORTAL_A)) === QUEUED);
    expect(backend.emu.control.objects(PORTAL_A, 'contacts')).toHaveLength(0);
    const [{ n }] = await workers[0]
      .get(DataSource)
      .query('SELECT COUNT(*) AS n FROM hubspot_dead_letters WHERE portal_id = ?', [PORTAL_A]);
    expect(Number(n)).toBe(0);

    // Parked means fail fast: further calls for the portal never leave the process.
    const total = backend.emu.control.stats().total;
    await expect(
      workers[1].get(HubspotHttpClient).get(PATHS.objects('contacts'), { portalId: PORTAL_A }),
    ).rejects.toBeInstanceOf(HubspotReinstallRequiredError);
    expect(backend.emu.control.stats().total).toBe(total);
  });

  it('a re-install through the flow un-parks the portal', async () => {
    await install(PORTAL_A);
    await remember();
    const results = await race(PORTAL_A);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    // The re-install lifts the portal's park: its queued records go out at once.
    await waitFor(async () => backend.emu.control.objects(PORTAL_A, 'contacts').length === QUEUED);
    const portals = await workers[0].get(OAuthPortalsService).list();
    expect(portals.find((p) => p.portalId === PORTAL_A)?.status).toBe('active');
  });

  it('spoke only the dated OAuth endpoints (exchange, introspection, refresh) and dated CRM paths', () => {
    const oauth = [...called].filter((c) => c.includes('/oauth/'));
    expect(new Set(oauth)).toEqual(
      new Set(['POST /oauth/2026-03/token', 'POST /oauth/2026-03/token/introspect']),
    );
    const crm = [...called].filter((c) => !c.includes('/oauth/'));
    expect(crm).toEqual(
      expect.arrayContaining([
        `GET ${PATHS.objects('contacts')}`,
        `POST ${PATHS.batch('contacts', 'upsert')}`,
        // Each portal's time zone, learned once for its daily reset.
        `GET ${PATHS.accountDetails()}`,
      ]),
    );
    // Everything else it called (e.g. ensuring its properties once a portal installed) is dated too.
    for (const call of crm)
      expect(call).toMatch(/^(GET|POST|PATCH|PUT|DELETE) \/[a-z-]+\/([a-z-]+\/)?2026-09\//);
    const routes = Object.keys(backend.emu.control.stats().requests);
    expect(routes.filter((r) => /\/v\d+\//.test(r))).toEqual([]);
  });

  it('told admins in the logs and never logged a token', () => {
    const text = logs.lines.join('\n');
    expect(text).toMatch(new RegExp(`Portal ${PORTAL_A} needs re-install`));
    expect(seen.size).toBeGreaterThanOrEqual(6);
    for (const token of [...seen, CLIENT_SECRET]) expect(text).not.toContain(token);
  });
});
