import { INestApplication } from '@nestjs/common';
import { ContactsService, HubspotHttpClient, OAuthPortalsService } from '@app/hubspot';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { OAuthTokenStore } from '../libs/hubspot/src/auth/oauth/oauth-token.store';
import { CapturingLogger } from './support/capturing-logger';
import { approveInstall, callBack, createOAuthApp, startOAuthBackend } from './support/oauth-app';
import { SuiteBackend } from './support/suite-backend';
import { PATHS } from './support/paths';

const PORTAL_A = 2001;
const PORTAL_B = 2002;
/** Emulated budget of each portal, and the same ceiling configured in the module's limiter. */
const BUDGET = { maxPerWindow: 3, windowMs: 1_000 };
const CLIENT_ID = 'client-oauth-e2e';
const CLIENT_SECRET = 'secret-oauth-e2e-0123456789';
const ADMIN_TOKEN = 'admin-token-oauth-e2e-0123';
const REDIRECT_URI = 'http://127.0.0.1:3999/hubspot/oauth/callback';

describe('OAuth install flow for two portals on the dated token endpoints (emulator OAuth, MariaDB, Redis)', () => {
  let backend: SuiteBackend;
  let app: INestApplication;
  const logs = new CapturingLogger();
  /** Tokens the portals had during the suite (some replaced or forgotten by the time the logs are checked). */
  const seen: string[] = [];

  beforeAll(async () => {
    backend = await startOAuthBackend('oauth-install', [PORTAL_A, PORTAL_B], BUDGET, {
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      appId: 77,
      accessTokenTtlSeconds: 1800,
    });
    app = await createOAuthApp(backend, {
      logger: logs,
      auth: {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        redirectUri: REDIRECT_URI,
        scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write'],
        optionalScopes: ['crm.lists.read'],
        encryptionKey: randomBytes(32).toString('hex'),
      },
      options: {
        limits: BUDGET,
        http: { maxAttempts: 3, baseDelayMs: 50 },
        sync: { batchSize: 10, coalesceWindowMs: 50 },
        admin: { token: ADMIN_TOKEN },
      },
    });
  });

  afterAll(async () => {
    await app?.close();
    await backend?.stop();
  });

  /** Browser path: our install route -> the emulator's authorize page -> back to our callback. */
  async function install(portalId: number): Promise<request.Response> {
    const approved = await approveInstall(app.getHttpServer(), portalId);
    expect(`${approved.location.origin}${approved.location.pathname}`).toBe(REDIRECT_URI);
    return callBack(app.getHttpServer(), approved);
  }

  it('redirects to the authorize URL with client id, redirect uri, space-separated scopes and a signed state', async () => {
    const res = await request(app.getHttpServer()).get('/hubspot/oauth/install').expect(302);
    const url = new URL(res.headers.location);
    expect(`${url.origin}${url.pathname}`).toBe(`${backend.emu.url}/oauth/authorize`);
    expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(url.searchParams.get('scope')).toBe('crm.objects.contacts.read crm.objects.contacts.write');
    expect(url.searchParams.get('optional_scope')).toBe('crm.lists.read');
    expect(url.searchParams.get('state')).toMatch(/^[\w-]+\.[\w-]+$/);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(
      /^hubspot_oauth_install=[\w-]{43}; Max-Age=600; Path=\/hubspot\/oauth\/callback; HttpOnly; SameSite=Lax$/,
    );
  });

  it('installs two portals through the redirect flow and stores their tokens encrypted', async () => {
    expect((await install(PORTAL_A)).status).toBe(200);
    const b = await install(PORTAL_B);
    expect(b.body).toEqual({ portalId: PORTAL_B, installed: true });

    // Hub id, app id, domain and granted scopes come from the token introspection.
    const portals = await app.get(OAuthPortalsService).list();
    expect(portals.map((p) => [p.portalId, p.status, p.appId, p.hubDomain, p.scopes])).toEqual(
      [PORTAL_A, PORTAL_B].map((id) => [
        id,
        'active',
        77,
        `emulator-${id}.hubspot.com`,
        ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.lists.read'],
      ]),
    );
    const requests = backend.emu.control.stats().requests;
    expect(requests['POST /oauth/:version/token/introspect']).toEqual({ '200': 2 });
    expect(Object.keys(requests).filter((route) => route.startsWith('POST /oauth/v1'))).toEqual([]);
    expect(backend.emu.control.stats().oauth.authorizationCodeGrants).toMatchObject({
      [PORTAL_A]: 1,
      [PORTAL_B]: 1,
    });

    const store = app.get(OAuthTokenStore);
    const rows: Array<Record<string, unknown>> = await app
      .get(DataSource)
      .query('SELECT * FROM hubspot_oauth_tokens ORDER BY portal_id');
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const tokens = (await store.load(Number(row.portal_id)))!;
      seen.push(tokens.accessToken, tokens.refreshToken);
      expect(tokens.accessToken.length).toBeGreaterThan(8);
      const raw = Object.values(row)
        .map((v) =>
          Buffer.isBuffer(v) ? [v.toString('latin1'), v.toString('hex'), v.toString('base64')] : [String(v)],
        )
        .flat()
        .join('|');
      expect(raw).not.toContain(tokens.accessToken);
      expect(raw).not.toContain(tokens.refreshToken);
    }
  });

  it('rejects a replayed callback and a forged state', async () => {
    const approved = await approveInstall(app.getHttpServer(), PORTAL_A);
    await callBack(app.getHttpServer(), approved).expect(200);
    const replay = await callBack(app.getHttpServer(), approved).expect(400);
    expect(replay.body.message).toMatch(/replayed/);

    const forged = new URL(approved.location);
    forged.searchParams.set('state', `${forged.searchParams.get('state')!.split('.')[0]}.AAAA`);
    await callBack(app.getHttpServer(), approved, forged).expect(400);
    await request(app.getHttpServer()).get('/hubspot/oauth/callback?error=access_denied').expect(400);
  });

  it('sends the browser back to a same-origin returnTo after install; another site is refused up front', async () => {
    const via = async (returnTo: string) =>
      callBack(app.getHttpServer(), await approveInstall(app.getHttpServer(), PORTAL_A, returnTo));
    const local = await via('/settings/hubspot#done');
    expect(local.status).toBe(302);
    expect(local.headers.location).toBe(`/settings/hubspot?portalId=${PORTAL_A}#done`);
    const absolute = await via('http://127.0.0.1:3999/settings?tab=crm');
    expect(absolute.headers.location).toBe(`/settings?tab=crm&portalId=${PORTAL_A}`);
    await request(app.getHttpServer())
      .get('/hubspot/oauth/install')
      .query({ returnTo: '//evil.example/phish' })
      .expect(400);
  });

  it('syncs contacts to both portals through ContactsService and the queue, each within its own budget', async () => {
    const contacts = app.get(ContactsService);
    const perPortal = 40;
    for (const portalId of [PORTAL_A, PORTAL_B]) {
      const scoped = contacts.forPortal(portalId);
      for (let i = 0; i < perPortal; i++) {
        const queued = await scoped.upsert({
          email: `user${i}@portal${portalId}.example`,
          properties: { firstname: `P${portalId}` },
        });
        expect(queued.jobId).toContain(String(portalId));
      }
    }
    // 4 batches of 10 per portal against 3 calls/s each: both portals need their own budget at once.
    const synced = (portalId: number) => backend.emu.control.objects(portalId, 'contacts');
    const deadline = Date.now() + 30_000;
    while (
      (synced(PORTAL_A).length < perPortal || synced(PORTAL_B).length < perPortal) &&
      Date.now() < deadline
    ) {
      await sleep(100);
    }

    const stats = backend.emu.control.stats();
    expect(stats.rateLimited).toEqual({ TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 });
    expect(stats.maxInAnyWindow[PORTAL_A]).toBeLessThanOrEqual(BUDGET.maxPerWindow);
    expect(stats.maxInAnyWindow[PORTAL_B]).toBeLessThanOrEqual(BUDGET.maxPerWindow);
    for (const portalId of [PORTAL_A, PORTAL_B]) {
      const emails = synced(portalId).map((o) => o.properties.email);
      expect(new Set(emails).size).toBe(perPortal);
      expect(emails.every((e) => e!.endsWith(`@portal${portalId}.example`))).toBe(true);
    }
  });

  it('lists portals for admins without tokens, behind the admin bearer token', async () => {
    await request(app.getHttpServer()).get('/hubspot/oauth/portals').expect(401);
    const res = await request(app.getHttpServer())
      .get('/hubspot/oauth/portals')
      .set('authorization', `Bearer ${ADMIN_TOKEN}`)
      .expect(200);
    expect(res.body.map((p: { portalId: number }) => p.portalId)).toEqual([PORTAL_A, PORTAL_B]);
    expect(JSON.stringify(res.body)).not.toMatch(/token/i);
  });

  it('disconnects a portal: revokes the refresh token at HubSpot (dated revoke) and forgets its tokens', async () => {
    const store = app.get(OAuthTokenStore);
    const before = (await store.load(PORTAL_B))!;
    seen.push(before.accessToken, before.refreshToken);
    await request(app.getHttpServer()).delete(`/hubspot/oauth/portals/${PORTAL_B}`).expect(401);
    const res = await request(app.getHttpServer())
      .delete(`/hubspot/oauth/portals/${PORTAL_B}`)
      .set('authorization', `Bearer ${ADMIN_TOKEN}`)
      .expect(200);
    expect(res.body).toEqual({ portalId: PORTAL_B, revoked: true });
    expect(await store.load(PORTAL_B)).toBeNull();
    expect(backend.emu.control.stats().requests['POST /oauth/:version/token/revoke']).toEqual({ '200': 1 });

    // HubSpot no longer honours the refresh token, and says so the RFC 6749 way.
    const refresh = await fetch(`${backend.emu.url}${PATHS.oauthToken()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: before.refreshToken,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      }),
    });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant', status: 'BAD_REFRESH_TOKEN' });
    await expect(
      app.get(HubspotHttpClient).get(PATHS.objects('contacts'), { portalId: PORTAL_B }),
    ).rejects.toThrow(/has not installed/);
    // The other portal keeps working.
    await app.get(HubspotHttpClient).get(PATHS.objects('contacts'), { portalId: PORTAL_A });
  });

  it('disconnecting an install HubSpot already forgot (uninstalled there) revokes nothing and forgets it', async () => {
    expect((await install(PORTAL_B)).status).toBe(200);
    const stored = (await app.get(OAuthTokenStore).load(PORTAL_B))!;
    seen.push(stored.accessToken, stored.refreshToken);
    expect(backend.emu.control.revokeRefreshToken(stored.refreshToken)).toBe(true);
    const res = await request(app.getHttpServer())
      .delete(`/hubspot/oauth/portals/${PORTAL_B}`)
      .set('authorization', `Bearer ${ADMIN_TOKEN}`)
      .expect(200);
    expect(res.body).toEqual({ portalId: PORTAL_B, revoked: false });
    expect(await app.get(OAuthTokenStore).load(PORTAL_B)).toBeNull();
    expect(backend.emu.control.stats().requests['POST /oauth/:version/token/revoke']).toEqual({ '200': 1 });
  });

  it('never wrote a token, code or client secret to the logs', async () => {
    const store = app.get(OAuthTokenStore);
    const a = (await store.load(PORTAL_A))!;
    const text = logs.lines.join('\n');
    expect(seen.length).toBeGreaterThanOrEqual(6);
    expect(text).toContain(`Portal ${PORTAL_A} installed`);
    for (const secret of [a.accessToken, a.refreshToken, ...seen, CLIENT_SECRET])
      expect(text).not.toContain(secret);
  });
});
