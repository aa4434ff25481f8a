import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { OAuthStateError } from '../../errors/oauth-state.error';

export interface OAuthStatePayload {
  /** Random nonce; also the key for single use. */
  nonce: string;
  /** Expiry, epoch ms. */
  expiresAt: number;
  /** Optional path the host wants the browser sent to after install. */
  returnTo?: string;
  /** Hash of the nonce in the browser's install cookie: the callback must come from that browser. */
  browser: string;
}

/**
 * Signs the OAuth `state` so the callback can tell its own installs from forged ones without storing
 * anything: `base64url(json).base64url(HMAC-SHA256)`, with an expiry inside the signed part.
 */
export class OAuthStateSigner {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    // A key of its own (HKDF), so the state MAC never equals anything else computed with the client secret.
    this.key = Buffer.from(hkdfSync('sha256', secret, 'hubspot-sync', 'oauth-state-v1', 32));
  }

  sign(extra: { browser: string; returnTo?: string }): string {
    const payload: OAuthStatePayload = {
      nonce: randomBytes(16).toString('base64url'),
      expiresAt: this.now() + this.ttlMs,
      browser: extra.browser,
      ...(extra.returnTo ? { returnTo: extra.returnTo } : {}),
    };
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  verify(state: string | undefined): OAuthStatePayload {
    if (!state) throw new OAuthStateError('missing');
    const parts = state.split('.');
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new OAuthStateError('malformed');
    const [body, sig] = parts;
    const expected = this.mac(body);
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new OAuthStateError('bad-signature');
    }
    let payload: OAuthStatePayload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as OAuthStatePayload;
    } catch {
      throw new OAuthStateError('malformed');
    }
    if (
      typeof payload.expiresAt !== 'number' ||
      typeof payload.nonce !== 'string' ||
      typeof payload.browser !== 'string'
    ) {
      throw new OAuthStateError('malformed');
    }
    if (payload.expiresAt <= this.now()) throw new OAuthStateError('expired');
    return payload;
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }
}
