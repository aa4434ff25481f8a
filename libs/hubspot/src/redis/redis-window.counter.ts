import { HubspotRedis } from './hubspot-redis.types';

// INCR, and start the window's expiry on its first hit; PTTL says when the window ends.
const HIT = `local n = redis.call('incr', KEYS[1])
if n == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end
return {n, redis.call('pttl', KEYS[1])}`;

export interface WindowHit {
  /** Hits in the current window, this one included. */
  count: number;
  /** Time until the window ends, ms. */
  resetInMs: number;
}

/** Fixed-window hit counter shared by every process through Redis (one key per window and subject). */
export class RedisWindowCounter {
  constructor(private readonly redis: HubspotRedis) {}

  async hit(key: string, windowMs: number): Promise<WindowHit> {
    const [count, ttl] = (await this.redis.eval(HIT, 1, key, String(windowMs))) as [number, number];
    return { count, resetInMs: ttl > 0 ? ttl : windowMs };
  }
}
