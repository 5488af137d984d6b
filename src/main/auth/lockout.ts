// Account lockout as pure functions of the failure count (DESIGN.md "Sign-in rules"):
// every `threshold` consecutive failures lock for baseMinutes, doubling each time;
// `permanentAfter` failures lock until a manager unlocks. A new code does not reset the
// count; only a successful sign-in (or a manager) does.

export interface LockState {
  consecutiveFailures: number;
  lockedUntil: number | null;
  lockedIndefinitely: boolean;
}

export interface LockoutRules {
  lockoutThreshold: number;
  lockoutBaseMinutes: number;
  lockoutPermanentAfter: number;
}

export const UNLOCKED: LockState = {
  consecutiveFailures: 0,
  lockedUntil: null,
  lockedIndefinitely: false,
};

export type LockStatus = { locked: false } | { locked: true; until: number | null };

export function lockStatus(state: LockState, now: number): LockStatus {
  if (state.lockedIndefinitely) return { locked: true, until: null };
  if (state.lockedUntil !== null && now < state.lockedUntil) {
    return { locked: true, until: state.lockedUntil };
  }
  return { locked: false };
}

export function afterFailure(state: LockState, rules: LockoutRules, now: number): LockState {
  const failures = state.consecutiveFailures + 1;
  if (failures >= rules.lockoutPermanentAfter) {
    return { consecutiveFailures: failures, lockedUntil: null, lockedIndefinitely: true };
  }
  if (failures % rules.lockoutThreshold === 0) {
    const doublings = failures / rules.lockoutThreshold - 1;
    const minutes = rules.lockoutBaseMinutes * 2 ** doublings;
    return {
      consecutiveFailures: failures,
      lockedUntil: now + minutes * 60_000,
      lockedIndefinitely: false,
    };
  }
  return { ...state, consecutiveFailures: failures };
}
