import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Holds a random nonce whose hash the install `state` carries: the callback must come from this browser. */
export const INSTALL_COOKIE = 'hubspot_oauth_install';

const NONCE = /^[A-Za-z0-9_-]{43}$/;

export interface InstallCookieScope {
  /** The callback's path (as a URL's pathname, already percent-encoded): the browser sends the cookie there only. */
  path: string;
  /** Lifetime, ms (that of a state). */
  maxAgeMs: number;
  /** Set when the callback is served over https. */
  secure: boolean;
}

export function newBrowserNonce(): string {
  return randomBytes(32).toString('base64url');
}

export function browserHash(nonce: string): string {
  return createHash('sha256').update(`hubspot-sync/oauth-install/${nonce}`).digest('base64url');
}

/** True when the cookie's nonce hashes to what the state carries (constant time). */
export function sameBrowser(nonce: string | undefined, expectedHash: string): boolean {
  if (!nonce) return false;
  const given = Buffer.from(browserHash(nonce));
  const expected = Buffer.from(expectedHash);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * HttpOnly, and SameSite=Lax because HubSpot sends the browser back with a top-level GET from its own site
 * (Strict would withhold the cookie there).
 */
export function installCookie(nonce: string, scope: InstallCookieScope): string {
  return serialize(nonce, Math.max(1, Math.floor(scope.maxAgeMs / 1000)), scope);
}

export function clearedInstallCookie(scope: InstallCookieScope): string {
  return serialize('', 0, scope);
}

/** The nonce from a Cookie header; anything that is not one of our nonces is ignored. */
export function readInstallCookie(header: string | string[] | undefined): string | undefined {
  const lines = Array.isArray(header) ? header : header ? [header] : [];
  for (const pair of lines.flatMap((line) => line.split(';'))) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== INSTALL_COOKIE) continue;
    const value = pair.slice(at + 1).trim();
    if (NONCE.test(value)) return value;
  }
  return undefined;
}

function serialize(value: string, maxAgeSeconds: number, scope: InstallCookieScope): string {
  const attributes = [
    `${INSTALL_COOKIE}=${value}`,
    `Max-Age=${maxAgeSeconds}`,
    `Path=${scope.path.replace(/[;,\s]/g, encodeURIComponent)}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(scope.secure ? ['Secure'] : []),
  ];
  return attributes.join('; ');
}
