/** Keys whose values are credentials wherever they appear in a payload. */
const SECRET_KEY =
  /(token|secret|password|passwd|authorization|api[-_]?key|cookie|credential|private[-_]?key)/i;
/** Values that are credentials whatever their key: bearer headers and HubSpot private-app tokens. */
const SECRET_VALUE = /^(bearer\s+\S+|pat-[a-z]{2}\d-[0-9a-f-]{20,})$/i;
export const REDACTED = '[redacted]';

/** A deep copy of `value` with credentials replaced, for showing payloads to operators. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value === 'string') return SECRET_VALUE.test(value.trim()) ? REDACTED : value;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, SECRET_KEY.test(key) ? REDACTED : redactSecrets(v)]),
  );
}
