import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';

// Deletes the key only if it still holds our token: a lock that expired and was taken by another
// process is never released by us.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** A held lock; release() is safe to call more than once. */
export interface HeldLock {
  readonly key: string;
  release(): Promise<void>;
}

/** Mutual exclusion across processes: SET key token NX PX ttl, released with compare-and-delete. */
export class RedisLock {
  constructor(private readonly redis: Redis) {}

  async tryAcquire(key: string, ttlMs: number): Promise<HeldLock | null> {
    const token = randomBytes(16).toString('hex');
    const ok = await this.redis.set(key, token, 'PX', ttlMs, 'NX');
    if (ok !== 'OK') return null;
    let released = false;
    return {
      key,
      release: async () => {
        if (released) return;
        released = true;
        await this.redis.eval(RELEASE, 1, key, token);
      },
    };
  }
}
