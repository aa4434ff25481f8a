import { PropertyValidationError } from '../http/api-error';
import { PropertyDef } from './default-properties';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** Turns one input value into HubSpot's stored string form, or a validation error. */
export function normalizeValue(
  def: PropertyDef,
  raw: unknown,
): { value?: string; error?: PropertyValidationError } {
  if (raw === null || raw === undefined || raw === '') return { value: '' };
  const str = typeof raw === 'string' ? raw : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
  const fail = (error: string, message: string): { error: PropertyValidationError } => ({
    error: { isValid: false, message, error, name: def.name, localizedErrorMessage: message },
  });
  if (def.name === 'email') {
    const email = str.trim().toLowerCase();
    return EMAIL_RE.test(email) ? { value: email } : fail('INVALID_EMAIL', `Email address ${str} is invalid`);
  }
  switch (def.type) {
    case 'number':
      return Number.isFinite(Number(str)) && str.trim() !== ''
        ? { value: str.trim() }
        : fail('INVALID_INTEGER', `${str} was not a valid number.`);
    case 'bool':
      if (/^(true|false)$/i.test(str)) return { value: str.toLowerCase() };
      return fail('INVALID_BOOLEAN', `${str} was not a valid boolean.`);
    case 'datetime':
    case 'date': {
      const ms = /^-?\d+$/.test(str) ? Number(str) : Date.parse(str);
      if (!Number.isFinite(ms)) return fail('INVALID_DATE', `${str} was not a valid date.`);
      if (def.type === 'date') {
        if (ms % 86_400_000 !== 0) {
          return fail('INVALID_DATE', `${str} is at ${new Date(ms).toISOString()} UTC, not midnight!`);
        }
        return { value: new Date(ms).toISOString().slice(0, 10) };
      }
      return { value: new Date(ms).toISOString() };
    }
    case 'enumeration': {
      if (def.options.length === 0) return { value: str };
      const allowed = new Set(def.options.map((o) => o.value));
      const parts = def.fieldType === 'checkbox' ? str.split(';') : [str];
      const bad = parts.find((p) => !allowed.has(p));
      if (bad === undefined) return { value: str };
      return fail('INVALID_OPTION', `${bad} was not one of the allowed options: ${[...allowed].join(', ')}`);
    }
    default:
      if (def.name === 'hs_note_body' && str.length > 65_536) {
        return fail('INVALID_LENGTH', `hs_note_body value is too long (${str.length} > 65536)`);
      }
      return { value: str };
  }
}

/** Numeric view of a stored value for comparisons (dates compare as epoch ms). */
export function comparable(value: string): number | undefined {
  if (value === '') return undefined;
  const n = Number(value);
  if (Number.isFinite(n)) return n;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}
