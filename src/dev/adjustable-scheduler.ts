// The harness's clock for end-to-end tests. A test jumps it forward with advance(), which fires
// every timer that falls due on the way, in order, each at its own due time: that is how a test
// reaches a code's expiry or the idle sign-out without waiting minutes and without sleeping.
// Between jumps it either runs in real time (the default) or stands still ({ realTime: false }),
// which makes every time a screen shows the same on every run.
import type { Scheduler, TimerHandle } from '../main/time';

interface Timer {
  at: number;
  callback: () => void;
  real?: ReturnType<typeof setTimeout>;
}

export class AdjustableScheduler implements Scheduler {
  private readonly realTime: boolean;
  /** Real time: added to Date.now(). Standing still: the time itself. */
  private base: number;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  /** `start`: what the clock reads now (default: the wall clock). */
  constructor(start: number = Date.now(), options: { realTime?: boolean } = {}) {
    this.realTime = options.realTime ?? true;
    this.base = this.realTime ? start - Date.now() : start;
  }

  now(): number {
    return this.realTime ? Date.now() + this.base : this.base;
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
    if (timer.real) clearTimeout(timer.real);
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
      if (timer.real) clearTimeout(timer.real);
      timer.real = this.arm(id, timer.at - this.now());
    }
  }

  pendingTimers(): number {
    return this.timers.size;
  }

  /** Forward only: the clock never runs back. */
  private moveTo(time: number): void {
    const gap = time - this.now();
    if (gap > 0) this.base += gap;
  }

  private arm(id: number, delay: number): ReturnType<typeof setTimeout> | undefined {
    if (!this.realTime) return undefined;
    const real = setTimeout(() => this.fire(id), Math.max(0, delay));
    real.unref?.();
    return real;
  }

  private fire(id: number): void {
    const timer = this.timers.get(id);
    if (!timer) return;
    if (timer.real) clearTimeout(timer.real);
    this.timers.delete(id);
    timer.callback();
  }
}
