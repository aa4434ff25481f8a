import type Redis from 'ioredis';
import { Logger } from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { HubspotTransientError } from '../../errors/hubspot-transient.error';
import { HubspotValidationError } from '../../errors/hubspot-validation.error';
import { HubspotAuthError } from '../../errors/hubspot-auth.error';
import { HubspotReinstallRequiredError } from '../../errors/hubspot-reinstall-required.error';
import { OAuthApiClient } from './oauth-api.client';
import { OAuthRefreshService } from './oauth-refresh.service';
import { OAuthTokenStore } from './oauth-token.store';
import { OAuthTokenSet, StoredPortalToken } from './oauth-token.types';

/** One row, with the store's compare-and-set semantics (no decryption: that is TokenCipher's test). */
class FakeStore {
  rows = new Map<number, StoredPortalToken>();
  reads = 0;
  async load(portalId: number) {
    this.reads++;
    const row = this.rows.get(portalId);
    return row ? { ...row } : null;
  }
  async saveRefreshed(portalId: number, expected: number, tokens: OAuthTokenSet) {
    const row = this.rows.get(portalId);
    if (!row || row.tokenVersion !== expected || row.status !== 'active') return false;
    this.rows.set(portalId, { ...row, ...tokens, tokenVersion: expected + 1 });
    return true;
  }
  async markNeedsReinstall(portalId: number, reason: string) {
    const row = this.rows.get(portalId)!;
    this.rows.set(portalId, { ...row, status: 'needs_reinstall', statusReason: reason });
  }
}

/** SET NX PX + the compare-and-delete script, as Redis runs them. */
class FakeRedis {
  keys = new Map<string, { value: string; until: number }>();
  down = false;
  async set(key: string, value: string, _px: 'PX', ttl: number, _nx: 'NX') {
    if (this.down) throw new Error('ECONNREFUSED');
    const held = this.keys.get(key);
    if (held && held.until > Date.now()) return null;
    this.keys.set(key, { value, until: Date.now() + ttl });
    return 'OK';
  }
  async eval(_script: string, _n: number, key: string, token: string) {
    if (this.keys.get(key)?.value !== token) return 0;
    this.keys.delete(key);
    return 1;
  }
}

const config = {
  auth: { refreshMarginMs: 60_000 },
  redis: { keyPrefix: 'unit' },
  http: { timeoutMs: 1_000 },
} as unknown as HubspotConfig;

