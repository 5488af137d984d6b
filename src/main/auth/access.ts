// Access conditions: which groups may sign in at this kiosk, and when (shift windows
// in the site's time zone). Pure: the engine calls it at the start of a sign-in (before a code
// is sent) and again at the end (just before the session opens).
import type { Policy, SecondFactor, ShiftWindow } from '../../shared/policy';
import type { User } from '../../shared/domain';

export type AccessRefusal =
  | { code: 'not_allowed_here' }
  | {
      code: 'outside_hours';
      /** When the next window opens (epoch ms); absent when none. */ retryAt?: number;
    };

export interface AccessInput {
  user: Pick<User, 'id' | 'role'>;
  groupIds: readonly number[];
  policy: Pick<Policy, 'kioskGroupIds' | 'shiftWindows'>;
  timeZone: string;
  now: number;
}

const MINUTE = 60_000;
/** Far enough to find the next opening of any weekly window, across DST changes. */
const SEARCH_DAYS = 8;

export function checkAccess(input: AccessInput): AccessRefusal | null {
  const { groupIds, policy, timeZone, now } = input;
  if (policy.kioskGroupIds.length > 0 && !policy.kioskGroupIds.some((g) => groupIds.includes(g))) {
    return { code: 'not_allowed_here' };
  }
  const windows = policy.shiftWindows.filter((w) => groupIds.includes(w.groupId));
  // A person whose groups have no window may sign in at any time.
  if (windows.length === 0) return null;
  if (windows.some((w) => windowOpenAt(w, now, timeZone))) return null;
  const retryAt = nextOpening(windows, now, timeZone);
  return retryAt === undefined ? { code: 'outside_hours' } : { code: 'outside_hours', retryAt };
}

/** The second factors a person must give: the union over their groups; managers always a PIN. */
export function requiredFactors(
  user: Pick<User, 'role'>,
  groupIds: readonly number[],
  policy: Pick<Policy, 'groupFactors'>,
): SecondFactor[] {
  const needed = new Set<SecondFactor>();
  if (user.role === 'manager') needed.add('pin');
  for (const entry of policy.groupFactors) {
    if (groupIds.includes(entry.groupId)) for (const f of entry.factors) needed.add(f);
  }
  // The PIN first: it is the step every kiosk can do; the app code comes after.
  return (['pin', 'totp'] as const).filter((f) => needed.has(f));
}

interface LocalTime {
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
  /** Days since 1970-01-01 of the local calendar date. */
  dayNumber: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function localTime(at: number, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(at))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const dayNumber = Math.floor(
    Date.UTC(parts.year!, parts.month! - 1, parts.day!) / (24 * 60 * MINUTE),
  );
  // 1970-01-01 was a Thursday (ISO 4).
  const weekday = ((((dayNumber + 3) % 7) + 7) % 7) + 1;
  return { weekday, minutes: (parts.hour! % 24) * 60 + parts.minute!, dayNumber };
}

function toMinutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return h! * 60 + m!;
}

/**
 * Open when local time lies in [from, to) on a listed start day, or (for a window past midnight)
 * in [00:00, to) the day after a listed start day. Wall-clock times: on a DST day a window keeps
 * its local hours (a 22:00–06:00 shift is an hour shorter or longer in real time).
 */
export function windowOpenAt(w: ShiftWindow, at: number, timeZone: string): boolean {
  const { weekday, minutes } = localTime(at, timeZone);
  const from = toMinutes(w.from);
  const to = toMinutes(w.to);
  const previousDay = weekday === 1 ? 7 : weekday - 1;
  if (to > from) return w.days.includes(weekday) && minutes >= from && minutes < to;
  // Crosses midnight (to <= from; equal means a full 24 hours).
  if (w.days.includes(weekday) && minutes >= from) return true;
  return w.days.includes(previousDay) && minutes < to;
}

/**
 * The first moment after `now` when one of the windows is open. Walks forward minute-aligned
 * candidates: each window start on each of the next days, found by stepping in UTC until the
 * local clock reaches it (robust to DST, where a local time may not exist or exist twice).
 */
function nextOpening(windows: ShiftWindow[], now: number, timeZone: string): number | undefined {
  let best: number | undefined;
  for (const w of windows) {
    const at = nextStart(w, now, timeZone);
    if (at !== undefined && (best === undefined || at < best)) best = at;
  }
  return best;
}

function nextStart(w: ShiftWindow, now: number, timeZone: string): number | undefined {
  const from = toMinutes(w.from);
  const start = Math.ceil((now + 1) / MINUTE) * MINUTE;
  const here = localTime(start, timeZone);
  for (let d = 0; d <= SEARCH_DAYS; d++) {
    const weekday = ((here.weekday - 1 + d) % 7) + 1;
    if (!w.days.includes(weekday)) continue;
    // Estimate the UTC instant of local (day + d, from) with the current offset, then correct.
    const offsetMinutes = Math.round((start - localAsUtc(here)) / MINUTE);
    const estimate =
      (here.dayNumber + d) * 24 * 60 * MINUTE + from * MINUTE + offsetMinutes * MINUTE;
    const found = settle(estimate, here.dayNumber + d, from, timeZone);
    if (found !== undefined && found >= start) return found;
  }
  return undefined;
}

/** The local wall time of `t` read as if it were UTC (for the offset). */
function localAsUtc(t: LocalTime): number {
  return (t.dayNumber * 24 * 60 + t.minutes) * MINUTE;
}

/**
 * The first instant whose local time is `minutes` on `dayNumber`, or, when that local time does
 * not exist (the DST jump), the first instant after it on that day.
 */
function settle(
  estimate: number,
  dayNumber: number,
  minutes: number,
  timeZone: string,
): number | undefined {
  // Offsets differ by at most a few hours: scan a window around the estimate minute by minute
  // only where needed, after two correction steps that settle the ordinary case.
  let t = estimate;
  for (let i = 0; i < 2; i++) {
    const lt = localTime(t, timeZone);
    const diff = dayNumber * 24 * 60 + minutes - (lt.dayNumber * 24 * 60 + lt.minutes);
    if (diff === 0) break;
    t += diff * MINUTE;
  }
  // Go back to the earliest instant with this local time (the repeated hour when clocks go back).
  for (let back = 0; back < 180; back++) {
    const prev = t - MINUTE;
    const lp = localTime(prev, timeZone);
    if (lp.dayNumber === dayNumber && lp.minutes === minutes) t = prev;
    else if (lp.dayNumber * 24 * 60 + lp.minutes < dayNumber * 24 * 60 + minutes) break;
    else t = prev;
  }
  const lt = localTime(t, timeZone);
  const target = dayNumber * 24 * 60 + minutes;
  const got = lt.dayNumber * 24 * 60 + lt.minutes;
  if (got === target) return t;
  // Skipped local time (clocks went forward): the window opens at the first instant after.
  if (got > target && lt.dayNumber === dayNumber) return t;
  return got > target ? t : undefined;
}
