import { timingSafeEqual } from 'node:crypto';
import { IncomingHttpHeaders } from 'node:http';

export const CONTROL_TOKEN_HEADER = 'x-emulator-control-token';

/** Whether the request carries the control token (constant-time compare). */
export function controlTokenMatches(headers: IncomingHttpHeaders, expected: string): boolean {
  const raw = headers[CONTROL_TOKEN_HEADER];
  const given = Buffer.from(Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? ''));
  const want = Buffer.from(expected);
  return given.length === want.length && timingSafeEqual(given, want);
}
