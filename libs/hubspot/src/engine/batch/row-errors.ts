import {
  HubspotConflictError,
  HubspotError,
  HubspotNotFoundError,
  HubspotTransientError,
  HubspotValidationError,
} from '../../errors';
import { HubspotBatchError } from '../../http/hubspot-request.types';

const RETRYABLE_CATEGORIES = new Set([
  'RATE_LIMITS',
  'INTERNAL_ERROR',
  'TIMEOUT',
  'LOCKED',
  'SERVICE_UNAVAILABLE',
]);

/** A failed row of a 207 answer as a typed error carrying HubSpot's category, message and correlation id. */
export function rowError(
  row: HubspotBatchError,
  correlationId: string | undefined,
  path: string,
): HubspotError {
  const details = {
    category: row.category,
    subCategory: row.subCategory,
    correlationId,
    context: row.context,
    errors: row.errors,
    method: 'POST',
    path,
  };
  const category = (row.category ?? '').toUpperCase();
  if (category === 'CONFLICT') return new HubspotConflictError(row.message, { ...details, status: 409 });
  if (category === 'OBJECT_NOT_FOUND')
    return new HubspotNotFoundError(row.message, { ...details, status: 404 });
  if (RETRYABLE_CATEGORIES.has(category)) return new HubspotTransientError(row.message, details);
  return new HubspotValidationError(row.message, { ...details, status: 400 });
}

/** Every string an error's context lists (HubSpot names the failed inputs there, e.g. `{ids: [...]}`). */
export function contextValues(context: Record<string, unknown> | undefined): string[] {
  if (!context) return [];
  return Object.values(context).flatMap((value) =>
    Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [],
  );
}

/**
 * Property names a validation error blames, so a whole-batch 400 can be pinned on the inputs that carry them.
 * Reads `errors[].context.propertyName`, `context.propertyName` and the JSON list inside
 * "Property values were not valid: [...]".
 */
export function blamedProperties(error: HubspotError): string[] {
  const names = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string' && v) names.add(v);
    if (Array.isArray(v)) v.forEach(add);
  };
  add(error.context?.['propertyName']);
  for (const e of error.errors ?? []) add(e.context?.['propertyName']);
  const start = error.message.indexOf('[');
  if (/not valid/i.test(error.message) && start >= 0) {
    try {
      const list: unknown = JSON.parse(error.message.slice(start));
      if (Array.isArray(list)) for (const item of list) add((item as { name?: unknown })?.name);
    } catch {
      // Not JSON: fall through to the quoted-name pattern.
    }
  }
  for (const m of error.message.matchAll(/Property "?\\?"?([a-z0-9_]+)\\?"?"? does not exist/gi))
    names.add(m[1]);
  return [...names];
}

/**
 * Properties an error message says do not exist in the portal (HubSpot's PROPERTY_DOESNT_EXIST), from the JSON
 * list in "Property values were not valid: [...]" or the plain `Property "x" does not exist`.
 */
export function missingPropertyNames(message: string): string[] {
  const names = new Set<string>();
  const start = message.indexOf('[');
  if (start >= 0) {
    try {
      const list: unknown = JSON.parse(message.slice(start));
      if (Array.isArray(list)) {
        for (const item of list as Array<{ error?: unknown; name?: unknown }>) {
          if (item?.error === 'PROPERTY_DOESNT_EXIST' && typeof item.name === 'string') names.add(item.name);
        }
      }
    } catch {
      // Not JSON: fall through to the quoted-name pattern.
    }
  }
  for (const m of message.matchAll(/Property "?\\?"?([a-z0-9_]+)\\?"?"? does not exist/gi)) names.add(m[1]);
  return [...names];
}
