/** The parts of an incoming request the signed URI is rebuilt from. */
export interface SignedRequestLike {
  method: string;
  /** Path and query as received (Express `originalUrl`). */
  originalUrl?: string;
  url?: string;
  protocol?: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface UriOptions {
  publicBaseUrl?: string;
  trustForwardedHeaders: boolean;
  /** Hosts (`name` or `name:port`) the URI may name when there is no public base URL. */
  allowedHosts?: string[];
}

const HOST = /^(?:[a-z0-9](?:[a-z0-9.-]{0,252})|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?$/i;
const PREFIX = /^(?:\/[A-Za-z0-9._~!$&'()*+,;=:@%-]*)*$/;

/**
 * The URI HubSpot called, or undefined when it cannot be trusted. With `publicBaseUrl` (the normal case) the
 * request's own Host and forwarded headers play no part. Without it, the host comes from the Host header or,
 * behind a trusted proxy, from the proxy's own (rightmost) X-Forwarded-Host/Proto/Prefix values, and must be
 * one of `allowedHosts`: a delivery signed for another host that shares the secret never verifies here.
 */
export function signedRequestUri(req: SignedRequestLike, options: UriOptions): string | undefined {
  const pathAndQuery = req.originalUrl ?? req.url ?? '/';
  if (options.publicBaseUrl) return options.publicBaseUrl.replace(/\/+$/, '') + pathAndQuery;
  const trust = options.trustForwardedHeaders;
  const host = (trust ? last(req.headers['x-forwarded-host']) : undefined) ?? last(req.headers.host);
  const proto = (
    (trust ? last(req.headers['x-forwarded-proto']) : undefined) ??
    req.protocol ??
    'http'
  ).toLowerCase();
  const prefix = (trust ? last(req.headers['x-forwarded-prefix']) : undefined) ?? '';
  if (!host || !HOST.test(host) || !hostAllowed(host, options.allowedHosts ?? [])) return undefined;
  if ((proto !== 'http' && proto !== 'https') || !PREFIX.test(prefix)) return undefined;
  return `${proto}://${host.toLowerCase()}${prefix.replace(/\/+$/, '')}${pathAndQuery}`;
}

/** An entry without a port allows that host on any port; with one, only that port. */
function hostAllowed(host: string, allowed: string[]): boolean {
  const wanted = host.toLowerCase();
  const name = wanted.replace(/:\d+$/, '');
  return allowed.some((entry) => {
    const e = entry.toLowerCase();
    return /:\d+$/.test(e) ? e === wanted : e === name;
  });
}

/**
 * Last value of a possibly repeated or comma-joined header. Proxies append what they saw to what the client
 * sent, so only the rightmost value comes from the proxy; anything to its left is the client's to invent.
 */
function last(value: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[value.length - 1] : value;
  const tail = raw?.split(',').pop()?.trim();
  return tail ? tail : undefined;
}
