import { HubspotPortalNotInstalledError } from '../../errors/hubspot-portal-not-installed.error';
import { HubspotPortalRequiredError } from '../../errors/hubspot-portal-required.error';
import { HubspotReinstallRequiredError } from '../../errors/hubspot-reinstall-required.error';
import { OAuthRefreshService } from './oauth-refresh.service';
import { OAuthTokenProvider } from './oauth-token.provider';
import { OAuthTokenStore } from './oauth-token.store';
import { StoredPortalToken } from './oauth-token.types';

const MARGIN = 60_000;

describe('OAuthTokenProvider', () => {
  let rows: Map<number, StoredPortalToken>;
  let store: { load: jest.Mock; rows: jest.Mock };
  let refresher: { needsRefresh: (t: StoredPortalToken) => boolean; ensureFresh: jest.Mock };
  let provider: OAuthTokenProvider;

  const row = (portalId: number, over: Partial<StoredPortalToken> = {}): StoredPortalToken => ({
    portalId,
    accessToken: `access-${portalId}`,
    refreshToken: `refresh-${portalId}`,
    expiresAt: Date.now() + 30 * 60_000,
    status: 'active',
    statusReason: null,
    scopes: [],
    tokenVersion: 1,
    ...over,
  });

  beforeEach(() => {
    rows = new Map([
      [1, row(1)],
      [2, row(2)],
    ]);
    store = {
      load: jest.fn(async (id: number) => rows.get(id) ?? null),
      rows: jest.fn(async () => [...rows.values()]),
    };
    refresher = {
      needsRefresh: (t) => t.expiresAt - MARGIN <= Date.now(),
      ensureFresh: jest.fn(async (id: number) => ({
        ...rows.get(id)!,
        accessToken: `fresh-${id}`,
        expiresAt: Date.now() + 1_800_000,
      })),
    };
    provider = new OAuthTokenProvider(
      store as unknown as OAuthTokenStore,
      refresher as unknown as OAuthRefreshService,
    );
  });

  it('returns the stored token of the portal and caches it briefly', async () => {
    expect(await provider.getAccessToken(1)).toBe('access-1');
    expect(await provider.getAccessToken(1)).toBe('access-1');
    expect(await provider.getAccessToken(2)).toBe('access-2');
    expect(store.load).toHaveBeenCalledTimes(2);
    expect(refresher.ensureFresh).not.toHaveBeenCalled();
  });

  it('refreshes a token inside the margin, never one outside it', async () => {
    rows.set(1, row(1, { expiresAt: Date.now() + MARGIN / 2 }));
    expect(await provider.getAccessToken(1)).toBe('fresh-1');
    expect(await provider.getAccessToken(1)).toBe('fresh-1');
    expect(refresher.ensureFresh).toHaveBeenCalledTimes(1);
  });

  it('fails fast for a parked portal, and sees a re-install at once (parked rows are not cached)', async () => {
    rows.set(1, row(1, { status: 'needs_reinstall' }));
    await expect(provider.getAccessToken(1)).rejects.toBeInstanceOf(HubspotReinstallRequiredError);
    rows.set(1, row(1, { accessToken: 'reinstalled' }));
    expect(await provider.getAccessToken(1)).toBe('reinstalled');
  });

  it('names an unknown portal', async () => {
    await expect(provider.getAccessToken(9)).rejects.toBeInstanceOf(HubspotPortalNotInstalledError);
  });

  it('defaults to the only active portal and refuses to guess among several', async () => {
    await expect(provider.getAccessToken()).rejects.toBeInstanceOf(HubspotPortalRequiredError);
    rows.set(2, row(2, { status: 'needs_reinstall' }));
    expect(await provider.portalIds()).toEqual([1]);
    expect(await provider.defaultPortalId()).toBe(1);
    expect(await provider.getAccessToken()).toBe('access-1');
    rows.clear();
    await expect(provider.defaultPortalId()).rejects.toThrow(/No portal has installed/);
  });

  it('drops its copy when the refresh fails, so the next call re-reads the row', async () => {
    rows.set(1, row(1, { expiresAt: Date.now() + 1_000 }));
    refresher.ensureFresh.mockRejectedValueOnce(new HubspotReinstallRequiredError(1));
    await expect(provider.getAccessToken(1)).rejects.toBeInstanceOf(HubspotReinstallRequiredError);
    rows.set(1, row(1, { status: 'needs_reinstall' }));
    await expect(provider.getAccessToken(1)).rejects.toBeInstanceOf(HubspotReinstallRequiredError);
    expect(store.load).toHaveBeenCalledTimes(2);
  });
});
