import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Escapes HubSpot decodes in the request URI before computing a v3 signature (and only these). */
const V3_DECODED: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

export function decodeV3Uri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => V3_DECODED[m.toUpperCase()]);
}

/** v1: hex(sha256(secret + body)). */
export function signatureV1(secret: string, body: Buffer | string): string {
  return createHash('sha256').update(secret).update(body).digest('hex');
}

/** v2: hex(sha256(secret + method + uri + body)), uri exactly as HubSpot called it. */
export function signatureV2(secret: string, method: string, uri: string, body: Buffer | string): string {
  return createHash('sha256')
    .update(secret + method + uri)
    .update(body)
    .digest('hex');
}

/** v3: base64(HMAC-SHA256(secret, method + decodedUri + body + timestamp)). */
export function signatureV3(
  secret: string,
  method: string,
  uri: string,
  body: Buffer | string,
  timestamp: string | number,
): string {
  return createHmac('sha256', secret)
    .update(method + decodeV3Uri(uri))
    .update(body)
    .update(String(timestamp))
    .digest('base64');
}

/** Constant-time string comparison (lengths are compared on digests, so no early exit leaks). */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db) && a.length === b.length;
}
