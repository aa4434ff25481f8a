import { AppEnvError, validateAppEnv } from './app-env';

describe('validateAppEnv', () => {
  it('applies defaults: no token means the embedded emulator', () => {
    const env = validateAppEnv({});
    expect(env).toMatchObject({ PORT: 3000, REDIS_URL: 'redis://127.0.0.1:6379', METRICS_ENABLED: true });
    expect(env.HUBSPOT_ACCESS_TOKEN).toBeUndefined();
  });

  it('parses numbers and booleans, and treats empty strings as unset', () => {
    const env = validateAppEnv({
      PORT: '0',
      METRICS_ENABLED: 'false',
      HUBSPOT_ACCESS_TOKEN: '',
      HUBSPOT_PORTAL_ID: '42',
    });
    expect(env).toMatchObject({ PORT: 0, METRICS_ENABLED: false, HUBSPOT_PORTAL_ID: 42 });
    expect(env.HUBSPOT_ACCESS_TOKEN).toBeUndefined();
  });

  it('takes the API version, token kind and tier the module knows, and refuses others', () => {
    expect(
      validateAppEnv({
        HUBSPOT_API_VERSION: '2026-03',
        HUBSPOT_TOKEN_KIND: 'service-key',
        HUBSPOT_TIER: 'starter',
      }),
    ).toMatchObject({
      HUBSPOT_API_VERSION: '2026-03',
      HUBSPOT_TOKEN_KIND: 'service-key',
      HUBSPOT_TIER: 'starter',
    });
    expect(() => validateAppEnv({ HUBSPOT_API_VERSION: 'v3' })).toThrow(/HUBSPOT_API_VERSION/);
    expect(() => validateAppEnv({ HUBSPOT_TOKEN_KIND: 'api-key' })).toThrow(/HUBSPOT_TOKEN_KIND/);
  });

  it('names every bad variable and never echoes a value', () => {
    const attempt = () =>
      validateAppEnv({
        PORT: 'eighty',
        DATABASE_URL: 'postgres://u:hunter2@db/app',
        HUBSPOT_ADMIN_TOKEN: 'short-secret',
        REDIS_URL: 'localhost:6379',
      });
    expect(attempt).toThrow(AppEnvError);
    try {
      attempt();
    } catch (e) {
      const message = (e as Error).message;
      for (const name of ['PORT', 'DATABASE_URL', 'HUBSPOT_ADMIN_TOKEN', 'REDIS_URL'])
        expect(message).toContain(name);
      expect(message).not.toContain('hunter2');
      expect(message).not.toContain('short-secret');
    }
  });
});
