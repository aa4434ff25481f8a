import { OAuthReturnToError } from '../../errors/oauth-return-to.error';

const MAX_LENGTH = 2048;
/** C0 controls, DEL and backslashes: browsers strip or rewrite them, so what we checked is not what they follow. */
const unsafe = (value: string): boolean =>
  [...value].some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f' || c === '\\');

/**
 * Resolves an install's `returnTo` against the app's own origin (that of `auth.redirectUri`) the way a
 * browser would, and accepts it only when it stays on that origin. Returns the path (with query and
 * fragment) the callback may redirect to, or undefined when none was asked for.
 */
export function resolveReturnTo(value: unknown, appOrigin: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new OAuthReturnToError('given more than once');
  if (value.length > MAX_LENGTH) throw new OAuthReturnToError(`longer than ${MAX_LENGTH} characters`);
  if (unsafe(value)) throw new OAuthReturnToError('control character or backslash');
  let url: URL;
  try {
    url = new URL(value, appOrigin);
  } catch {
    throw new OAuthReturnToError('not a URL');
  }
  if (url.origin !== appOrigin) throw new OAuthReturnToError('another origin');
  const path = `${url.pathname}${url.search}${url.hash}`;
  // '/.//host' resolves to the path '//host', which a browser reads as another origin.
  if (path.startsWith('//')) throw new OAuthReturnToError('another origin');
  return path;
}

/** `target` with `portalId` added to its query (before any fragment); relative targets stay relative. */
export function withPortalId(target: string, portalId: number): string {
  const placeholder = 'http://relative.invalid';
  const url = new URL(target, placeholder);
  url.searchParams.set('portalId', String(portalId));
  return url.origin === placeholder ? `${url.pathname}${url.search}${url.hash}` : url.toString();
}
