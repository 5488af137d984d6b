import { describe, expect, it } from 'vitest';
import {
  announceStep,
  formatClockTime,
  formatCountdown,
  formatDurationWords,
  secondsLeft,
} from '../../../src/renderer/src/lib/countdown';

describe('secondsLeft', () => {
  it('rounds up so the last partial second still shows', () => {
    expect(secondsLeft(10_000, 9_001)).toBe(1);
    expect(secondsLeft(10_000, 10_000)).toBe(0);
    expect(secondsLeft(10_000, 12_000)).toBe(0);
    expect(secondsLeft(300_000, 0)).toBe(300);
  });
});

describe('formatCountdown', () => {
  it('shows minutes and two-digit seconds', () => {
    expect(formatCountdown(299, 'en')).toBe('4:59');
    expect(formatCountdown(7, 'fi')).toBe('0:07');
    expect(formatCountdown(0, 'es')).toBe('0:00');
    expect(formatCountdown(60, 'sv')).toBe('1:00');
  });

  it('adds hours past an hour and never shows negatives', () => {
    expect(formatCountdown(3723, 'en')).toBe('1:02:03');
    expect(formatCountdown(-5, 'en')).toBe('0:00');
  });
});

describe('formatDurationWords', () => {
  it('says minutes in the language', () => {
    expect(formatDurationWords(240, 'en')).toBe('4 minutes');
    expect(formatDurationWords(60, 'en')).toBe('1 minute');
    expect(formatDurationWords(240, 'fi')).toBe('4 minuuttia');
    expect(formatDurationWords(240, 'es')).toBe('4 minutos');
    expect(formatDurationWords(240, 'sv')).toBe('4 minuter');
  });

  it('says seconds under two minutes unless whole', () => {
    expect(formatDurationWords(30, 'en')).toBe('30 seconds');
    expect(formatDurationWords(90, 'en')).toBe('90 seconds');
    expect(formatDurationWords(7200, 'en')).toBe('2 hours');
  });
});

describe('announceStep', () => {
  it('changes only when a step is crossed', () => {
    const spoken = new Set<number>();
    for (let s = 300; s >= 0; s--) spoken.add(announceStep(s));
    expect([...spoken]).toEqual([300, 240, 180, 120, 60, 30, 20, 10, 5, 0]);
  });

  it('holds the step between crossings', () => {
    expect(announceStep(299)).toBe(300);
    expect(announceStep(241)).toBe(300);
    expect(announceStep(240)).toBe(240);
    expect(announceStep(29)).toBe(30);
    expect(announceStep(4)).toBe(5);
  });

  it('returns the time itself above the largest step', () => {
    expect(announceStep(4000)).toBe(4000);
  });
});

describe('formatClockTime', () => {
  const now = new Date(2026, 10, 27, 9, 0).getTime();

  it('is just the time today', () => {
    const at = new Date(2026, 10, 27, 9, 15).getTime();
    expect(formatClockTime(at, now, 'en-GB')).toBe('9:15');
    expect(formatClockTime(at, now, 'fi')).toBe('9.15');
  });

  it('names the weekday within a week and the date after', () => {
    const tomorrow = new Date(2026, 10, 28, 9, 15).getTime();
    expect(formatClockTime(tomorrow, now, 'en-GB')).toMatch(/Saturday.*9:15/);
    const later = new Date(2026, 11, 20, 9, 15).getTime();
    expect(formatClockTime(later, now, 'en-GB')).toMatch(/20 Dec 2026/);
  });
});
