/**
 * Periods of an audit command as instants. "today" is the admin's today: Teams sends the client's time
 * zone with each message (`localTimezone`, an IANA name), so days start at the admin's midnight; without
 * one they start at midnight UTC. Spans ("last 7 days") are counted back from now. Cards show the result
 * in UTC, saying so, so what was listed is never in doubt.
 */
import type { AuditPeriod } from './auditCommand';

/** A time range: `since` inclusive, `until` exclusive, ISO. */
export interface TimeRange {
  readonly since?: string;
  readonly until?: string;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The IANA time zone if the runtime knows it, else "UTC". */
export function knownTimeZone(zone: unknown): string {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

/** The instants a period covers, for an admin in `timeZone` at `now`. */
export function resolvePeriod(period: AuditPeriod, now: Date, timeZone: string): TimeRange {
  const zone = knownTimeZone(timeZone);
  switch (period.kind) {
    case 'today':
      return { since: startOfDay(localDate(now, zone), zone) };
    case 'yesterday': {
      const today = localDate(now, zone);
      return { since: startOfDay(addDays(today, -1), zone), until: startOfDay(today, zone) };
    }
    case 'days':
      return { since: new Date(now.getTime() - period.count * DAY_MS).toISOString() };
    case 'hours':
      return { since: new Date(now.getTime() - period.count * HOUR_MS).toISOString() };
    case 'date': {
      const day = parseDate(period.date);
      return { since: startOfDay(day, zone), until: startOfDay(addDays(day, 1), zone) };
    }
    case 'since':
      return { since: startOfDay(parseDate(period.date), zone) };
  }
}

interface Day {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function parseDate(date: string): Day {
  const [year, month, day] = date.split('-').map(Number);
  return { year: year!, month: month!, day: day! };
}

function addDays(day: Day, days: number): Day {
  const date = new Date(Date.UTC(day.year, day.month - 1, day.day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** The calendar day it is at `instant` in `zone`. */
function localDate(instant: Date, zone: string): Day {
  const parts = wallClock(instant.getTime(), zone);
  return { year: parts.year, month: parts.month, day: parts.day };
}

/** The instant a day starts in `zone` (DST-aware: the offset is taken at that very instant). */
function startOfDay(day: Day, zone: string): string {
  const midnightUtc = Date.UTC(day.year, day.month - 1, day.day);
  let start = midnightUtc - offsetAt(midnightUtc, zone);
  const again = offsetAt(start, zone);
  if (midnightUtc - again !== start) start = midnightUtc - again;
  return new Date(start).toISOString();
}

/** How far `zone`'s wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(instantMs: number, zone: string): number {
  const p = wallClock(instantMs, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

function wallClock(instantMs: number, zone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(new Date(instantMs));
  const get = (type: string): number => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}
