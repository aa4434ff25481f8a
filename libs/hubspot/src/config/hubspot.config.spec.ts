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

describe('resolveHubspotConfig: where the signed webhook URI comes from', () => {
  const auth = { type: 'private-app', accessToken: 'pat-na1-abcdef' };

  it('fails boot naming webhooks.publicBaseUrl when webhooks are on without it or an allow-list', () => {
    expect(() => resolveHubspotConfig({ auth, webhooks: { clientSecrets: ['secret-123'] } })).toThrow(
      /webhooks\.publicBaseUrl is required/,
    );
    expect(() =>
      resolveHubspotConfig({
        auth,
        webhooks: { clientSecrets: ['secret-123'], trustForwardedHeaders: true },
      }),
    ).toThrow(/webhooks\.publicBaseUrl is required/);
  });

  it('accepts a public URL, or an allow-list of hosts (names, optionally with a port)', () => {
    const publicUrl = { clientSecrets: ['secret-123'], publicBaseUrl: 'https://api.example.com/' };
    expect(resolveHubspotConfig({ auth, webhooks: publicUrl }).webhooks?.publicBaseUrl).toBe(
      'https://api.example.com',
    );
    const hosts = { clientSecrets: ['secret-123'], allowedHosts: ['hooks.example.com', '10.0.0.5:8080'] };
    expect(resolveHubspotConfig({ auth, webhooks: hosts }).webhooks?.allowedHosts).toEqual(
      hosts.allowedHosts,
    );
    expect(() =>
      resolveHubspotConfig({
        auth,
        webhooks: { clientSecrets: ['secret-123'], allowedHosts: ['https://x/'] },
      }),
    ).toThrow(/webhooks\.allowedHosts/);
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
});
