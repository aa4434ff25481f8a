import { StaticTokenKind } from '../emulator.options';
import { ApiError, INVALID_AUTH_MESSAGE } from '../http/api-error';

export interface TokenInfo {
  token: string;
  portalId: number;
  appId: number;
  kind: StaticTokenKind | 'oauth';
  /** Granted scopes; undefined = no scope checks (static tokens configured without scopes). */
  scopes?: string[];
  userId: number;
  /** OAuth access tokens only. */
  expiresAt?: number;
  refreshToken?: string;
  /** OAuth access tokens only: the app's client id. */
  clientId?: string;
}

/** Bearer token -> portal. Private-app tokens come from configuration; OAuth ones are issued at runtime. */
export class TokenRegistry {
  private readonly tokens = new Map<string, TokenInfo>();

  set(info: TokenInfo): void {
    this.tokens.set(info.token, info);
  }

  get(token: string): TokenInfo | undefined {
    return this.tokens.get(token);
  }

  delete(token: string): void {
    this.tokens.delete(token);
  }

  /** Drops every token of a portal of the given kind. */
  dropWhere(pred: (info: TokenInfo) => boolean): void {
    for (const [key, info] of this.tokens) if (pred(info)) this.tokens.delete(key);
  }

  authenticate(header: string | undefined, now: number): TokenInfo {
    if (!header || !/^Bearer\s+/i.test(header))
      throw new ApiError(401, 'INVALID_AUTHENTICATION', INVALID_AUTH_MESSAGE);
    const info = this.tokens.get(header.replace(/^Bearer\s+/i, '').trim());
    if (!info) throw new ApiError(401, 'INVALID_AUTHENTICATION', INVALID_AUTH_MESSAGE);
    if (info.expiresAt !== undefined && info.expiresAt <= now) {
      throw new ApiError(401, 'EXPIRED_AUTHENTICATION', expiredMessage(now - info.expiresAt), {
        context: { 'expire time': [new Date(info.expiresAt).toISOString()] },
      });
    }
    return info;
  }
}

function expiredMessage(agoMs: number): string {
  const s = Math.floor(agoMs / 1000);
  if (s < 60) return `The OAuth token used to make this call expired ${s} second(s) ago.`;
  if (s < 3600) return `The OAuth token used to make this call expired ${Math.floor(s / 60)} minute(s) ago.`;
  if (s < 86_400)
    return `The OAuth token used to make this call expired ${Math.floor(s / 3600)} hour(s) ago.`;
  return `The OAuth token used to make this call expired ${Math.floor(s / 86_400)} day(s) ago.`;
}
