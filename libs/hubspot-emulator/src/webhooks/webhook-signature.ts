import { createHash, createHmac } from 'node:crypto';

/** v1: hex(sha256(clientSecret + body)). */
export function signatureV1(secret: string, body: string): string {
  return createHash('sha256')
    .update(secret + body)
    .digest('hex');
}

/** v2: hex(sha256(clientSecret + method + uri + body)). */
export function signatureV2(secret: string, method: string, uri: string, body: string): string {
  return createHash('sha256')
    .update(secret + method + uri + body)
    .digest('hex');
}

/** v3: base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)). */
export function signatureV3(
  secret: string,
  method: string,
  uri: string,
  body: string,
  timestamp: number | string,
): string {
  return createHmac('sha256', secret).update(`${method}${uri}${body}${timestamp}`).digest('base64');
}
