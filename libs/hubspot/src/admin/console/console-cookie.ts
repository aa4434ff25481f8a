import { parse, serialize, SerializeOptions } from 'cookie';
import { ConsoleRequest, ConsoleResponse } from './console-http.types';

/** Name of the console's session cookie. */
export const CONSOLE_COOKIE = 'hubspot_console';

/** The session id the browser sent, if any. */
export function sessionIdOf(req: ConsoleRequest): string | undefined {
  const header = req.headers.cookie;
  return typeof header === 'string' ? parse(header)[CONSOLE_COOKIE] : undefined;
}

/**
 * HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Secure when the request
 * came over https (`req.secure` honours the host's `trust proxy`), scoped to the console's path.
 */
function options(req: ConsoleRequest, path: string): SerializeOptions {
  return { httpOnly: true, sameSite: 'strict', secure: req.secure === true, path };
}

export function setSessionCookie(
  req: ConsoleRequest,
  res: ConsoleResponse,
  path: string,
  id: string,
  ttlMs: number,
): void {
  const maxAge = Math.floor(ttlMs / 1000);
  res.setHeader('Set-Cookie', serialize(CONSOLE_COOKIE, id, { ...options(req, path), maxAge }));
}

export function clearSessionCookie(req: ConsoleRequest, res: ConsoleResponse, path: string): void {
  res.setHeader('Set-Cookie', serialize(CONSOLE_COOKIE, '', { ...options(req, path), maxAge: 0 }));
}
