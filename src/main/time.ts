// Time is injected everywhere in main so that tests are exact and never sleep
// (DESIGN.md convention 6). Production code uses `systemScheduler`; tests use ManualScheduler.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export type TimerHandle = { readonly id: number } | ReturnType<typeof setTimeout>;

export interface Scheduler extends Clock {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
