import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The configured admin token, compared in constant time. Hashing first makes both sides the same length, so
 * timingSafeEqual never leaks the token's length. Without a configured token nothing matches.
 */
export class AdminToken {
  private readonly digest?: Buffer;

  constructor(token: string | undefined) {
    if (token) this.digest = sha256(token);
  }

  matches(presented: unknown): boolean {
    return typeof presented === 'string' && !!this.digest && timingSafeEqual(sha256(presented), this.digest);
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
