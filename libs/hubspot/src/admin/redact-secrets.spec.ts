import { REDACTED, redactSecrets } from './redact-secrets';

describe('redactSecrets', () => {
  it('replaces credentials by key at any depth and by shape anywhere, and keeps the rest', () => {
    const payload = {
      email: 'ada@example.com',
      properties: { api_key: 'k-123', plan: 'pro', nested: [{ accessToken: 'abc' }, 'Bearer xyz.abc'] },
      note: 'pat-na1-0123abcd-4567-89ef-0123-456789abcdef',
      Authorization: 'Basic Zm9vOmJhcg==',
      count: 3,
      empty: null,
    };
    expect(redactSecrets(payload)).toEqual({
      email: 'ada@example.com',
      properties: { api_key: REDACTED, plan: 'pro', nested: [{ accessToken: REDACTED }, REDACTED] },
      note: REDACTED,
      Authorization: REDACTED,
      count: 3,
      empty: null,
    });
    // The original is untouched.
    expect(payload.properties.api_key).toBe('k-123');
  });
});
