import { HubspotDailyLimitError } from '../../errors';
import { Lane } from '../hubspot-request.types';

/**
 * HubSpot's daily budget resets at midnight in the account's time zone. Returns the next such
 * midnight after `now` as an absolute Date.
 */
export function nextDailyReset(timeZone: string, now = new Date()): Date {
  const local = wallClock(timeZone, now);
  // Midnight of the next local day, expressed as if it were UTC, then shifted by the zone's offset.
  const nextMidnightAsUtc = Date.UTC(local.year, local.month - 1, local.day + 1);
  const guess = new Date(nextMidnightAsUtc - offsetMs(timeZone, now));
  // Correct once for a DST change between now and midnight.
  return new Date(nextMidnightAsUtc - offsetMs(timeZone, guess));
}

/** Building a formatter costs far more than using one; every settled permit asks for its portal's reset. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

function wallClock(timeZone: string, at: Date) {
  const parts = formatter(timeZone).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** Offset of the zone from UTC at `at`, in ms (positive east of Greenwich). */
function offsetMs(timeZone: string, at: Date): number {
  const w = wallClock(timeZone, at);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** What the limiter throws instead of calling: bulk work below the reserve, or any work once spent. */
export function dailyGovernorError(
  portalId: number,
  lane: Lane,
  remaining: number,
  resetAt: Date,
): HubspotDailyLimitError {
  const reserveHeld = remaining > 0;
  const message = reserveHeld
    ? `Daily budget of portal ${portalId} is down to its reserve (${remaining} left): ${lane} work parks until ${resetAt.toISOString()}`
    : `Daily budget of portal ${portalId} is spent until ${resetAt.toISOString()}`;
  return new HubspotDailyLimitError(message, resetAt, { portalId, category: 'DAILY' }, reserveHeld);
}
