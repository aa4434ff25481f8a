import { ResolvedLimits } from '../emulator.options';
import { dayKey } from './time-zone';
import { RollingWindow } from './rolling-window';

export type Bucket = 'standard' | 'search' | 'associations' | 'none';
export type PolicyName = 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY';

interface PortalWindows {
  standard: RollingWindow;
  associations: RollingWindow;
  search: RollingWindow;
  day: string;
  dayCheckedAt: number;
  dailyUsed: number;
  maxInWindow: number;
}

export interface LimitOutcome {
  headers: Record<string, string>;
  /** Set when the request is refused. */
  policy?: PolicyName;
  /** Which rolling window refused it (the associations one has its own group name). */
  window?: 'general' | 'associations';
  retryAfterMs?: number;
}

const MESSAGES: Record<PolicyName, string> = {
  TEN_SECONDLY_ROLLING: 'You have reached your ten_secondly_rolling limit.',
  SECONDLY: 'You have reached your secondly limit.',
  DAILY: 'You have reached your daily limit.',
};

/** Per-portal exact rolling windows (standard, associations, search) and the daily budget. */
export class RateLimiter {
  private readonly portals = new Map<number, PortalWindows>();

  take(
    portalId: number,
    limits: ResolvedLimits,
    timeZone: string,
    bucket: Bucket,
    oauth: boolean,
    now: number,
  ): LimitOutcome {
    const w = this.windows(portalId);
    this.rollDay(w, timeZone, now);
    if (bucket === 'none') return { headers: {} };
    if (bucket === 'search') {
      if (w.dailyUsed >= limits.daily) return { headers: {}, policy: 'DAILY' };
      const n = w.search.tryTake(now, limits.searchWindowMs, limits.searchPerSecond);
      if (n < 0)
        return {
          headers: {},
          policy: 'SECONDLY',
          retryAfterMs: w.search.msUntilSlot(now, limits.searchWindowMs),
        };
      w.dailyUsed++;
      return { headers: {} };
    }
    if (bucket === 'associations' && limits.associationsCountAgainstGeneral) {
      return this.takeBoth(w, limits, oauth, now);
    }
    const win = bucket === 'associations' ? w.associations : w.standard;
    const max = bucket === 'associations' ? limits.associationsMaxPerWindow : limits.maxPerWindow;
    if (w.dailyUsed >= limits.daily) {
      return {
        headers: this.headers(limits, max, win.count(now, limits.windowMs), w, oauth, now, win),
        policy: 'DAILY',
      };
    }
    const n = win.tryTake(now, limits.windowMs, max);
    if (n < 0) {
      return {
        headers: this.headers(limits, max, max, w, oauth, now, win),
        policy: 'TEN_SECONDLY_ROLLING',
        window: bucket === 'associations' ? 'associations' : 'general',
        retryAfterMs: win.msUntilSlot(now, limits.windowMs),
      };
    }
    w.dailyUsed++;
    if (bucket === 'standard' && n > w.maxInWindow) w.maxInWindow = n;
    return { headers: this.headers(limits, max, n, w, oauth, now, win) };
  }

  /**
   * The safe reading of HubSpot's associations limit: the call needs a free slot in the general window
   * AND in the associations window, takes one in each, and reports the general window's headers.
   */
  private takeBoth(w: PortalWindows, limits: ResolvedLimits, oauth: boolean, now: number): LimitOutcome {
    const max = limits.maxPerWindow;
    const used = w.standard.count(now, limits.windowMs);
    const general = (n: number) => this.headers(limits, max, n, w, oauth, now, w.standard);
    if (w.dailyUsed >= limits.daily) return { headers: general(used), policy: 'DAILY' };
    if (used >= max) {
      return {
        headers: general(max),
        policy: 'TEN_SECONDLY_ROLLING',
        window: 'general',
        retryAfterMs: w.standard.msUntilSlot(now, limits.windowMs),
      };
    }
    if (w.associations.count(now, limits.windowMs) >= limits.associationsMaxPerWindow) {
      return {
        headers: general(used),
        policy: 'TEN_SECONDLY_ROLLING',
        window: 'associations',
        retryAfterMs: w.associations.msUntilSlot(now, limits.windowMs),
      };
    }
    const n = w.standard.tryTake(now, limits.windowMs, max);
    w.associations.tryTake(now, limits.windowMs, limits.associationsMaxPerWindow);
    w.dailyUsed++;
    if (n > w.maxInWindow) w.maxInWindow = n;
    return { headers: general(n) };
  }

  maxInAnyWindow(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [id, w] of this.portals) out[String(id)] = w.maxInWindow;
    return out;
  }

  dailyUsed(portalId: number): number {
    return this.portals.get(portalId)?.dailyUsed ?? 0;
  }

  reset(): void {
    this.portals.clear();
  }

  private headers(
    limits: ResolvedLimits,
    max: number,
    used: number,
    w: PortalWindows,
    oauth: boolean,
    now: number,
    win: RollingWindow,
  ): Record<string, string> {
    const secondly = Math.max(1, Math.floor(max / 10));
    const h: Record<string, string> = {
      'X-HubSpot-RateLimit-Max': String(max),
      'X-HubSpot-RateLimit-Remaining': String(Math.max(0, max - used)),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(limits.windowMs),
      'X-HubSpot-RateLimit-Secondly': String(secondly),
      'X-HubSpot-RateLimit-Secondly-Remaining': String(
        Math.max(0, secondly - win.countSince(now, Math.max(1, limits.windowMs / 10))),
      ),
    };
    if (!oauth) {
      h['X-HubSpot-RateLimit-Daily'] = String(limits.daily);
      h['X-HubSpot-RateLimit-Daily-Remaining'] = String(Math.max(0, limits.daily - w.dailyUsed));
    }
    return h;
  }

  private windows(portalId: number): PortalWindows {
    let w = this.portals.get(portalId);
    if (!w) {
      w = {
        standard: new RollingWindow(),
        associations: new RollingWindow(),
        search: new RollingWindow(),
        day: '',
        dayCheckedAt: 0,
        dailyUsed: 0,
        maxInWindow: 0,
      };
      this.portals.set(portalId, w);
    }
    return w;
  }

  private rollDay(w: PortalWindows, timeZone: string, now: number): void {
    if (now - w.dayCheckedAt < 1000) return;
    w.dayCheckedAt = now;
    const key = dayKey(now, timeZone);
    if (key !== w.day) {
      w.day = key;
      w.dailyUsed = 0;
    }
  }
}

export function rateLimitError(
  policy: PolicyName,
  correlationId: string,
  portalId: number,
  appId: number,
  window: 'general' | 'associations' = 'general',
): Record<string, unknown> {
  const group =
    policy === 'SECONDLY'
      ? `publicapi:search-secondly:${portalId}`
      : policy === 'DAILY'
        ? `publicapi:daily:${portalId}`
        : window === 'associations'
          ? `publicapi:associations-ten-secondly-rolling:${appId}:${portalId}`
          : `publicapi:app-ten-secondly-rolling:${appId}:${portalId}`;
  return {
    status: 'error',
    message: MESSAGES[policy],
    errorType: 'RATE_LIMIT',
    correlationId,
    policyName: policy,
    groupName: group,
  };
}
