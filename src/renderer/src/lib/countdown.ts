// Countdowns and clock times for the screens. Pure, so the formatting and the spoken steps can be
// tested without a DOM; the language is passed in rather than read from i18next.

/** Whole seconds left until `until`, never negative; rounds up so "0:00" means it has ended. */
export function secondsLeft(until: number, now: number): number {
  return Math.max(0, Math.ceil((until - now) / 1000));
}

/** "4:59", "0:07", "1:02:03" — the digits a countdown shows, in the language's numerals. */
export function formatCountdown(seconds: number, language: string): string {
  const s = Math.max(0, Math.floor(seconds));
  const two = new Intl.NumberFormat(language, { minimumIntegerDigits: 2, useGrouping: false });
  const one = new Intl.NumberFormat(language, { useGrouping: false });
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const secs = s % 60;
  return hours > 0
    ? `${one.format(hours)}:${two.format(minutes)}:${two.format(secs)}`
    : `${one.format(minutes)}:${two.format(secs)}`;
}

/** "4 minutes", "30 seconds", "1 minute" in words, for screen readers and plain sentences. */
export function formatDurationWords(seconds: number, language: string): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600 && s % 3600 === 0) return unit(language, 'hour', s / 3600);
  if (s >= 120) return unit(language, 'minute', Math.round(s / 60));
  if (s >= 60 && s % 60 === 0) return unit(language, 'minute', s / 60);
  return unit(language, 'second', s);
}

function unit(language: string, name: 'hour' | 'minute' | 'second', value: number): string {
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: name,
    unitDisplay: 'long',
  }).format(value);
}

/**
 * Screen readers hear a countdown only at these steps (seconds left), not every second: the
 * live region's text changes when the time left crosses one of them.
 */
export const ANNOUNCE_STEPS = [600, 300, 240, 180, 120, 60, 30, 20, 10, 5, 0] as const;

/** The step to announce for this many seconds left: the smallest step at or above it. */
export function announceStep(seconds: number, steps: readonly number[] = ANNOUNCE_STEPS): number {
  let chosen = Number.POSITIVE_INFINITY;
  for (const step of steps) if (step >= seconds && step < chosen) chosen = step;
  return Number.isFinite(chosen) ? chosen : seconds;
}

/**
 * A local clock time for "try again at …": just the time when it is today, with the weekday
 * when it is within a week, with the date otherwise.
 */
export function formatClockTime(at: number, now: number, language: string): string {
  const when = new Date(at);
  const today = new Date(now);
  const sameDay = when.toDateString() === today.toDateString();
  const withinWeek = at - now < 6 * 24 * 3600 * 1000;
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: 'numeric', minute: '2-digit' }
    : withinWeek
      ? { weekday: 'long', hour: 'numeric', minute: '2-digit' }
      : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(language, options).format(when);
}
