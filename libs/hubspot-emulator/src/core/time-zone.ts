const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function parts(now: number, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(now))
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** Calendar day (YYYY-MM-DD) in the portal's time zone. */
export function dayKey(now: number, timeZone: string): string {
  const p = parts(now, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Offset of the zone from UTC in ms at `now` (positive east of Greenwich). */
export function utcOffsetMs(now: number, timeZone: string): number {
  const p = parts(now, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(now / 1000) * 1000;
}

/** Next local midnight as epoch ms. */
export function nextMidnight(now: number, timeZone: string): number {
  const offset = utcOffsetMs(now, timeZone);
  const local = now + offset;
  return local - (local % 86_400_000) + 86_400_000 - offset;
}

export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const abs = Math.abs(ms) / 60_000;
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}
