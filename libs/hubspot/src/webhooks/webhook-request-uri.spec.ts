import { signedRequestUri } from './webhook-request-uri';

const req = (headers: Record<string, string>, originalUrl = '/hubspot/webhooks?x=1') => ({
  method: 'POST',
  originalUrl,
  protocol: 'http',
  headers,
});

describe('signedRequestUri', () => {
  it('uses the configured public base URL and keeps path and query', () => {
    const uri = signedRequestUri(req({ host: '10.0.0.5:3000' }), {
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

  it('ignores forwarded headers unless trusted', () => {
    const headers = {
      host: 'internal:3000',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
    };
    expect(signedRequestUri(req(headers), { trustForwardedHeaders: false })).toBe(
      'http://internal:3000/hubspot/webhooks?x=1',
    );
  });

  it('uses the client-facing forwarded values when trusted', () => {
    const headers = {
      host: 'internal:3000',
      'x-forwarded-host': 'hooks.example.com, proxy2',
      'x-forwarded-proto': 'https,http',
      'x-forwarded-prefix': '/api/',
    };
    expect(signedRequestUri(req(headers), { trustForwardedHeaders: true })).toBe(
      'https://hooks.example.com/api/hubspot/webhooks?x=1',
    );
  });
});
