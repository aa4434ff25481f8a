import { signedRequestUri } from './webhook-request-uri';

const req = (headers: Record<string, string | string[]>, originalUrl = '/hubspot/webhooks?x=1') => ({
  method: 'POST',
  originalUrl,
  protocol: 'http',
  headers,
});

describe('signedRequestUri', () => {
  it('uses the configured public base URL and keeps path and query, whatever the headers say', () => {
    const uri = signedRequestUri(req({ host: '10.0.0.5:3000', 'x-forwarded-host': 'evil.example' }), {
      publicBaseUrl: 'https://api.example.com/',
      trustForwardedHeaders: true,
    });
    expect(uri).toBe('https://api.example.com/hubspot/webhooks?x=1');
  });

  it('keeps a path prefix of the public base URL (proxy strips it)', () => {
    const uri = signedRequestUri(req({ host: 'internal' }), {
      publicBaseUrl: 'https://example.com/backend',
      trustForwardedHeaders: false,
    });
    expect(uri).toBe('https://example.com/backend/hubspot/webhooks?x=1');
  });

  it('without a public URL, takes the Host header only when it is allowed', () => {
    const options = { trustForwardedHeaders: false, allowedHosts: ['hooks.example.com', '127.0.0.1:8080'] };
    expect(signedRequestUri(req({ host: 'Hooks.Example.com:3000' }), options)).toBe(
      'http://hooks.example.com:3000/hubspot/webhooks?x=1',
    );
    expect(signedRequestUri(req({ host: '127.0.0.1:8080' }), options)).toBeDefined();
    expect(signedRequestUri(req({ host: '127.0.0.1:8081' }), options)).toBeUndefined();
    expect(signedRequestUri(req({ host: 'staging.example.com' }), options)).toBeUndefined();
    expect(signedRequestUri(req({ host: 'hooks.example.com/evil' }), options)).toBeUndefined();
    expect(signedRequestUri(req({}), options)).toBeUndefined();
  });

  it('ignores forwarded headers unless trusted', () => {
    const headers = {
      host: 'internal:3000',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
    };
    expect(signedRequestUri(req(headers), { trustForwardedHeaders: false, allowedHosts: ['internal'] })).toBe(
      'http://internal:3000/hubspot/webhooks?x=1',
    );
  });

  it("uses the proxy's own (rightmost) forwarded values when trusted, never the client's", () => {
    const options = { trustForwardedHeaders: true, allowedHosts: ['hooks.example.com'] };
    const headers = {
      host: 'internal:3000',
      'x-forwarded-host': 'evil.example, hooks.example.com',
      'x-forwarded-proto': 'http,https',
      'x-forwarded-prefix': '/api/',
    };
    expect(signedRequestUri(req(headers), options)).toBe(
      'https://hooks.example.com/api/hubspot/webhooks?x=1',
    );
    const repeated = { ...headers, 'x-forwarded-host': ['evil.example', 'hooks.example.com'] };
    expect(signedRequestUri(req(repeated), options)).toBe(
      'https://hooks.example.com/api/hubspot/webhooks?x=1',
    );
    const spoofed = { ...headers, 'x-forwarded-host': 'hooks.example.com, evil.example' };
    expect(signedRequestUri(req(spoofed), options)).toBeUndefined();
    expect(signedRequestUri(req({ ...headers, 'x-forwarded-proto': 'gopher' }), options)).toBeUndefined();
    expect(signedRequestUri(req({ ...headers, 'x-forwarded-prefix': 'no-slash' }), options)).toBeUndefined();
  });
});
