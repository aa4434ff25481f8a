import { Logger } from '@nestjs/common';
import { HubspotConfig, resolveHubspotConfig } from '../../config/hubspot.config';
import { HubspotAuthError, HubspotMissingScopesError } from '../../errors';
import { OAuthTokenStore } from '../oauth/oauth-token.store';
import { ScopeCheckService, STORED_SCOPES_FRESH_MS } from './scope-check.service';
import { OAuthApiClient } from '../oauth/oauth-api.client';

const ALL = [
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  'crm.objects.companies.write',
];

describe('ScopeCheckService', () => {
  let client: { staticTokenInfo: jest.Mock; inspect: jest.Mock };
  let store: { rows: jest.Mock; load: jest.Mock };
  let warnings: string[];

  beforeEach(() => {
    client = { staticTokenInfo: jest.fn(), inspect: jest.fn() };
    store = { rows: jest.fn(async () => []), load: jest.fn() };
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((m: unknown) => void warnings.push(String(m)));
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  const service = (auth: Record<string, unknown>) =>
    new ScopeCheckService(
      resolveHubspotConfig({ auth, sync: { ensurePropertiesOnBoot: false } }) as HubspotConfig,
      client as unknown as OAuthApiClient,
      store as unknown as OAuthTokenStore,
    );
  const privateApp = (extra: Record<string, unknown> = {}) =>
    service({ type: 'private-app', accessToken: 'pat-secret-token', ...extra });
  const oauth = (extra: Record<string, unknown> = {}) =>
    service({
      type: 'oauth',
      clientId: 'client',
      clientSecret: 'client-secret',
      redirectUri: 'https://app.example.com/cb',
      scopes: ALL,
      encryptionKey: 'a'.repeat(64),
      ...extra,
    });

  it('asks HubSpot once for a private app and reports nothing missing when covered', async () => {
    client.staticTokenInfo.mockResolvedValue({ scopes: ALL });
    const [result] = await privateApp().check();
    expect(result).toEqual({ subject: 'private app', verified: true, missing: [] });
    expect(client.staticTokenInfo).toHaveBeenCalledTimes(1);
    expect(client.staticTokenInfo).toHaveBeenCalledWith('pat-secret-token');
  });

  it('fails boot when told to, naming the scope and the feature', async () => {
    client.staticTokenInfo.mockResolvedValue({
      scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write'],
    });
    const boot = privateApp({ failOnMissingScopes: true, features: ['contacts', 'lists'] }).onModuleInit();
    await expect(boot).rejects.toBeInstanceOf(HubspotMissingScopesError);
    await expect(boot).rejects.toThrow(/crm\.lists\.write \(needed by lists: create lists/);
    expect(warnings.filter((w) => w.startsWith('Missing scope'))).toHaveLength(2);
  });

  it('only logs by default, without waiting for HubSpot', async () => {
    let answer!: (v: unknown) => void;
    client.staticTokenInfo.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    await privateApp().onModuleInit();
    answer({ scopes: ['crm.objects.contacts.read'] });
    await new Promise((r) => setImmediate(r));
    expect(warnings.some((w) => w.includes('crm.objects.contacts.write'))).toBe(true);
  });

  it('does not fail boot when HubSpot cannot tell the scopes, and says so without the token', async () => {
    client.staticTokenInfo.mockRejectedValue(
      new HubspotAuthError('The access token is not a known private app token'),
    );
    await privateApp({ failOnMissingScopes: true }).onModuleInit();
    expect(warnings.join('\n')).toMatch(
      /cannot be verified \(The access token is not a known private app token\)/,
    );
    expect(warnings.join('\n')).not.toContain('pat-secret-token');
  });

  it('makes no call when switched off', async () => {
    await privateApp({ checkScopes: false }).onModuleInit();
    expect(client.staticTokenInfo).not.toHaveBeenCalled();
  });

  describe('OAuth', () => {
    const row = (portalId: number, scopes: string[], ageMs: number, status = 'active') => ({
      portalId,
      scopes: scopes.join(' '),
      status,
      installedAt: new Date(Date.now() - ageMs),
    });

    it("fails boot when the app's requested scopes cannot cover the features", async () => {
      const boot = oauth({
        scopes: ['crm.objects.contacts.write'],
        failOnMissingScopes: true,
      }).onModuleInit();
      await expect(boot).rejects.toThrow(/crm\.objects\.companies\.write/);
    });

    it('uses fresh stored scopes, introspects stale installs once, and skips inactive portals', async () => {
      store.rows.mockResolvedValue([
        row(1, ALL, 60_000),
        row(2, ALL, STORED_SCOPES_FRESH_MS + 60_000),
        row(3, [], 1_000, 'needs_reinstall'),
      ]);
      store.load.mockImplementation(async (id: number) => ({ portalId: id, refreshToken: `refresh-${id}` }));
      client.inspect.mockResolvedValue({
        scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write'],
      });
      const results = await oauth().check();
      expect(client.inspect).toHaveBeenCalledTimes(1);
      expect(client.inspect).toHaveBeenCalledWith('refresh-2', 'refresh_token', 2);
      expect(results.map((r) => [r.subject, r.missing.map((m) => m.scope)])).toEqual([
        ['requested scopes', []],
        ['portal 1', []],
        ['portal 2', ['crm.objects.companies.write', 'crm.objects.companies.read']],
      ]);
    });

    it("never fails boot for one portal's grant", async () => {
      store.rows.mockResolvedValue([row(1, ['crm.objects.contacts.read'], 1_000)]);
      await expect(oauth({ failOnMissingScopes: true }).onModuleInit()).resolves.toBeUndefined();
      expect(warnings.some((w) => w.includes('portal 1') && w.includes('crm.objects.contacts.write'))).toBe(
        true,
      );
    });
  });
});
