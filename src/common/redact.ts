const PATTERNS: Array<[RegExp, string]> = [
  [/(bearer\s+)[\w.~+/=-]+/gi, '$1[REDACTED]'],
  [/\bpat-[a-z0-9]+-[\w-]+/gi, '[REDACTED]'],
  // key=value and "key":"value" forms, lowercase keys as in query strings and JSON (not prose about env vars).
  [
    /\b((?:access_token|refresh_token|client_secret|password|secret|token|authorization)["']?\s*[:=]\s*["']?)[^"'\s&,}]{6,}/g,
    '$1[REDACTED]',
  ],
  [/(\/\/[^:/\s]+:)[^@/\s]+@/g, '$1[REDACTED]@'],
];

/** Removes tokens, secrets and URL passwords from a log line; `known` are exact secret values to mask too. */
export function redact(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const secret of known) {
    if (secret.length >= 6) out = out.split(secret).join('[REDACTED]');
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
