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
}

/**
 * The URI HubSpot called. Behind a proxy the app sees another host and scheme, so the public origin
 * comes from configuration or, when the host opts in, from X-Forwarded-Proto/Host/Prefix.
 */
export function signedRequestUri(req: SignedRequestLike, options: UriOptions): string {
  const pathAndQuery = req.originalUrl ?? req.url ?? '/';
  if (options.publicBaseUrl) return options.publicBaseUrl.replace(/\/+$/, '') + pathAndQuery;
  const host = options.trustForwardedHeaders
    ? (first(req.headers['x-forwarded-host']) ?? first(req.headers.host))
    : first(req.headers.host);
  const proto = options.trustForwardedHeaders
    ? (first(req.headers['x-forwarded-proto']) ?? req.protocol ?? 'http')
    : (req.protocol ?? 'http');
  const prefix = options.trustForwardedHeaders ? (first(req.headers['x-forwarded-prefix']) ?? '') : '';
  return `${proto}://${host ?? 'localhost'}${prefix.replace(/\/+$/, '')}${pathAndQuery}`;
}

/** First value of a possibly repeated or comma-joined header (the client-facing hop). */
function first(value: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  const head = raw?.split(',')[0]?.trim();
  return head ? head : undefined;
}
