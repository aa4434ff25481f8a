import { HubspotConfigError } from '../errors';
import { resolveHubspotConfig } from './hubspot.config';

describe('resolveHubspotConfig', () => {
  it('applies defaults to a minimal private-app configuration', () => {
    const config = resolveHubspotConfig({ auth: { type: 'private-app', accessToken: 'pat-na1-abcdef' } });
    expect(config.baseUrl).toBe('https://api.hubapi.com');
    expect(config.limits).toMatchObject({ maxPerWindow: 100, windowMs: 10_000, searchPerSecond: 5 });
    expect(config.sync.batchSize).toBe(100);
    expect(config.auth.portalId).toBe(0);
  });

  it('names every bad option and what to fix', () => {
    const attempt = () =>
      resolveHubspotConfig({
        auth: { type: 'private-app' },
        baseUrl: 'not a url',
        limits: { maxPerWindow: 0 },
        sync: { batchSize: 500 },
      });
    expect(attempt).toThrow(HubspotConfigError);
    try {
      attempt();
    } catch (e) {
      const message = (e as Error).message;
      expect(message).toContain('baseUrl');
      expect(message).toContain('limits.maxPerWindow');
      expect(message).toContain('sync.batchSize');
      expect(message).toContain("auth.accessToken is required when auth.type is 'private-app'");
    }
  });

  it('requires the OAuth settings and a 32-byte encryption key', () => {
    expect(() =>
      resolveHubspotConfig({
        auth: { type: 'oauth', clientId: 'id', clientSecret: 'secret-123', encryptionKey: 'short' },
      }),
    ).toThrow(/auth.redirectUri is required[\s\S]*auth.encryptionKey must be 32 bytes/);
  });

  it('never echoes a secret in its message', () => {
    try {
      resolveHubspotConfig({ auth: { type: 'private-app', accessToken: 'pat-secret-value' }, baseUrl: 'x' });
    } catch (e) {
      expect((e as Error).message).not.toContain('pat-secret-value');
    }
  });
});

describe('resolveHubspotConfig: unknown options', () => {
  it('names a misspelt option instead of silently ignoring it', () => {
    expect(() =>
      resolveHubspotConfig({
        auth: { type: 'private-app', accessToken: 'pat-na1-abcdef' },
        limit: { maxPerWindow: 190 },
        sync: { batchsize: 50 },
      }),
    ).toThrow(/property limit should not exist[\s\S]*sync.batchsize: property batchsize should not exist/);
  });

  it('turns the console on only with a way to sign in', () => {
    const auth = { type: 'private-app', accessToken: 'pat-na1-abcdef' };
    expect(() => resolveHubspotConfig({ auth, admin: { console: true } })).toThrow(
      /admin.console needs admin.token or admin.guard/,
    );
    const config = resolveHubspotConfig({ auth, admin: { token: 'admin-token-0123456789', console: true } });
    expect(config.admin).toMatchObject({ console: true, consoleSessionTtlMs: 8 * 3_600_000 });
    expect(resolveHubspotConfig({ auth }).admin.console).toBe(false);
    expect(() => resolveHubspotConfig({ auth, admin: { consoleSessionTtlMs: 1000 } })).toThrow(
      /admin.consoleSessionTtlMs/,
    );
  });
});
