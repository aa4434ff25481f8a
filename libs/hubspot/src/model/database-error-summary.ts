/**
 * A log-safe description of a database error: its class and driver code (e.g. `QueryFailedError
 * ER_PARSE_ERROR`). Driver messages quote the SQL near the failure and TypeORM's errors carry the query and
 * its parameters, which can hold personal data or whatever a caller sent: none of that is included.
 */
export function databaseErrorSummary(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown database error';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,64}$/.test(code) ? `${error.name} ${code}` : error.name;
}
