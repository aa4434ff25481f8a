import { randomBytes } from 'node:crypto';
import { HubspotRedis } from './hubspot-redis.types';

// Both act only while the key still holds our token: a lock that expired and was taken by another
// process is never extended or released by us.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/** A held lock; release() is safe to call more than once. */
export interface HeldLock {
  readonly key: string;
  release(): Promise<void>;
}

export interface LockOptions {
  /** Lease: a crashed holder's lock frees itself after this long. */
  ttlMs: number;
  /** Keep extending the lease while held (for work of unknown length). */
  renew?: boolean;
}

/** Mutual exclusion across processes: SET key token NX PX ttl, released with compare-and-delete. */
export class RedisLock {
  constructor(private readonly redis: HubspotRedis) {}

  async tryAcquire(key: string, { ttlMs, renew = false }: LockOptions): Promise<HeldLock | null> {
    const token = randomBytes(16).toString('hex');
    const ok = await this.redis.set(key, token, 'PX', ttlMs, 'NX');
    if (ok !== 'OK') return null;
    const timer = renew
      ? setInterval(
          () => void this.redis.eval(EXTEND, 1, key, token, String(ttlMs)).catch(() => undefined),
          Math.floor(ttlMs / 3),
        )
      : undefined;
    timer?.unref();
    let released = false;
    return {
      key,
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(timer);
        await this.redis.eval(RELEASE, 1, key, token);
      },
    };
  }
}
