// The harness's clock for end-to-end tests: real time flows (the modem, the network round trips
// and the page all run at their own pace), and a test can also jump it forward, firing every
// timer that falls due on the way, in order. That is how a test reaches a code's expiry or the
// idle sign-out without waiting minutes and without sleeping.
import type { Scheduler, TimerHandle } from '../main/time';

interface Timer {
  at: number;
  callback: () => void;
  real: ReturnType<typeof setTimeout>;
}

export class AdjustableScheduler implements Scheduler {
  private offset: number;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  /** `start`: what the clock reads now (default: the wall clock). */
  constructor(start?: number) {
    this.offset = start === undefined ? 0 : start - Date.now();
  }

  now(): number {
    return Date.now() + this.offset;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    const delay = Math.max(0, ms);
    this.timers.set(id, { at: this.now() + delay, callback, real: this.arm(id, delay) });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    if (typeof handle !== 'object' || handle === null || !('id' in handle)) return;
    const id = (handle as { id: number }).id;
    const timer = this.timers.get(id);
    if (!timer) return;
    clearTimeout(timer.real);
    this.timers.delete(id);
  }

  /**
   * Jumps `ms` ahead, running due timers in time order, each at its own due time (so a timer a
   * callback sets counts from when that callback ran, and fires too if it falls due).
   */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('advance needs a duration of 0 ms or more');
    const target = this.now() + ms;
    for (;;) {
      let due: [number, Timer] | undefined;
      for (const entry of this.timers) {
        if (entry[1].at <= target && (!due || entry[1].at < due[1].at)) due = entry;
      }
      if (!due) break;
      this.moveTo(due[1].at);
      this.fire(due[0]);
    }
    this.moveTo(target);
    // The rest keep their place on the moved clock.
    for (const [id, timer] of this.timers) {
      clearTimeout(timer.real);
      timer.real = this.arm(id, timer.at - this.now());
    }
  }

  /** How far the clock is ahead of the wall clock. */
  get skewMs(): number {
    return this.offset;
  }

  pendingTimers(): number {
    return this.timers.size;
  }

  /** Forward only: the clock never runs back. */
  private moveTo(time: number): void {
    const gap = time - this.now();
    if (gap > 0) this.offset += gap;
  }

  private arm(id: number, delay: number): ReturnType<typeof setTimeout> {
    const real = setTimeout(() => this.fire(id), Math.max(0, delay));
    real.unref?.();
    return real;
  }

  private fire(id: number): void {
    const timer = this.timers.get(id);
    if (!timer) return;
    clearTimeout(timer.real);
    this.timers.delete(id);
    timer.callback();
  }
}
