import {
  HubspotAuthError,
  HubspotConflictError,
  HubspotDailyLimitError,
  HubspotError,
  HubspotErrorDetails,
  HubspotMissingScopesError,
  HubspotNotFoundError,
  HubspotRateLimitedError,
  HubspotTransientError,
  HubspotValidationError,
} from '../errors';

/** Where the failed call went; copied onto the error (never the token). */
export interface CallContext {
  portalId?: number;
  method: string;
  path: string;
  /** When the portal's daily budget resets (for 429 DAILY). */
  dailyResetAt: () => Date;
}

/** HubSpot's error body: `{status, message, correlationId, category, ...}` or, for 429, `errorType`+`policyName`. */
interface HubspotErrorBody {
  status?: string;
  message?: string;
  correlationId?: string;
  category?: string;
  subCategory?: string;
  policyName?: string;
  errorType?: string;
  context?: Record<string, unknown>;
  errors?: HubspotErrorDetails['errors'];
  /** RFC 6749 error code and text (OAuth endpoints). */
  error?: string;
  error_description?: string;
}

/** Minimum wait HubSpot asks for on 423 Locked. */
const LOCKED_MIN_WAIT_MS = 2_000;

/** Maps a non-2xx HubSpot answer to the error tree: each class retryable or fatal as HubSpot documents it. */
export function classifyResponse(
  status: number,
  rawBody: string,
  headers: Record<string, string>,
  ctx: CallContext,
): HubspotError {
  const body = parseBody(rawBody);
  const retryAfterMs = parseRetryAfter(headers['retry-after']);
  const details: HubspotErrorDetails = {
    status,
    // OAuth endpoints put their code in `status` (e.g. BAD_REFRESH_TOKEN) and send no category.
    category:
      body.category ??
      body.errorType ??
      (body.status && body.status !== 'error' ? body.status : undefined) ??
      body.error,
    subCategory: body.subCategory,
    correlationId: headers['x-hubspot-correlation-id'] ?? body.correlationId,
    context: body.context ?? oauthContext(body),
    errors: body.errors,
    retryAfterMs,
    portalId: ctx.portalId,
    method: ctx.method,
    path: ctx.path,
  };
  const message =
    body.message ?? body.error_description ?? `HubSpot answered ${status} to ${ctx.method} ${ctx.path}`;

  if (status === 429) {
    const policy = (body.policyName ?? '').toUpperCase();
    if (policy === 'DAILY') return new HubspotDailyLimitError(message, ctx.dailyResetAt(), details);
    return new HubspotRateLimitedError(message, policy || 'UNKNOWN', details);
  }
  if (status === 423) {
    return new HubspotTransientError(message, {
      ...details,
      retryAfterMs: Math.max(retryAfterMs ?? 0, LOCKED_MIN_WAIT_MS),
    });
  }
  if (status >= 500 || status === 477 || status === 408) return new HubspotTransientError(message, details);
  switch (status) {
    case 401:
      return new HubspotAuthError(message, details);
    case 403:
      return new HubspotMissingScopesError(message, details);
    case 404:
      return new HubspotNotFoundError(message, details);
    case 409:
      return new HubspotConflictError(message, details);
    default:
      // 400 VALIDATION_ERROR and any other 4xx: our request is wrong; sending it again cannot help.
      return new HubspotValidationError(message, details);
  }
}

/** A dropped connection, a refused connect, a timeout or an unreadable 2xx body: retryable. */
export function classifyNetworkError(
  err: unknown,
  ctx: CallContext,
  extra: { timedOut: boolean; correlationId?: string; status?: number },
): HubspotTransientError {
  const code = networkCode(err);
  const reason = extra.timedOut ? 'timed out' : `failed (${code})`;
  return new HubspotTransientError(`${ctx.method} ${ctx.path} ${reason}`, {
    status: extra.status,
    category: extra.timedOut ? 'TIMEOUT' : 'NETWORK_ERROR',
    correlationId: extra.correlationId,
    portalId: ctx.portalId,
    method: ctx.method,
    path: ctx.path,
    // Only the name and code: an undici error object can reference the request (and its headers).
    cause: { name: (err as Error)?.name, code },
  });
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** RFC 6749's `error` and `error_description`, kept where callers look for HubSpot's details. */
function oauthContext(body: HubspotErrorBody): Record<string, unknown> | undefined {
  if (typeof body.error !== 'string') return undefined;
  return { error: body.error, error_description: body.error_description };
}

function parseBody(raw: string): HubspotErrorBody {
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? (parsed as HubspotErrorBody) : {};
  } catch {
    // Gateways answer 502/504 with HTML; keep a short, safe excerpt as the message.
    return { message: raw.replace(/\s+/g, ' ').trim().slice(0, 200) || undefined };
  }
}

function networkCode(err: unknown): string {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    const c = current as { code?: unknown; cause?: unknown; name?: unknown };
    if (typeof c.code === 'string') return c.code;
    current = c.cause;
  }
  return (err as Error)?.name ?? 'unknown';
}
