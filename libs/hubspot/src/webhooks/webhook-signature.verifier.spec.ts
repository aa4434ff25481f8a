import { signatureV1, signatureV2, signatureV3 } from './webhook-signature';
import { checkSignatureHeaders, verifyWebhookSignature, VerifyOptions } from './webhook-signature.verifier';

const OLD = 'old-secret-1234';
const NEW = 'new-secret-5678';
const BODY = Buffer.from('[{"eventId":1}]');
const NOW = 1_700_000_000_000;
const BASE: VerifyOptions = {
  clientSecrets: [NEW, OLD],
  signatureVersions: ['v3'],
  maxAgeMs: 300_000,
  publicBaseUrl: 'https://hooks.example.com',
  trustForwardedHeaders: false,
};
const URI = 'https://hooks.example.com/hubspot/webhooks';

function v3Request(secret: string, timestamp: number, extra: Record<string, string> = {}) {
  return {
    method: 'POST',
    originalUrl: '/hubspot/webhooks',
    headers: {
      host: 'internal',
      'x-hubspot-signature-v3': signatureV3(secret, 'POST', URI, BODY, timestamp),
      'x-hubspot-request-timestamp': String(timestamp),
      ...extra,
    },
  };
}

describe('verifyWebhookSignature', () => {
  it('accepts v3 signed with any configured secret (rotation)', () => {
    expect(verifyWebhookSignature(v3Request(NEW, NOW), BODY, BASE, NOW)).toMatchObject({
      ok: true,
      version: 'v3',
    });
    expect(verifyWebhookSignature(v3Request(OLD, NOW), BODY, BASE, NOW)).toMatchObject({ ok: true });
  });

  it('rejects v3 with an unknown secret, a changed body or a changed URI', () => {
    expect(verifyWebhookSignature(v3Request('other-secret', NOW), BODY, BASE, NOW)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(verifyWebhookSignature(v3Request(NEW, NOW), Buffer.from('[]'), BASE, NOW)).toMatchObject({
      ok: false,
    });
    const moved = { ...v3Request(NEW, NOW), originalUrl: '/hubspot/webhooks?x=1' };
    expect(verifyWebhookSignature(moved, BODY, BASE, NOW)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('enforces the 5-minute window in both directions', () => {
    expect(verifyWebhookSignature(v3Request(NEW, NOW - 299_000), BODY, BASE, NOW).ok).toBe(true);
    expect(verifyWebhookSignature(v3Request(NEW, NOW - 301_000), BODY, BASE, NOW)).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(verifyWebhookSignature(v3Request(NEW, NOW + 301_000), BODY, BASE, NOW)).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it('rejects a missing or non-numeric timestamp and missing headers', () => {
    const req = v3Request(NEW, NOW);
    delete (req.headers as Record<string, string>)['x-hubspot-request-timestamp'];
    expect(verifyWebhookSignature(req, BODY, BASE, NOW)).toEqual({ ok: false, reason: 'missing' });
    const bad = v3Request(NEW, NOW, { 'x-hubspot-request-timestamp': '12e5' });
    expect(verifyWebhookSignature(bad, BODY, BASE, NOW)).toEqual({ ok: false, reason: 'missing' });
    const none = { method: 'POST', originalUrl: '/hubspot/webhooks', headers: {} };
    expect(verifyWebhookSignature(none, BODY, BASE, NOW)).toEqual({ ok: false, reason: 'missing' });
  });

  it('accepts v1/v2 only when configured', () => {
    const v1 = {
      method: 'POST',
      originalUrl: '/hubspot/webhooks',
      headers: { 'x-hubspot-signature': signatureV1(OLD, BODY) },
    };
    expect(verifyWebhookSignature(v1, BODY, BASE, NOW).ok).toBe(false);
    expect(verifyWebhookSignature(v1, BODY, { ...BASE, signatureVersions: ['v3', 'v1'] }, NOW)).toMatchObject(
      {
        ok: true,
        version: 'v1',
      },
    );
    const v2 = {
      method: 'POST',
      originalUrl: '/hubspot/webhooks',
      headers: {
        'x-hubspot-signature': signatureV2(NEW, 'POST', URI, BODY),
        'x-hubspot-signature-version': 'v2',
      },
    };
    expect(verifyWebhookSignature(v2, BODY, { ...BASE, signatureVersions: ['v1'] }, NOW).ok).toBe(false);
    expect(verifyWebhookSignature(v2, BODY, { ...BASE, signatureVersions: ['v2'] }, NOW)).toMatchObject({
      ok: true,
      version: 'v2',
    });
  });

  it('does not fall back to v1 when a v3 signature is present but wrong', () => {
    const req = v3Request('wrong-secret', NOW, { 'x-hubspot-signature': signatureV1(NEW, BODY) });
    expect(verifyWebhookSignature(req, BODY, { ...BASE, signatureVersions: ['v3', 'v1'] }, NOW)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });
});

describe('checkSignatureHeaders (before the body is read)', () => {
  const headersOnly = (headers: Record<string, string>) => ({
    method: 'POST',
    originalUrl: '/hubspot/webhooks',
    headers,
  });

  it('refuses unsigned, malformed-timestamp and stale deliveries from the headers alone', () => {
    expect(checkSignatureHeaders(headersOnly({}), BASE, NOW)).toEqual({ ok: false, reason: 'missing' });
    const v3 = { 'x-hubspot-signature-v3': 'c2ln' };
    expect(checkSignatureHeaders(headersOnly(v3), BASE, NOW)).toEqual({ ok: false, reason: 'missing' });
    const stale = { ...v3, 'x-hubspot-request-timestamp': String(NOW - 301_000) };
    expect(checkSignatureHeaders(headersOnly(stale), BASE, NOW)).toEqual({ ok: false, reason: 'stale' });
    const fresh = { ...v3, 'x-hubspot-request-timestamp': String(NOW) };
    expect(checkSignatureHeaders(headersOnly(fresh), BASE, NOW)).toMatchObject({ ok: true, uri: URI });
  });

  it('refuses a host outside allowedHosts when there is no public URL', () => {
    const options = { ...BASE, publicBaseUrl: undefined, allowedHosts: ['hooks.example.com'] };
    const signed = { 'x-hubspot-signature-v3': 'c2ln', 'x-hubspot-request-timestamp': String(NOW) };
    expect(
      checkSignatureHeaders(headersOnly({ ...signed, host: 'staging.example.com' }), options, NOW),
    ).toEqual({
      ok: false,
      reason: 'untrusted-host',
    });
  });
});
