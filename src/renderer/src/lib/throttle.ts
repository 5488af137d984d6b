// Activity pings to main are throttled: one per interval is enough to push the idle sign-out back.

export interface Throttle {
  /** True when the call may go now (and records it); false inside the interval. */
  take(now: number): boolean;
  reset(): void;
}

export function createThrottle(intervalMs: number): Throttle {
  let last = Number.NEGATIVE_INFINITY;
  return {
    take(now) {
      if (now - last < intervalMs) return false;
      last = now;
      return true;
    },
    reset() {
      last = Number.NEGATIVE_INFINITY;
    },
  };
}
