import { LANES } from './hubspot-request.types';
import {
  AcquireCommand,
  AcquireResult,
  LANE_INDEX,
  RateLimitStore,
  SettleCommand,
  SettleResult,
} from './rate-limit.store';

interface PortalState {
  cfg?: { max: number; win: number };
  others: { value: number; until: number };
  observations: Array<{ at: number; value: number }>;
  daily?: { remaining: number; resetAt: number };
  /** lane registry key -> waiterId -> expiry */
  lanes: Map<string, Map<string, number>>;
  /** bucket -> slot id -> score */
  windows: Map<string, Map<string, number>>;
}

/**
 * The same algorithm as the Redis Lua scripts, in one process. Used when Redis is unreachable (with
 * `share` < 1: a conservative slice of the window, since other processes may be sending too) and in
 * unit tests.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly shared = false;
  private readonly portals = new Map<number, PortalState>();

  constructor(
    private readonly share = 1,
    private readonly clock: () => number = Date.now,
  ) {}

  async acquire(cmd: AcquireCommand): Promise<AcquireResult> {
    const now = this.clock();
    const s = this.state(cmd.portalId, now);
    if (s.daily) {
      const bulk = cmd.lane === 'reconcile' || cmd.lane === 'backfill';
      if (s.daily.remaining <= 0 || (bulk && s.daily.remaining < cmd.dailyReserve)) {
        return { admitted: 0, waitMs: 0, daily: { ...s.daily } };
      }
    }
    const others = s.others.until > now ? s.others.value : 0;
    let free = cmd.ids.length;
    let wait = 0;
    const wins: number[] = [];
    for (const b of cmd.buckets) {
      let max = b.max;
      let win = b.windowMs;
      if (b.kind !== 'fixed' && s.cfg) win = s.cfg.win;
      if (b.kind === 'learned') max = Math.max(1, (s.cfg?.max ?? max) - others);
      max = Math.max(1, Math.floor(max * this.share));
      const slots = this.window(s, b.bucket);
      for (const [id, score] of slots) if (score <= now - win) slots.delete(id);
      const room = max - slots.size;
      free = Math.min(free, Math.max(0, room));
      if (room <= 0) {
        const scores = [...slots.values()].sort((x, y) => x - y);
        const score = scores[slots.size - max];
        const w = score <= now ? Math.min(score + win - now + 1, win) : cmd.pollMs;
        wait = Math.max(wait, w);
      }
      wins.push(win);
    }
    for (let i = 1; i < LANE_INDEX[cmd.lane]; i++) {
      const waiting = this.lane(s, cmd.set, LANES[i - 1]);
      for (const [id, until] of waiting) if (until <= now) waiting.delete(id);
      if (waiting.size > 0) {
        free = 0;
        if (wait === 0) wait = cmd.pollMs;
        break;
      }
    }
    const mine = this.lane(s, cmd.set, cmd.lane);
    if (free < cmd.ids.length) mine.set(cmd.waiterId, now + Math.max(wait, cmd.pollMs) * 2 + 250);
    else mine.delete(cmd.waiterId);
    for (const id of cmd.ids.slice(0, free)) {
      for (const b of cmd.buckets) this.window(s, b.bucket).set(id, now + cmd.leaseMs);
    }
    return { admitted: free, waitMs: wait };
  }

  async settle(cmd: SettleCommand): Promise<SettleResult> {
    const now = this.clock();
    const s = this.state(cmd.portalId, now);
    for (const b of cmd.buckets) {
      const slots = this.window(s, b.bucket);
      if (!slots.has(cmd.id)) continue;
      if (cmd.sent) slots.set(cmd.id, now);
      else slots.delete(cmd.id);
    }
    const h = cmd.headers ?? {};
    if (cmd.dailyExhausted) s.daily = { remaining: 0, resetAt: cmd.resetAt };
    else if (h.dailyRemaining !== undefined) s.daily = { remaining: h.dailyRemaining, resetAt: cmd.resetAt };

    const learned = cmd.buckets.find((b) => b.kind === 'learned');
    if (learned && h.max !== undefined && h.intervalMs !== undefined && h.remaining !== undefined) {
      const win = h.intervalMs;
      s.cfg = { max: h.max, win };
      let ours = 0;
      for (const score of this.window(s, learned.bucket).values()) if (score >= now - win) ours++;
      s.observations = s.observations.filter((o) => o.at > now - win);
      s.observations.push({ at: now, value: h.max - h.remaining - ours });
      const value = Math.max(0, ...s.observations.map((o) => o.value));
      s.others = { value, until: now + win };
    }
    return { others: s.others.until > now ? s.others.value : 0 };
  }

  private state(portalId: number, now: number): PortalState {
    let s = this.portals.get(portalId);
    if (!s) {
      s = { others: { value: 0, until: 0 }, observations: [], lanes: new Map(), windows: new Map() };
      this.portals.set(portalId, s);
    }
    if (s.daily && s.daily.resetAt <= now) s.daily = undefined;
    return s;
  }

  private window(s: PortalState, bucket: string): Map<string, number> {
    let w = s.windows.get(bucket);
    if (!w) s.windows.set(bucket, (w = new Map()));
    return w;
  }

  private lane(s: PortalState, set: string, lane: string): Map<string, number> {
    const key = `${set}:${lane}`;
    let l = s.lanes.get(key);
    if (!l) s.lanes.set(key, (l = new Map()));
    return l;
  }
}
