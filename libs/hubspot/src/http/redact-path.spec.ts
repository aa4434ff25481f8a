import { redactPath } from './redact-path';

describe('redactPath', () => {
  it('hides tokens carried in OAuth paths', () => {
    expect(redactPath('/oauth/v1/access-tokens/CJSP5qf1KhICAQEYs-gDIIGOBii1')).toBe(
      '/oauth/v1/access-tokens/[redacted]',
    );
    expect(redactPath('/oauth/v1/refresh-tokens/6f18f21e-a743-4509-b7fd-1a5e632fffa1')).toBe(
      '/oauth/v1/refresh-tokens/[redacted]',
    );
  });

  it('leaves every other path alone', () => {
    expect(redactPath('/crm/v3/objects/contacts/123')).toBe('/crm/v3/objects/contacts/123');
    expect(redactPath('/oauth/v1/token')).toBe('/oauth/v1/token');
  });
});
