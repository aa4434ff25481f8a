/**
 * The company key: a bare, lower-case host name. 'https://WWW.Acme.com:443/about' -> 'acme.com';
 * an email gives its domain ('ann@acme.com' -> 'acme.com').
 */
export function normaliseDomain(input: string): string {
  let value = input.trim().toLowerCase();
  const at = value.lastIndexOf('@');
  if (at >= 0 && !value.includes('/')) value = value.slice(at + 1);
  value = value.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  value = value.split(/[/?#]/, 1)[0];
  value = value
    .replace(/^[^@]*@/, '')
    .replace(/:\d+$/, '')
    .replace(/\.+$/, '')
    .replace(/^www\./, '');
  if (!value || !/^[a-z0-9.-]+$/.test(value) || !value.includes('.')) {
    throw new TypeError(`Not a company domain: '${input}'`);
  }
  return value;
}
