import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Per-object mutex in Redis, so events of one object are handled one at a time across every worker
 * process. The lease is renewed while held; a crashed holder's lease expires after ttlMs.
 */
export class ObjectLock {
  constructor(
    private readonly redis: () => Redis,
    private readonly keyPrefix: string,
    private readonly ttlMs = 30_000,
  ) {}

  async acquire(name: string): Promise<HeldLock | undefined> {
    const key = `${this.keyPrefix}${name}`;
    const token = randomUUID();
    const ok = await this.redis().set(key, token, 'PX', this.ttlMs, 'NX');
    if (ok !== 'OK') return undefined;
    const timer = setInterval(
      () => {
        this.redis()
          .eval(EXTEND, 1, key, token, String(this.ttlMs))
          .catch(() => undefined);
      },
      Math.floor(this.ttlMs / 3),
    );
    timer.unref();
    return {
      release: async () => {
        clearInterval(timer);
        await this.redis().eval(RELEASE, 1, key, token);
      },
    };
  }
}