describe('OAuthRefreshService', () => {
  let store: FakeStore;
  let redis: FakeRedis;
  let refresh: jest.Mock;
  let seq: number;

  const service = () =>
    new OAuthRefreshService(
      store as unknown as OAuthTokenStore,
      { refresh } as unknown as OAuthApiClient,
      redis as unknown as Redis,
      config,
    );
  const seed = (expiresInMs: number) =>
    store.rows.set(7, {
      portalId: 7,
      accessToken: 'old-access',
      refreshToken: 'refresh-1',
      expiresAt: Date.now() + expiresInMs,
      status: 'active',
      statusReason: null,
      scopes: ['crm.objects.contacts.write'],
      tokenVersion: 1,
    });

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['error', 'warn', 'log']));

  beforeEach(() => {
    store = new FakeStore();
    redis = new FakeRedis();
    seq = 0;
    refresh = jest.fn(async () => {
      await new Promise((r) => setTimeout(r, 30));
      seq++;
      return {
        accessToken: `new-access-${seq}`,
        refreshToken: 'refresh-1',
        expiresAt: Date.now() + 1_800_000,
      };
    });
  });

  it('leaves a token outside the margin alone', async () => {
    seed(10 * 60_000);
    const token = await service().ensureFresh(7);
    expect(token.accessToken).toBe('old-access');
    expect(refresh).not.toHaveBeenCalled();
  });

  it('refreshes once for many concurrent callers in one process', async () => {
    seed(30_000);
    const svc = service();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => svc.ensureFresh(7)));
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['new-access-1']));
    expect(store.rows.get(7)!.accessToken).toBe('new-access-1');
  });

  it('refreshes once across processes: the losers wait for the lock and re-read the stored token', async () => {
    seed(30_000);
    const workers = [service(), service(), service(), service()];
    const tokens = await Promise.all(workers.map((w) => w.ensureFresh(7)));
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(tokens.map((t) => t.accessToken)).toEqual(Array(4).fill('new-access-1'));
    expect(redis.keys.size).toBe(0);
  });

  it('marks the portal needs_reinstall on BAD_REFRESH_TOKEN and then fails fast without calling HubSpot', async () => {
    seed(30_000);
    refresh.mockRejectedValueOnce(
      new HubspotValidationError('missing or unknown refresh token', {
        status: 400,
        category: 'BAD_REFRESH_TOKEN',
      }),
    );
    const svc = service();
    await expect(svc.ensureFresh(7)).rejects.toBeInstanceOf(HubspotReinstallRequiredError);
    expect(store.rows.get(7)!.status).toBe('needs_reinstall');
    const again = await svc.ensureFresh(7).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(HubspotReinstallRequiredError);
    expect((again as HubspotReinstallRequiredError).disposition).toBe('park');
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("marks the portal needs_reinstall on RFC 6749's invalid_grant alone", async () => {
    seed(30_000);
    refresh.mockRejectedValueOnce(
      new HubspotValidationError('refresh token revoked', {
        status: 400,
        context: { error: 'invalid_grant', error_description: 'refresh token revoked' },
      }),
    );
    await expect(service().ensureFresh(7)).rejects.toBeInstanceOf(HubspotReinstallRequiredError);
    expect(store.rows.get(7)!.status).toBe('needs_reinstall');
  });

  it('does not park the portal for a client misconfiguration (401 invalid_client)', async () => {
    seed(30_000);
    refresh.mockRejectedValueOnce(
      new HubspotAuthError('client authentication failed', {
        status: 401,
        category: 'BAD_CLIENT_SECRET',
        context: { error: 'invalid_client' },
      }),
    );
    const token = await service().ensureFresh(7);
    expect(token.accessToken).toBe('old-access');
    expect(store.rows.get(7)!.status).toBe('active');
  });

  it('keeps using a still-valid token when the refresh call fails transiently', async () => {
    seed(30_000);
    refresh.mockRejectedValueOnce(new HubspotTransientError('503', { status: 503 }));
    const token = await service().ensureFresh(7);
    expect(token.accessToken).toBe('old-access');
    expect(redis.keys.size).toBe(0);
  });

  it('surfaces the failure once the token has really expired', async () => {
    seed(-1_000);
    refresh.mockRejectedValueOnce(new HubspotTransientError('503', { status: 503 }));
    await expect(service().ensureFresh(7)).rejects.toBeInstanceOf(HubspotTransientError);
  });

  it('refreshes without the lock when Redis is down (a double refresh is harmless)', async () => {
    seed(30_000);
    redis.down = true;
    const token = await service().ensureFresh(7);
    expect(token.accessToken).toBe('new-access-1');
  });

  it('does not overwrite a re-install that happened during the refresh', async () => {
    seed(30_000);
    refresh.mockImplementationOnce(async () => {
      const row = store.rows.get(7)!;
      store.rows.set(7, {
        ...row,
        accessToken: 'reinstalled',
        expiresAt: Date.now() + 1_800_000,
        tokenVersion: 2,
      });
      return { accessToken: 'late', refreshToken: 'refresh-1', expiresAt: Date.now() + 1_800_000 };
    });
    const token = await service().ensureFresh(7);
    expect(token.accessToken).toBe('reinstalled');
    expect(store.rows.get(7)!.accessToken).toBe('reinstalled');
  });

  it('never releases a lock it no longer holds', async () => {
    seed(30_000);
    refresh.mockImplementationOnce(async () => {
      // Our lock expired mid-call and another process took it.
      redis.keys.set('unit:oauth:refresh-lock:7', { value: 'someone-else', until: Date.now() + 10_000 });
      return { accessToken: 'mine', refreshToken: 'refresh-1', expiresAt: Date.now() + 1_800_000 };
    });
    await service().ensureFresh(7);
    expect(redis.keys.get('unit:oauth:refresh-lock:7')?.value).toBe('someone-else');
  });

  it('stops waiting for a stuck refresher after a short while when its own token is still valid', async () => {
    seed(30_000);
    redis.keys.set('unit:oauth:refresh-lock:7', { value: 'stuck-process', until: Date.now() + 60_000 });
    const started = Date.now();
    const token = await service().ensureFresh(7);
    expect(token.accessToken).toBe('old-access');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(refresh).not.toHaveBeenCalled();
  });
});
