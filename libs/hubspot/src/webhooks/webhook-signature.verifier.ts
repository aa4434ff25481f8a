import { SignatureVersion } from '../config/webhooks.options';
import { SignedRequestLike, signedRequestUri, UriOptions } from './webhook-request-uri';
import { safeEqual, signatureV1, signatureV2, signatureV3 } from './webhook-signature';

export interface VerifyOptions extends UriOptions {
  clientSecrets: string[];
  signatureVersions: SignatureVersion[];
  maxAgeMs: number;
}

export type VerifyResult =
  | { ok: true; version: SignatureVersion; signature: string; timestamp?: number }
  | { ok: false; reason: 'missing' | 'stale' | 'invalid' };

/**
 * Checks a delivery's signature. v3 is tried first; when v3 headers are present they decide (no
 * downgrade to v1/v2). Every configured secret is tried, so a secret can be rotated without downtime.
 */
export function verifyWebhookSignature(
  req: SignedRequestLike,
  body: Buffer,
  options: VerifyOptions,
  now = Date.now(),
): VerifyResult {
  const v3 = header(req, 'x-hubspot-signature-v3');
  if (v3 !== undefined && options.signatureVersions.includes('v3')) {
    const rawTimestamp = header(req, 'x-hubspot-request-timestamp');
    const timestamp = Number(rawTimestamp);
    if (!rawTimestamp || !/^\d{1,16}$/.test(rawTimestamp)) return { ok: false, reason: 'missing' };
    if (Math.abs(now - timestamp) > options.maxAgeMs) return { ok: false, reason: 'stale' };
    const uri = signedRequestUri(req, options);
    const match = options.clientSecrets.some((secret) =>
      safeEqual(signatureV3(secret, req.method, uri, body, rawTimestamp), v3),
    );
    return match ? { ok: true, version: 'v3', signature: v3, timestamp } : { ok: false, reason: 'invalid' };
  }

  const legacy = header(req, 'x-hubspot-signature');
  const version = (header(req, 'x-hubspot-signature-version') ?? 'v1').toLowerCase() as SignatureVersion;
  if (legacy === undefined || (version !== 'v1' && version !== 'v2')) return { ok: false, reason: 'missing' };
  if (!options.signatureVersions.includes(version)) return { ok: false, reason: 'missing' };
  const uri = version === 'v2' ? signedRequestUri(req, options) : '';
  const match = options.clientSecrets.some((secret) => {
    const expected =
      version === 'v1' ? signatureV1(secret, body) : signatureV2(secret, req.method, uri, body);
    return safeEqual(expected, legacy.toLowerCase());
  });
  return match ? { ok: true, version, signature: legacy } : { ok: false, reason: 'invalid' };
}

function header(req: SignedRequestLike, name: string): string | undefined {
  const value = req.headers[name];
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined ? undefined : v.trim();
}
