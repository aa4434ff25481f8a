import { redactPath } from './redact-path';

describe('redactPath', () => {
  it('hides tokens carried in legacy OAuth lookup paths', () => {
    expect(redactPath('/oauth/v1/access-tokens/CJSP5qf1KhICAQEYs-gDIIGOBii1')).toBe(
      '/oauth/v1/access-tokens/[redacted]',
    );
    expect(redactPath('/oauth/v1/refresh-tokens/6f18f21e-a743-4509-b7fd-1a5e632fffa1')).toBe(
      '/oauth/v1/refresh-tokens/[redacted]',
    );
  });

  it('leaves every other path alone (the dated OAuth endpoints take tokens in the body)', () => {
    expect(redactPath('/crm/objects/2026-09/contacts/123')).toBe('/crm/objects/2026-09/contacts/123');
    expect(redactPath('/oauth/2026-03/token/introspect')).toBe('/oauth/2026-03/token/introspect');
    expect(redactPath('/oauth/2026-03/token')).toBe('/oauth/2026-03/token');
  });
});
