import { ForbiddenException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { sessionIdOf } from './console-cookie';
import { ConsoleRequest } from './console-http.types';
import { ConsoleSession, ConsoleSessionStore } from './console-session.store';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The console session a request carries, if any. An unsafe request (POST, ...) in a session must also carry
 * the session's CSRF token in the X-CSRF-Token header, else 403: a page elsewhere cannot act with the cookie.
 */
export async function consoleSessionOf(
  req: ConsoleRequest,
  sessions: ConsoleSessionStore,
): Promise<ConsoleSession | null> {
  const session = await sessions.find(sessionIdOf(req));
  if (!session) return null;
  if (
    !SAFE_METHODS.has(req.method.toUpperCase()) &&
    !sameToken(req.headers[CSRF_HEADER], session.csrfToken)
  ) {
    throw new ForbiddenException('Missing or wrong CSRF token (header X-CSRF-Token)');
  }
  return session;
}

function sameToken(presented: string | string[] | undefined, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
