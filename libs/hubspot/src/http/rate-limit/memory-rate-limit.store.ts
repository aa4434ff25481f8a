import { LANES } from '../hubspot-request.types';
import {
  AcquireCommand,
  AcquireResult,
  BucketSpec,
  BudgetUsage,
  LANE_INDEX,
  RateLimitStore,
  SettleCommand,
  SettleResult,
} from './rate-limit.store';

interface BucketState {
  cfg?: { max: number; win: number };
  others: { value: number; until: number };
  observations: Array<{ at: number; value: number }>;
  /** lane -> waiterId -> expiry */
  lanes: Map<string, Map<string, number>>;
  /** slot id -> score */
  slots: Map<string, number>;
  /** slot id -> reservation time (pacing) */
  pacing: Map<string, number>;
}

/**
 * The same algorithm as the Redis Lua scripts (rate-limit.lua.ts), in one process. Used while Redis is
 * unreachable (with `share` < 1: a conservative slice of the window, since other processes may be
 * sending too) and in unit tests.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly shared = false;
  private readonly buckets = new Map<string, BucketState>();
  private readonly daily = new Map<number, { remaining: number; resetAt: number }>();

  constructor(
    private readonly share = 1,
    private readonly clock: () => number = Date.now,
  ) {}

  async acquire(cmd: AcquireCommand): Promise<AcquireResult> {
    const now = this.clock();
    const daily = this.dailyOf(cmd.portalId, now);
    if (daily) {
      const bulk = cmd.lane === 'reconcile' || cmd.lane === 'backfill';
      if (daily.remaining <= 0 || (bulk && daily.remaining < cmd.dailyReserve)) {
        return { admitted: 0, waitMs: 0, daily: { ...daily } };
      }
    }
    const s = this.state(cmd.portalId, cmd.bucket.bucket);
    let max = cmd.bucket.max;
    let win = cmd.bucket.windowMs;
    if (cmd.bucket.learned) {
      max = s.cfg?.max ?? max;
      win = s.cfg?.win ?? win;
      const others = s.others.until > now ? s.others.value : 0;
      max = Math.max(1, max - others - Math.ceil(Math.sqrt(others)));
    }
    max = Math.max(1, Math.floor(max * this.share));
    const want = cmd.ids.length;
    const n = count(s.slots, now, win);
    let free = Math.max(0, Math.min(want, max - n));
    const slices = cmd.bucket.slices;
    const pmax = Math.ceil(max / slices);
    const pspan = Math.floor(win / slices);
    const pn = slices > 1 ? count(s.pacing, now, pspan) : 0;
    if (slices > 1) free = Math.max(0, Math.min(free, pmax - pn));
    let wait = 0;
    if (free < want) {
      wait = untilFits(s.slots, n, max, win, now, free + 1, cmd.pollMs);
      if (slices > 1) wait = Math.max(wait, untilFits(s.pacing, pn, pmax, pspan, now, free + 1));
    }
    for (let i = 1; i < LANE_INDEX[cmd.lane]; i++) {
      const waiting = this.lane(s, LANES[i - 1]);
      for (const [id, until] of waiting) if (until <= now) waiting.delete(id);
      if (waiting.size > 0) {
        free = 0;
        if (wait === 0) wait = cmd.pollMs;
        break;
      }
    }
    const mine = this.lane(s, cmd.lane);
    if (free < cmd.ids.length) mine.set(cmd.waiterId, now + Math.max(wait, cmd.pollMs) * 2 + 250);
    else mine.delete(cmd.waiterId);
    for (const id of cmd.ids.slice(0, free)) {
      s.slots.set(id, now + cmd.leaseMs);
      if (slices > 1) s.pacing.set(id, now);
    }
    return { admitted: free, waitMs: wait };
  }

  async settle(cmd: SettleCommand): Promise<SettleResult> {
    const now = this.clock();
    const s = this.state(cmd.portalId, cmd.bucket.bucket);
    if (s.slots.has(cmd.id)) {
      if (cmd.sent) s.slots.set(cmd.id, now - Math.max(0, Math.floor(cmd.ageMs ?? 0)));
      else {
        s.slots.delete(cmd.id);
        s.pacing.delete(cmd.id);
      }
    }
    const h = cmd.headers ?? {};
    if (cmd.dailyExhausted) this.daily.set(cmd.portalId, { remaining: 0, resetAt: cmd.resetAt });
    else if (h.dailyRemaining !== undefined) {
      this.daily.set(cmd.portalId, { remaining: h.dailyRemaining, resetAt: cmd.resetAt });
    }
    if (
      cmd.bucket.learned &&
      h.max !== undefined &&
      h.intervalMs !== undefined &&
      h.remaining !== undefined
    ) {
      const win = h.intervalMs;
      s.cfg = { max: h.max, win };
      let ours = 0;
      for (const score of s.slots.values()) if (score >= now - win) ours++;
      s.observations = s.observations.filter((o) => o.at > now - win);
      s.observations.push({ at: now, value: h.max - h.remaining - ours });
      s.others = { value: Math.max(0, ...s.observations.map((o) => o.value)), until: now + win };
    }
    return { others: s.others.until > now ? s.others.value : 0 };
  }

  async usage(portalId: number, bucket: BucketSpec): Promise<BudgetUsage> {
    const now = this.clock();
    const s = this.state(portalId, bucket.bucket);
    const max = s.cfg?.max ?? bucket.max;
    const windowMs = s.cfg?.win ?? bucket.windowMs;
    const daily = this.dailyOf(portalId, now);
    return { used: count(s.slots, now, windowMs), max, windowMs, daily: daily && { ...daily } };
  }

  private dailyOf(portalId: number, now: number) {
    const d = this.daily.get(portalId);
    if (d && d.resetAt <= now) this.daily.delete(portalId);
    return this.daily.get(portalId);
  }

  private state(portalId: number, bucket: string): BucketState {
    const key = `${portalId}:${bucket}`;
    let s = this.buckets.get(key);
    if (!s) {
      s = {
        others: { value: 0, until: 0 },
        observations: [],
        lanes: new Map(),
        slots: new Map(),
        pacing: new Map(),
      };
      this.buckets.set(key, s);
    }
    return s;
  }

  private lane(s: BucketState, lane: string): Map<string, number> {
    let l = s.lanes.get(lane);
    if (!l) s.lanes.set(lane, (l = new Map()));
    return l;
  }
}

function count(window: Map<string, number>, now: number, span: number): number {
  for (const [id, score] of window) if (score <= now - span) window.delete(id);
  return window.size;
}

/** How long until `want` more slots fit; an unsettled slot (future score) means "poll". */
function untilFits(
  window: Map<string, number>,
  n: number,
  limit: number,
  span: number,
  now: number,
  want: number,
  pollMs?: number,
): number {
  if (n + want <= limit) return 0;
  const index = n - limit + want - 1;
  // Beyond the stored slots: one of those being admitted now must leave first.
  if (index >= n) return pollMs ?? span;
  const score = [...window.values()].sort((x, y) => x - y)[index];
  if (pollMs !== undefined && score > now) return pollMs;
  return Math.max(1, score + span - now);
}
