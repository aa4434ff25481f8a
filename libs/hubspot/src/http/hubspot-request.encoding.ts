import { QueryValue } from './hubspot-request.types';

/** Base URL + path + query; arrays repeat the key (`properties=a&properties=b`), as HubSpot's SDK does. */
export function buildUrl(baseUrl: string, path: string, query?: Record<string, QueryValue>): string {
  const url = new URL(baseUrl + (path.startsWith('/') ? path : `/${path}`));
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v));
  }
  return url.toString();
}

/** JSON by default; a string is sent as JSON text, URLSearchParams as a form (OAuth token endpoint). */
export function encodeBody(body: unknown): { body?: string; contentType?: string } {
  if (body === undefined) return {};
  if (body instanceof URLSearchParams) {
    return { body: body.toString(), contentType: 'application/x-www-form-urlencoded' };
  }
  if (typeof body === 'string') return { body, contentType: 'application/json' };
  return { body: JSON.stringify(body), contentType: 'application/json' };
}
