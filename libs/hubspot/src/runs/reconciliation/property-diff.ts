import { SourcePropertyValue } from '../../crm/sources/source.types';

/** Mapped properties whose HubSpot value differs from local truth; empty when the record is in step. */
export function driftedProperties(
  local: Record<string, SourcePropertyValue>,
  remote: Record<string, string | null | undefined>,
): string[] {
  return Object.keys(local).filter((name) => !sameValue(local[name], remote[name]));
}

/**
 * HubSpot stores every value as a string and may render it differently from what was sent: booleans as
 * 'true'/'false', numbers without trailing zeros, dates as ISO strings for an epoch-ms input, and an unset
 * value as null or ''. Two values are the same when they mean the same.
 */
export function sameValue(
  local: SourcePropertyValue | undefined,
  remote: string | null | undefined,
): boolean {
  const l = local === null || local === undefined ? '' : String(local).trim();
  const r = remote === null || remote === undefined ? '' : remote.trim();
  if (l === r) return true;
  if (!l || !r) return false;
  if (typeof local === 'boolean' || /^(true|false)$/i.test(l)) return l.toLowerCase() === r.toLowerCase();
  const ln = Number(l);
  const rn = Number(r);
  if (Number.isFinite(ln) && Number.isFinite(rn)) return ln === rn;
  const lt = asEpoch(l);
  const rt = asEpoch(r);
  return lt !== null && lt === rt;
}

function asEpoch(value: string): number | null {
  if (/^\d{10,14}$/.test(value)) return Number(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(t) ? null : t;
}
