import { describe, expect, it } from 'vitest';
import { afterFailure, lockStatus, UNLOCKED, type LockState } from '../../../src/main/auth/lockout';
import { DEFAULT_POLICY } from '../../../src/shared/policy';

const MIN = 60_000;

function fail(times: number, start: LockState = UNLOCKED, now = 0): LockState {
  let state = start;
  for (let i = 0; i < times; i++) state = afterFailure(state, DEFAULT_POLICY, now);
  return state;
}

describe('account lockout schedule', () => {
  it('does not lock before the 10th consecutive failure', () => {
    const state = fail(9);
    expect(state.consecutiveFailures).toBe(9);
    expect(lockStatus(state, 0)).toEqual({ locked: false });
  });

  it('locks for 15 minutes at 10 failures, doubling every further 10', () => {
    expect(fail(10).lockedUntil).toBe(15 * MIN);
    expect(fail(20).lockedUntil).toBe(30 * MIN);
    expect(fail(30).lockedUntil).toBe(60 * MIN);
    expect(fail(90).lockedUntil).toBe(15 * 2 ** 8 * MIN);
  });

  it('keeps the lock only until its time', () => {
    const state = fail(10);
    expect(lockStatus(state, 15 * MIN - 1)).toEqual({ locked: true, until: 15 * MIN });
    expect(lockStatus(state, 15 * MIN)).toEqual({ locked: false });
  });

  it('locks until a manager unlocks at 100 failures', () => {
    const state = fail(100);
    expect(state.lockedIndefinitely).toBe(true);
    expect(lockStatus(state, Number.MAX_SAFE_INTEGER)).toEqual({ locked: true, until: null });
  });
});
