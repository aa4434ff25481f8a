import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { browserHash, newBrowserNonce } from '../libs/hubspot/src/auth/oauth/oauth-install.cookie';
import { OAuthStateSigner } from '../libs/hubspot/src/auth/oauth/oauth-state.signer';
import { CapturingLogger } from './support/capturing-logger';
import { approveInstall, callBack, createOAuthApp, startOAuthBackend } from './support/oauth-app';
import { SuiteBackend } from './support/suite-backend';

const PORTAL = 3101;
const ATTACKER_PORTAL = 3102;
const CLIENT_ID = 'client-security-oauth';
const CLIENT_SECRET = 'secret-security-oauth-0123456789';
const REDIRECT_URI = 'http://127.0.0.1:3999/hubspot/oauth/callback';
const auth = {
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  redirectUri: REDIRECT_URI,
  scopes: ['crm.objects.contacts.read'],
  encryptionKey: randomBytes(32).toString('hex'),
};

/**
 * Hostile callers of the OAuth install flow: open redirects, callbacks with a state that is not theirs, and
 * floods of install/callback requests. Each case checks the answer and that HubSpot (the emulator) was
 * not called and nothing was stored.
 */
describe('security: OAuth install flow (emulator OAuth, MariaDB, Redis)', () => {
  let backend: SuiteBackend;
  let app: INestApplication;
  let limited: INestApplication;
  const logs = new CapturingLogger();
  const server = () => app.getHttpServer();

  beforeAll(async () => {
    backend = await startOAuthBackend(
      'security-oauth',
      [PORTAL, ATTACKER_PORTAL],
      { maxPerWindow: 100 },
      {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        appId: 91,
        accessTokenTtlSeconds: 1800,
      },
    );
    // A budget these tests do not reach; the rate limit has its own app below.
    app = await createOAuthApp(backend, {
      logger: logs,
      auth: { ...auth, rateLimitPerMinute: 1000 },
      options: {},
    });
    // Its own Redis prefix, so its small budget is not spent by the other tests.
    limited = await createOAuthApp(
      { ...backend, redisPrefix: `${backend.redisPrefix}-limited` },
      { logger: logs, auth: { ...auth, rateLimitPerMinute: 3 }, options: {}, migrationsRun: false },
    );
  });

  afterAll(async () => {
    await limited?.close();
    await app?.close();
    await backend?.stop();
  });

  const storedPortals = async () =>
    Number((await app.get(DataSource).query('SELECT COUNT(*) AS n FROM hubspot_oauth_tokens'))[0].n);
  /** Calls to HubSpot's OAuth endpoints (the CRM calls an earlier install starts in the background are not the attack's). */
  const hubspotCalls = () =>
    Object.entries(backend.emu.control.stats().requests)
      .filter(([route]) => route.includes(' /oauth/'))
      .reduce((n, [, byStatus]) => n + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);
  const codeGrants = () =>
    Object.values(backend.emu.control.stats().oauth.authorizationCodeGrants).reduce((a, b) => a + b, 0);

  /** Runs `attack`, then checks that HubSpot saw no call and no portal row appeared. */
  async function nothingHappens(attack: () => Promise<void>): Promise<void> {
    const [calls, stored, grants] = [hubspotCalls(), await storedPortals(), codeGrants()];
    await attack();
    expect(hubspotCalls()).toBe(calls);
    expect(codeGrants()).toBe(grants);
    expect(await storedPortals()).toBe(stored);
  }

  describe('returnTo cannot become an open redirect (400 at install, before anything is stored or called)', () => {
    it.each([
      ['tab after the first slash', '/\t/evil.example/phish'],
      ['backslash after the first slash', '/\\evil.example/phish'],
      ['backslashes', '\\\\evil.example/phish'],
      ['newline (header injection)', '/settings\r\nSet-Cookie: session=attacker'],
      ['absolute URL of another site', 'https://evil.example/phish'],
      ['protocol-relative URL', '//evil.example/phish'],
      ['dot segment resolving to a protocol-relative path', '/.//evil.example/phish'],
      ['javascript: URL', 'javascript:alert(document.domain)'],
      ['same host, other scheme', 'https://127.0.0.1:3999/settings'],
    ])('%s', async (_name, returnTo) => {
      await nothingHappens(async () => {
        const res = await request(server()).get('/hubspot/oauth/install').query({ returnTo });
        expect(res.status).toBe(400);
        expect(res.headers.location).toBeUndefined();
        expect(res.headers['set-cookie']).toBeUndefined();
      });
    });

    it.each([
      ['percent-encoded tab', '%2F%09%2Fevil.example%2Fphish'],
      ['percent-encoded protocol-relative URL', '%2F%2Fevil.example%2Fphish'],
      ['percent-encoded backslash', '%2F%5Cevil.example'],
      ['percent-encoded newline', '%2Fok%0D%0ALocation%3A%20https%3A%2F%2Fevil.example'],
    ])('%s', async (_name, encoded) => {
      await nothingHappens(async () => {
        const res = await request(server()).get(`/hubspot/oauth/install?returnTo=${encoded}`);
        expect(res.status).toBe(400);
        expect(res.headers.location).toBeUndefined();
      });
    });

    it('a state carrying a hostile returnTo (signed with the secret) is refused at the callback before HubSpot is called', async () => {
      const nonce = newBrowserNonce();
      const signer = new OAuthStateSigner(CLIENT_SECRET, 60_000);
      const state = signer.sign({ browser: browserHash(nonce), returnTo: '/\t/evil.example' });
      await nothingHappens(async () => {
        const res = await request(server())
          .get('/hubspot/oauth/callback')
          .query({ code: 'any-code', state })
          .set('cookie', `hubspot_oauth_install=${nonce}`);
        expect(res.status).toBe(400);
        expect(res.headers.location).toBeUndefined();
      });
    });

    it('a same-origin path still works end to end', async () => {
      const res = await callBack(server(), await approveInstall(server(), PORTAL, '/settings/crm'));
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(`/settings/crm?portalId=${PORTAL}`);
      expect(await storedPortals()).toBe(1);
    });
  });

  describe('the state is bound to the browser that started the install', () => {
    it('a state fetched from /install by someone else, with junk codes, never reaches the token endpoint', async () => {
      const start = await request(server()).get('/hubspot/oauth/install').expect(302);
      const state = new URL(start.headers.location).searchParams.get('state')!;
      await nothingHappens(async () => {
        for (let i = 0; i < 20; i++) {
          const res = await request(server())
            .get('/hubspot/oauth/callback')
            .query({ code: `junk-${i}`, state });
          expect(res.status).toBe(400);
          expect(res.body.message).toMatch(/browser-mismatch/);
        }
      });
    });

    it("login CSRF: the attacker's approved callback opened in the victim's browser installs nothing", async () => {
      const attacker = await approveInstall(server(), ATTACKER_PORTAL);
      const victim = await approveInstall(server(), PORTAL);
      await nothingHappens(async () => {
        // The victim's browser holds its own install cookie, not the attacker's.
        const res = await callBack(server(), victim, attacker.location);
        expect(res.status).toBe(400);
        expect(res.body.message).toMatch(/browser-mismatch/);
        const noCookie = await request(server()).get(
          `${attacker.location.pathname}${attacker.location.search}`,
        );
        expect(noCookie.status).toBe(400);
      });
      const rows = await app.get(DataSource).query('SELECT portal_id FROM hubspot_oauth_tokens');
      expect(rows.map((r: { portal_id: string }) => Number(r.portal_id))).not.toContain(ATTACKER_PORTAL);
    });

    it('the callback clears the install cookie whatever its outcome', async () => {
      const res = await request(server()).get('/hubspot/oauth/callback').query({ code: 'x', state: 'y.z' });
      expect(res.status).toBe(400);
      expect(String(res.headers['set-cookie'])).toMatch(/^hubspot_oauth_install=; Max-Age=0; /);
    });
  });

  describe('install and callback are rate-limited per client address (rateLimitPerMinute: 3)', () => {
    it('answers 429 with Retry-After once the window is spent', async () => {
      const install = () => request(limited.getHttpServer()).get('/hubspot/oauth/install');
      for (let i = 0; i < 3; i++) expect((await install()).status).toBe(302);
      const refused = await install();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.headers['set-cookie']).toBeUndefined();

      await nothingHappens(async () => {
        const callback = () =>
          request(limited.getHttpServer())
            .get('/hubspot/oauth/callback')
            .query({ code: 'junk', state: 'a.b' });
        for (let i = 0; i < 3; i++) expect((await callback()).status).toBe(400);
        const flooded = await callback();
        expect(flooded.status).toBe(429);
        expect(Number(flooded.headers['retry-after'])).toBeGreaterThan(0);
      });
    });
  });

  it('never logged a code, state nonce or the client secret', () => {
    const text = logs.lines.join('\n');
    expect(text).not.toContain(CLIENT_SECRET);
    expect(text).not.toMatch(/junk-\d+/);
  });
});
