/**
 * Legacy OAuth lookups carried the token in the path (`.../access-tokens/{token}`, `.../refresh-tokens/{token}`).
 * The module calls the dated endpoints, which take tokens in the body; a host's own call may still use these.
 */
const TOKEN_IN_PATH = /^(\/oauth\/[^/]+\/(?:access-tokens|refresh-tokens)\/)[^/?]+/;

/** The request path as it may appear in logs, errors and telemetry: never with a token in it. */
export function redactPath(path: string): string {
  return path.replace(TOKEN_IN_PATH, '$1[redacted]');
}
