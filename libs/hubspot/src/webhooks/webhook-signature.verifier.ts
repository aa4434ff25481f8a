import { SignatureVersion } from '../config/webhooks.options';
import { SignedRequestLike, signedRequestUri, UriOptions } from './webhook-request-uri';
import { safeEqual, signatureV1, signatureV2, signatureV3 } from './webhook-signature';

export interface VerifyOptions extends UriOptions {
  clientSecrets: string[];
  signatureVersions: SignatureVersion[];
  maxAgeMs: number;
}

export type HeaderRejection = 'missing' | 'stale' | 'untrusted-host';

/** What the headers alone say: which signature to check, over which URI, or why not to read the body at all. */
export type HeaderCheck =
  | { ok: true; version: SignatureVersion; signature: string; uri: string; timestamp?: string }
  | { ok: false; reason: HeaderRejection };

export type VerifyResult =
  | { ok: true; version: SignatureVersion; signature: string; timestamp?: number }
  | { ok: false; reason: HeaderRejection | 'invalid' };

/**
 * Everything about a delivery that can be decided before its body is read: a signature header of an
 * accepted version, a fresh v3 timestamp, a URI we can trust. v3 is tried first; when v3 headers are present
 * they decide (no downgrade to v1/v2).
 */
export function checkSignatureHeaders(
  req: SignedRequestLike,
  options: VerifyOptions,
  now = Date.now(),
): HeaderCheck {
  const v3 = header(req, 'x-hubspot-signature-v3');
  if (v3 !== undefined && options.signatureVersions.includes('v3')) {
    const timestamp = header(req, 'x-hubspot-request-timestamp');
    if (!timestamp || !/^\d{1,16}$/.test(timestamp) || !v3) return { ok: false, reason: 'missing' };
    if (Math.abs(now - Number(timestamp)) > options.maxAgeMs) return { ok: false, reason: 'stale' };
    const uri = signedRequestUri(req, options);
    if (uri === undefined) return { ok: false, reason: 'untrusted-host' };
    return { ok: true, version: 'v3', signature: v3, uri, timestamp };
  }
  const legacy = header(req, 'x-hubspot-signature');
  const version = (header(req, 'x-hubspot-signature-version') ?? 'v1').toLowerCase() as SignatureVersion;
  if (!legacy || (version !== 'v1' && version !== 'v2')) return { ok: false, reason: 'missing' };
  if (!options.signatureVersions.includes(version)) return { ok: false, reason: 'missing' };
  const uri = version === 'v2' ? signedRequestUri(req, options) : '';
  if (uri === undefined) return { ok: false, reason: 'untrusted-host' };
  return { ok: true, version, signature: legacy, uri };
}

/** Checks a delivery's signature over its body. Every configured secret is tried (rotation without downtime). */
export function verifyWebhookSignature(
  req: SignedRequestLike,
  body: Buffer,
  options: VerifyOptions,
  now = Date.now(),
): VerifyResult {
  const check = checkSignatureHeaders(req, options, now);
  if (!check.ok) return check;
  const { version, signature, uri, timestamp } = check;
  const match = options.clientSecrets.some((secret) => {
    if (version === 'v3') return safeEqual(signatureV3(secret, req.method, uri, body, timestamp!), signature);
    const expected =
      version === 'v1' ? signatureV1(secret, body) : signatureV2(secret, req.method, uri, body);
    return safeEqual(expected, signature.toLowerCase());
  });
  if (!match) return { ok: false, reason: 'invalid' };
  return version === 'v3'
    ? { ok: true, version, signature, timestamp: Number(timestamp) }
    : { ok: true, version, signature };
}

function header(req: SignedRequestLike, name: string): string | undefined {
  const value = req.headers[name];
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined ? undefined : v.trim();
}
