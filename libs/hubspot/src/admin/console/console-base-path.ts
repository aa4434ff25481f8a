import { ConsoleRequest } from './console-http.types';

/**
 * The console's root path as the browser sees it (`/hubspot/admin/console`, with any global prefix the host
 * set), taken from the request so cookies and links fit however the app is mounted.
 */
export function consoleBasePath(req: ConsoleRequest): string {
  const path = (req.originalUrl ?? req.url).split('?')[0].replace(/\/+$/, '');
  return path.replace(/\/(session|session\/end|assets\/[^/]+)$/, '');
}

/** The admin API's root as the browser sees it (the console's parent): the console's session cookie lives there. */
export function adminBasePath(req: ConsoleRequest): string {
  return consoleBasePath(req).replace(/\/console$/, '');
}

/** Headers of every console page and answer: no caching, no framing, no sniffing, scripts only from us. */
export const CONSOLE_SECURITY_HEADERS: Record<string, string> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};
