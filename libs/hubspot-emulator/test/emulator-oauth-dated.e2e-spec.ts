import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { apiClient } from '../testing/emulator-http';

// Test helper: loosely typed JSON keeps assertions short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** OAuth on the dated endpoints (token, introspect, revoke), RFC 6749 errors, and private-app token info. */
describe('HubSpot emulator: OAuth 2026-03 and token info', () => {
  let emu: EmulatorHandle;
  const app = { clientId: 'client-d', clientSecret: 'secret-d', appId: 5151, accessTokenTtlSeconds: 600 };
  const redirect = 'http://localhost:3000/oauth/callback';

  beforeAll(async () => {
    emu = await startEmulator({
      port: 0,
      portals: [
        {
          portalId: 1001,
          tokens: [
            { token: 'pat-legacy', appId: 61, userId: 7, scopes: ['crm.objects.contacts.read'] },
            { token: 'static-auth-1', kind: 'static-auth', appId: 62, scopes: ['crm.objects.deals.read'] },
            { token: 'svc-key-1', kind: 'service-key', appId: 63, scopes: ['crm.objects.companies.read'] },
            'pat-unscoped',
          ],
        },
        { portalId: 2002, tokens: ['tok-b'] },
      ],
      oauthApps: [app, { clientId: 'client-other', clientSecret: 'secret-other', appId: 5252 }],
    });
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.control.reset());

  const form = (path: string, fields: Record<string, string>) =>
    fetch(`${emu.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    }).then(async (r) => {
      const text = await r.text();
      return { status: r.status, text, body: (text ? JSON.parse(text) : undefined) as Json };
    });
  const client = { client_id: app.clientId, client_secret: app.clientSecret };

  async function code(portal = 1001): Promise<string> {
    const res = await fetch(
      `${emu.url}/oauth/authorize?client_id=${app.clientId}&redirect_uri=${encodeURIComponent(redirect)}` +
        `&scope=${encodeURIComponent('oauth crm.objects.contacts.read')}&emulator_portal_id=${portal}`,
      { redirect: 'manual' },
    );
    return new URL(res.headers.get('location')!).searchParams.get('code')!;
  }

  const exchange = async (portal = 1001) =>
    form('/oauth/2026-03/token', {
      grant_type: 'authorization_code',
      code: await code(portal),
      redirect_uri: redirect,
      ...client,
    });

  it('POST /oauth/2026-03/token: authorization_code and refresh_token grants with the new answer fields', async () => {
    const first = await exchange(2002);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      token_type: 'bearer',
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expires_in: 600,
      token_use: 'access_token',
      hub_id: 2002,
      user_id: 1,
      scopes: ['oauth', 'crm.objects.contacts.read'],
    });
    const details = await apiClient(emu.url, first.body.access_token)('GET', '/account-info/2026-03/details');
    expect(details.body.portalId).toBe(2002);
    const refreshed = await form('/oauth/2026-03/token', {
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token,
      ...client,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({
      token_use: 'access_token',
      hub_id: 2002,
      refresh_token: first.body.refresh_token,
    });
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    // The /oauth/v3 twins answer the same way; v1 keeps its old answer.
    const v3 = await form('/oauth/v3/token', {
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token,
      ...client,
    });
    expect(v3.body.token_use).toBe('access_token');
    const v1 = await form('/oauth/v1/token', {
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token,
      ...client,
    });
    expect(Object.keys(v1.body).sort()).toEqual([
      'access_token',
      'expires_in',
      'refresh_token',
      'token_type',
    ]);
  });

  it('errors carry RFC 6749 error/error_description next to status/message, on the dated and the v1 endpoints', async () => {
    const cases: Array<[string, Record<string, string>, number, string, string]> = [
      [
        '/oauth/2026-03/token',
        { grant_type: 'password', ...client },
        400,
        'unsupported_grant_type',
        'BAD_GRANT_TYPE',
      ],
      ['/oauth/2026-03/token', { ...client }, 400, 'invalid_request', 'BAD_GRANT_TYPE'],
      [
        '/oauth/2026-03/token',
        { grant_type: 'refresh_token', refresh_token: 'x', client_id: 'nope', client_secret: 's' },
        401,
        'invalid_client',
        'BAD_CLIENT_ID',
      ],
      [
        '/oauth/2026-03/token',
        { grant_type: 'refresh_token', refresh_token: 'x', client_id: app.clientId, client_secret: 'bad' },
        401,
        'invalid_client',
        'BAD_CLIENT_SECRET',
      ],
      [
        '/oauth/2026-03/token',
        { grant_type: 'authorization_code', code: 'bogus', redirect_uri: redirect, ...client },
        400,
        'invalid_grant',
        'BAD_AUTH_CODE',
      ],
      [
        '/oauth/2026-03/token',
        { grant_type: 'refresh_token', refresh_token: 'unknown', ...client },
        400,
        'invalid_grant',
        'BAD_REFRESH_TOKEN',
      ],
      [
        '/oauth/v1/token',
        { grant_type: 'refresh_token', refresh_token: 'x', client_id: app.clientId, client_secret: 'bad' },
        400,
        'invalid_client',
        'BAD_CLIENT_SECRET',
      ],
      [
        '/oauth/v1/token',
        { grant_type: 'refresh_token', refresh_token: 'unknown', ...client },
        400,
        'invalid_grant',
        'BAD_REFRESH_TOKEN',
      ],
      [
        '/oauth/2026-03/token/introspect',
        { token: 'x', client_id: app.clientId, client_secret: 'bad' },
        401,
        'invalid_client',
        'BAD_CLIENT_SECRET',
      ],
      ['/oauth/2026-03/token/introspect', { ...client }, 400, 'invalid_request', 'BAD_TOKEN'],
      [
        '/oauth/2026-03/token/revoke',
        { token: 'x', client_id: 'nope', client_secret: 'x' },
        401,
        'invalid_client',
        'BAD_CLIENT_ID',
      ],
    ];
    for (const [path, fields, status, error, legacy] of cases) {
      const res = await form(path, fields);
      expect({ path, fields, status: res.status, body: res.body }).toEqual({
        path,
        fields,
        status,
        body: {
          status: legacy,
          message: expect.any(String),
          correlationId: expect.any(String),
          error,
          error_description: res.body.message,
        },
      });
    }
    const missing = await fetch(`${emu.url}/oauth/v1/access-tokens/unknown`).then((r) => r.json());
    expect(missing).toMatchObject({ status: 'BAD_ACCESS_TOKEN', error: 'invalid_token' });
  });

  it('introspects access and refresh tokens of the calling app; anything else is inactive', async () => {
    const t = (await exchange()).body;
    const access = await form('/oauth/2026-03/token/introspect', {
      token: t.access_token,
      token_type_hint: 'access_token',
      ...client,
    });
    expect(access.status).toBe(200);
    expect(access.body).toMatchObject({
      active: true,
      token: t.access_token,
      token_use: 'access_token',
      client_id: app.clientId,
      app_id: app.appId,
      hub_id: 1001,
      hub_domain: expect.any(String),
      user_id: 1,
      scopes: ['oauth', 'crm.objects.contacts.read'],
      is_private_distribution: false,
      token_type: 'bearer',
      signed_access_token: expect.objectContaining({
        hubId: 1001,
        appId: app.appId,
        userId: 1,
        expiresAt: expect.any(Number),
      }),
    });
    expect(access.body.expires_in).toBeGreaterThan(590);
    const refresh = await form('/oauth/2026-03/token/introspect', {
      token: t.refresh_token,
      token_type_hint: 'refresh_token',
      ...client,
    });
    expect(refresh.body).toMatchObject({
      active: true,
      token_use: 'refresh_token',
      hub_id: 1001,
      client_id: app.clientId,
    });
    for (const key of ['expires_in', 'signed_access_token', 'is_private_distribution'])
      expect(refresh.body).not.toHaveProperty(key);
    // No hint: still found.
    expect(
      (await form('/oauth/2026-03/token/introspect', { token: t.refresh_token, ...client })).body.active,
    ).toBe(true);
    // Unknown, another app's, expired.
    expect((await form('/oauth/2026-03/token/introspect', { token: 'nope', ...client })).body).toEqual({
      active: false,
    });
    const other = await form('/oauth/2026-03/token/introspect', {
      token: t.access_token,
      client_id: 'client-other',
      client_secret: 'secret-other',
    });
    expect(other.body).toEqual({ active: false });
    emu.control.expireAccessTokens({ accessToken: t.access_token });
    expect(
      (await form('/oauth/2026-03/token/introspect', { token: t.access_token, ...client })).body,
    ).toEqual({
      active: false,
    });
  });

  it('revokes: a revoked refresh token is invalid_grant / BAD_REFRESH_TOKEN; a revoked access token stops working', async () => {
    const t = (await exchange()).body;
    const revoked = await form('/oauth/2026-03/token/revoke', {
      token: t.refresh_token,
      token_type_hint: 'refresh_token',
      ...client,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.text).toBe('');
    const again = await form('/oauth/2026-03/token', {
      grant_type: 'refresh_token',
      refresh_token: t.refresh_token,
      ...client,
    });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ status: 'BAD_REFRESH_TOKEN', error: 'invalid_grant' });
    expect(
      (await form('/oauth/2026-03/token/introspect', { token: t.refresh_token, ...client })).body.active,
    ).toBe(false);
    // Unknown tokens revoke "successfully" (nothing to do).
    expect((await form('/oauth/2026-03/token/revoke', { token: 'never-issued', ...client })).status).toBe(
      200,
    );

    const u = (await exchange()).body;
    const call = apiClient(emu.url, u.access_token);
    expect((await call('GET', '/crm/v3/objects/contacts')).status).toBe(200);
    expect((await form('/oauth/2026-03/token/revoke', { token: u.access_token, ...client })).status).toBe(
      200,
    );
    const after = await call('GET', '/crm/v3/objects/contacts');
    expect(after.status).toBe(401);
    expect(after.body.category).toBe('INVALID_AUTHENTICATION');
    // v1 lookups still work for refresh tokens that were not revoked.
    const rt = await fetch(`${emu.url}/oauth/v1/refresh-tokens/${u.refresh_token}`).then((r) => r.json());
    expect(rt).toMatchObject({ hub_id: 1001, token_type: 'refresh' });
  });

  it('POST /oauth/v2/private-apps/get/access-token-info describes static tokens', async () => {
    const info = (tokenKey: string) =>
      fetch(`${emu.url}/oauth/v2/private-apps/get/access-token-info`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tokenKey }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Json }));
    expect(await info('pat-legacy')).toEqual({
      status: 200,
      body: { hubId: 1001, appId: 61, userId: 7, scopes: ['crm.objects.contacts.read'] },
    });
    expect((await info('static-auth-1')).body).toEqual({
      hubId: 1001,
      appId: 62,
      userId: 1,
      scopes: ['crm.objects.deals.read'],
    });
    expect((await info('svc-key-1')).body).toMatchObject({ hubId: 1001, appId: 63 });
    const unscoped = await info('pat-unscoped');
    expect(unscoped.body.scopes).toEqual(
      expect.arrayContaining(['crm.objects.contacts.write', 'crm.lists.read']),
    );
    const oauthToken = (await exchange()).body.access_token;
    for (const key of ['nope', oauthToken]) {
      const res = await info(key);
      expect(res.status).toBe(401);
      expect(res.body.category).toBe('INVALID_AUTHENTICATION');
    }
  });
});
