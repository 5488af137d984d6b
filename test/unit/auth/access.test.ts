import { describe, expect, it } from 'vitest';
import { checkAccess, localTime, requiredFactors } from '../../../src/main/auth/access';
import { DEFAULT_POLICY, type ShiftWindow } from '../../../src/shared/policy';

const worker = { id: 1, role: 'worker' as const };
const HELSINKI = 'Europe/Helsinki';

function access(
  at: string,
  shiftWindows: ShiftWindow[],
  opts: { groupIds?: number[]; kioskGroupIds?: number[]; timeZone?: string } = {},
) {
  return checkAccess({
    user: worker,
    groupIds: opts.groupIds ?? [1],
    policy: { kioskGroupIds: opts.kioskGroupIds ?? [], shiftWindows },
    timeZone: opts.timeZone ?? HELSINKI,
    now: Date.parse(at),
  });
}

const weekdays = [1, 2, 3, 4, 5];
const day: ShiftWindow = { groupId: 1, days: weekdays, from: '06:00', to: '14:00' };
const night: ShiftWindow = { groupId: 1, days: [5], from: '22:00', to: '06:00' };

describe('kiosk groups', () => {
  it('lets everyone in when the list is empty, and only listed groups otherwise', () => {
    expect(access('2026-11-27T10:00:00Z', [])).toBeNull();
    expect(access('2026-11-27T10:00:00Z', [], { kioskGroupIds: [2, 3] })).toEqual({
      code: 'not_allowed_here',
    });
    expect(
      access('2026-11-27T10:00:00Z', [], { kioskGroupIds: [2, 3], groupIds: [1, 3] }),
    ).toBeNull();
    expect(access('2026-11-27T10:00:00Z', [], { kioskGroupIds: [2], groupIds: [] })).toEqual({
      code: 'not_allowed_here',
    });
  });
});

describe('shift windows in the site time zone', () => {
  it('reads local time, not UTC (Friday 27 Nov 2026, Helsinki is UTC+2)', () => {
    expect(localTime(Date.parse('2026-11-27T04:30:00Z'), HELSINKI)).toMatchObject({
      weekday: 5,
      minutes: 6 * 60 + 30,
    });
    expect(access('2026-11-27T04:30:00Z', [day])).toBeNull(); // 06:30 local
    expect(access('2026-11-27T03:59:00Z', [day])).toEqual({
      code: 'outside_hours',
      retryAt: Date.parse('2026-11-27T04:00:00Z'),
    });
    expect(access('2026-11-27T12:00:00Z', [day])).toEqual({
      code: 'outside_hours',
      // Friday 14:00 local: next opening is Monday 06:00 local.
      retryAt: Date.parse('2026-11-30T04:00:00Z'),
    });
  });

  it('a window past midnight stays open into the next day', () => {
    // Friday 23:00 and Saturday 05:59 local are in; Saturday 06:00 is out.
    expect(access('2026-11-27T21:00:00Z', [night])).toBeNull();
    expect(access('2026-11-28T03:59:00Z', [night])).toBeNull();
    expect(access('2026-11-28T04:00:00Z', [night])).toEqual({
      code: 'outside_hours',
      retryAt: Date.parse('2026-12-04T20:00:00Z'),
    });
    // Friday 05:00 local is not in: the window starts on Fridays, not Thursdays.
    expect(access('2026-11-27T03:00:00Z', [night])).toMatchObject({ code: 'outside_hours' });
  });

  it('keeps wall-clock hours across DST (Helsinki: clocks go forward 29 Mar 2026)', () => {
    const sunday: ShiftWindow = { groupId: 1, days: [7], from: '06:00', to: '14:00' };
    // Sunday 29 March 2026, 06:00 local is 03:00Z (UTC+3 after the change at 01:00Z).
    expect(access('2026-03-29T02:59:00Z', [sunday])).toEqual({
      code: 'outside_hours',
      retryAt: Date.parse('2026-03-29T03:00:00Z'),
    });
    expect(access('2026-03-29T03:00:00Z', [sunday])).toBeNull();
    // From Saturday, before the change, the next opening still lands on the new offset.
    expect(access('2026-03-28T12:00:00Z', [sunday])).toMatchObject({
      retryAt: Date.parse('2026-03-29T03:00:00Z'),
    });
    // The window opening inside the skipped hour (03:00–04:00 local) opens at 04:00 local.
    const skipped: ShiftWindow = { groupId: 1, days: [7], from: '03:30', to: '05:00' };
    expect(access('2026-03-29T00:00:00Z', [skipped])).toMatchObject({
      retryAt: Date.parse('2026-03-29T01:00:00Z'),
    });
  });

  it('autumn: a night shift on the day clocks go back (25 Oct 2026) has its local hours', () => {
    const saturdayNight: ShiftWindow = { groupId: 1, days: [6], from: '22:00', to: '06:00' };
    // Sunday 05:30 local (UTC+2 after 01:00Z) is 03:30Z: still in; 06:00 local = 04:00Z out.
    expect(access('2026-10-25T03:30:00Z', [saturdayNight])).toBeNull();
    expect(access('2026-10-25T04:00:00Z', [saturdayNight])).toMatchObject({
      code: 'outside_hours',
    });
  });

  it('anywhere else: New York with its own DST date', () => {
    const ny = { timeZone: 'America/New_York' };
    // Monday 9 March 2026 09:00 local is 13:00Z (EDT since 8 March).
    const w: ShiftWindow = { groupId: 1, days: [1], from: '09:00', to: '17:00' };
    expect(access('2026-03-09T13:00:00Z', [w], ny)).toBeNull();
    expect(access('2026-03-09T12:59:00Z', [w], ny)).toMatchObject({
      retryAt: Date.parse('2026-03-09T13:00:00Z'),
    });
  });

  it('any open window of any of the person’s groups lets them in; others’ windows do not count', () => {
    const other: ShiftWindow = { groupId: 2, days: [5], from: '00:00', to: '23:59' };
    expect(access('2026-11-27T16:00:00Z', [day, other])).toMatchObject({ code: 'outside_hours' });
    expect(access('2026-11-27T16:00:00Z', [day, other], { groupIds: [1, 2] })).toBeNull();
    // A person whose groups have no windows may sign in at any time.
    expect(access('2026-11-27T16:00:00Z', [other], { groupIds: [1] })).toBeNull();
  });
});

describe('required factors', () => {
  it('managers always give a PIN; others what their groups require', () => {
    const policy = {
      ...DEFAULT_POLICY,
      groupFactors: [
        { groupId: 1, factors: ['totp' as const] },
        { groupId: 2, factors: ['pin' as const] },
      ],
    };
    expect(requiredFactors({ role: 'manager' }, [], policy)).toEqual(['pin']);
    expect(requiredFactors({ role: 'worker' }, [], policy)).toEqual([]);
    expect(requiredFactors({ role: 'worker' }, [1, 2], policy)).toEqual(['pin', 'totp']);
  });
});
