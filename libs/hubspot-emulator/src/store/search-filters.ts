import { validationError } from '../http/api-error';
import { PropertyDef } from './default-properties';
import { comparable } from './property-values';

export interface Filter {
  propertyName: string;
  operator: string;
  value?: unknown;
  highValue?: unknown;
  values?: unknown[];
}

const OPERATORS = new Set([
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
]);

export function checkFilter(f: Filter): void {
  if (!f || typeof f.propertyName !== 'string' || !OPERATORS.has(f.operator)) {
    throw validationError(`Invalid filter: ${JSON.stringify(f)}`);
  }
  if (f.operator === 'BETWEEN' && (f.value === undefined || f.highValue === undefined)) {
    throw validationError('BETWEEN needs value and highValue');
  }
  if ((f.operator === 'IN' || f.operator === 'NOT_IN') && !Array.isArray(f.values)) {
    throw validationError(`${f.operator} needs values`);
  }
}

const NUMERIC = new Set(['number', 'date', 'datetime']);

/** Compares a stored value with a filter value: numerically for numbers and dates, else case-insensitively. */
function compare(stored: string, wanted: unknown, def: PropertyDef | undefined): number {
  const w = String(wanted);
  if (def && NUMERIC.has(def.type)) {
    const a = comparable(stored);
    const b = comparable(w);
    if (a !== undefined && b !== undefined) return a - b;
  }
  const a = stored.toLowerCase();
  const b = w.toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}

function tokens(value: string): string[] {
  return value
    .toLowerCase()
    .split(/[\s,;]+/)
    .filter(Boolean);
}

function containsToken(stored: string, wanted: unknown): boolean {
  const w = String(wanted).toLowerCase();
  if (w.includes('*')) {
    const re = new RegExp(`^${w.split('*').map(escapeRe).join('.*')}$`, 'i');
    return re.test(stored) || tokens(stored).some((t) => re.test(t));
  }
  return (
    stored.toLowerCase() === w ||
    tokens(stored).includes(w) ||
    tokens(stored.replace(/[@.\-_]/g, ' ')).includes(w)
  );
}

function escapeRe(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether one record's value satisfies one filter. `value` is undefined when the property is unset. */
export function matches(f: Filter, value: string | undefined, def: PropertyDef | undefined): boolean {
  const has = value !== undefined && value !== '';
  switch (f.operator) {
    case 'HAS_PROPERTY':
      return has;
    case 'NOT_HAS_PROPERTY':
      return !has;
    case 'NEQ':
      return !has || compare(value!, f.value, def) !== 0;
    case 'NOT_IN':
      return !has || !(f.values ?? []).some((v) => compare(value!, v, def) === 0);
    case 'NOT_CONTAINS_TOKEN':
      return !has || !containsToken(value!, f.value);
  }
  if (!has) return false;
  switch (f.operator) {
    case 'EQ':
      return compare(value!, f.value, def) === 0;
    case 'LT':
      return compare(value!, f.value, def) < 0;
    case 'LTE':
      return compare(value!, f.value, def) <= 0;
    case 'GT':
      return compare(value!, f.value, def) > 0;
    case 'GTE':
      return compare(value!, f.value, def) >= 0;
    case 'BETWEEN':
      return compare(value!, f.value, def) >= 0 && compare(value!, f.highValue, def) <= 0;
    case 'IN':
      return (f.values ?? []).some((v) => compare(value!, v, def) === 0);
    case 'CONTAINS_TOKEN':
      return containsToken(value!, f.value);
    default:
      return false;
  }
}

export function sortValue(
  a: string | undefined,
  b: string | undefined,
  def: PropertyDef | undefined,
): number {
  if (a === undefined || a === '') return b === undefined || b === '' ? 0 : 1;
  if (b === undefined || b === '') return -1;
  return compare(a, b, def);
}
