/** OAuth endpoints that carry a token in their path (introspection, revocation). */
const TOKEN_IN_PATH = /^(\/oauth\/v1\/(?:access-tokens|refresh-tokens)\/)[^/?]+/;

/** The request path as it may appear in logs, errors and telemetry: never with a token in it. */
export function redactPath(path: string): string {
  return path.replace(TOKEN_IN_PATH, '$1[redacted]');
}
