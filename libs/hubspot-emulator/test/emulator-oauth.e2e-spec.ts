import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { apiClient } from '../testing/emulator-http';

describe('HubSpot emulator: OAuth', () => {
  let emu: EmulatorHandle;
  const app = { clientId: 'client-1', clientSecret: 'secret-1', appId: 9001, accessTokenTtlSeconds: 1 };

  beforeAll(async () => {
    emu = await startEmulator({
      port: 0,
      portals: [
        { portalId: 1001, tokens: ['tok-a'] },
        { portalId: 2002, tokens: ['tok-b'] },
        { portalId: 3003, tokens: ['tok-c'] },
      ],
      oauthApps: [app],
    });
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.control.reset());

  async function authorize(extra = ''): Promise<URL> {
    const res = await fetch(
      `${emu.url}/oauth/authorize?client_id=${app.clientId}&redirect_uri=${encodeURIComponent('http://localhost:3000/hubspot/oauth/callback')}` +
        `&scope=${encodeURIComponent('crm.objects.contacts.read crm.objects.contacts.write oauth')}&state=st%2Fate-1${extra}`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location')!);
  }

  const token = (fields: Record<string, string>) =>
    fetch(`${emu.url}/oauth/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));

  const exchange = (code: string) =>
    token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://localhost:3000/hubspot/oauth/callback',
      client_id: app.clientId,
      client_secret: app.clientSecret,
    });

  it('authorizes to the redirect URI with code and state, exchanges the code, and picks the portal', async () => {
    const back = await authorize();
    expect(back.origin + back.pathname).toBe('http://localhost:3000/hubspot/oauth/callback');
    expect(back.searchParams.get('state')).toBe('st/ate-1');
    const code = back.searchParams.get('code')!;
    const tokens = await exchange(code);
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'bearer', expires_in: 1 });
    expect(tokens.body.access_token.length).toBeGreaterThan(150);
    expect((await exchange(code)).body.status).toBe('BAD_AUTH_CODE');
    const info = await fetch(`${emu.url}/oauth/v1/access-tokens/${tokens.body.access_token}`).then((r) =>
      r.json(),
    );
    expect(info).toMatchObject({
      hub_id: 1001,
      app_id: 9001,
      token_type: 'access',
      scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'oauth'],
    });

    const explicit = await authorize('&emulator_portal_id=3003');
    const t3 = await exchange(explicit.searchParams.get('code')!);
    const details = await apiClient(emu.url, t3.body.access_token)('GET', '/account-info/v3/details');
    expect(details.body.portalId).toBe(3003);
    expect(details.headers.get('x-hubspot-ratelimit-max')).toBe('100');
    expect(details.headers.get('x-hubspot-ratelimit-daily')).toBeNull();

    await apiClient(emu.url)('POST', '/__emulator/oauth/next-portal', { portalId: 2002 });
    const next = await exchange((await authorize()).searchParams.get('code')!);
    expect(
      (await apiClient(emu.url, next.body.access_token)('GET', '/account-info/v3/details')).body.portalId,
    ).toBe(2002);
    const after = await exchange((await authorize()).searchParams.get('code')!);
    expect(
      (await apiClient(emu.url, after.body.access_token)('GET', '/account-info/v3/details')).body.portalId,
    ).toBe(1001);
  });

  it('enforces access token expiry with EXPIRED_AUTHENTICATION and refreshes until the refresh token is revoked', async () => {
    const first = await exchange((await authorize()).searchParams.get('code')!);
    const call = apiClient(emu.url, first.body.access_token);
    expect((await call('GET', '/crm/v3/objects/contacts')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    const expired = await call('GET', '/crm/v3/objects/contacts');
    expect(expired.status).toBe(401);
    expect(expired.body.category).toBe('EXPIRED_AUTHENTICATION');
    expect(expired.body.message).toMatch(
      /^The OAuth token used to make this call expired \d+ second\(s\) ago\.$/,
    );

    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token,
      client_id: app.clientId,
      client_secret: app.clientSecret,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBe(first.body.refresh_token);
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    expect(
      (await apiClient(emu.url, refreshed.body.access_token)('GET', '/crm/v3/objects/contacts')).status,
    ).toBe(200);
    expect(emu.control.stats().oauth.refreshGrants).toEqual({ '1001': 1 });

    const wrongSecret = await token({
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token,
      client_id: app.clientId,
      client_secret: 'x',
    });
    expect(wrongSecret.status).toBe(400);
    const rt = await fetch(`${emu.url}/oauth/v1/refresh-tokens/${first.body.refresh_token}`).then((r) =>
      r.json(),
    );
    expect(rt).toMatchObject({ hub_id: 1001, client_id: app.clientId, token_type: 'refresh' });
    expect(
      (await fetch(`${emu.url}/oauth/v1/refresh-tokens/${first.body.refresh_token}`, { method: 'DELETE' }))
        .status,
    ).toBe(204);
    const revoked = await token({
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token,
      client_id: app.clientId,
      client_secret: app.clientSecret,
    });
    expect(revoked.status).toBe(400);
    expect(revoked.body).toEqual({
      status: 'BAD_REFRESH_TOKEN',
      message: 'missing or unknown refresh token',
      correlationId: expect.any(String),
      error: 'invalid_grant',
      error_description: 'missing or unknown refresh token',
    });
  });

  it('lets the control API register apps with their own TTL and expire tokens early', async () => {
    await apiClient(emu.url)('POST', '/__emulator/oauth/apps', {
      clientId: 'c2',
      clientSecret: 's2',
      appId: 55,
      accessTokenTtlSeconds: 600,
    });
    const res = await fetch(
      `${emu.url}/oauth/authorize?client_id=c2&redirect_uri=http://localhost/cb&scope=oauth%20crm.objects.contacts.read`,
      { redirect: 'manual' },
    );
    const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
    const t = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://localhost/cb',
      client_id: 'c2',
      client_secret: 's2',
    });
    expect(t.body.expires_in).toBe(600);
    const call = apiClient(emu.url, t.body.access_token);
    expect((await call('GET', '/crm/v3/objects/contacts')).status).toBe(200);
    const ctl = await apiClient(emu.url)('POST', '/__emulator/oauth/expire', {
      accessToken: t.body.access_token,
    });
    expect(ctl.body).toEqual({ expired: 1 });
    expect((await call('GET', '/crm/v3/objects/contacts')).body.category).toBe('EXPIRED_AUTHENTICATION');
    const unknown = await fetch(
      `${emu.url}/oauth/authorize?client_id=nope&redirect_uri=http://localhost/cb`,
      { redirect: 'manual' },
    );
    expect(unknown.status).toBe(400);
  });
});
