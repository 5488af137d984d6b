import type { Scheduler, TimerHandle } from '../../src/main/time';

/**
 * A scheduler whose time moves only when a test says so. `advance` runs every timer that falls
 * due, in order, including timers scheduled by the callbacks it runs.
 */
export class ManualScheduler implements Scheduler {
  private current: number;
  private nextId = 1;
  private timers = new Map<number, { at: number; callback: () => void }>();

  constructor(start = Date.UTC(2026, 0, 5, 8, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: this.current + Math.max(0, ms), callback });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    if (typeof handle === 'object' && handle !== null && 'id' in handle) {
      this.timers.delete((handle as { id: number }).id);
    }
  }

  /** Moves time forward by `ms`, firing due timers in time order. */
  advance(ms: number): void {
    this.advanceTo(this.current + ms);
  }

  /** When the next timer is due, so a driver can jump straight to it. */
  nextAt(): number | undefined {
    let next: number | undefined;
    for (const timer of this.timers.values())
      if (next === undefined || timer.at < next) next = timer.at;
    return next;
  }

  /** Moves to `target` (never backwards), firing in order every timer due by then. */
  advanceTo(target: number): void {
    for (;;) {
      let nextId: number | undefined;
      let nextAt = Infinity;
      for (const [id, timer] of this.timers) {
        if (timer.at <= target && timer.at < nextAt) {
          nextAt = timer.at;
          nextId = id;
        }
      }
      if (nextId === undefined) break;
      const timer = this.timers.get(nextId)!;
      this.timers.delete(nextId);
      this.current = Math.max(this.current, timer.at);
      timer.callback();
    }
    this.current = Math.max(this.current, target);
  }

  /** Sets the wall clock without firing timers (for date-only logic). */
  set(ms: number): void {
    this.current = ms;
  }

  pendingTimers(): number {
    return this.timers.size;
  }

  get pending(): number {
    return this.timers.size;
  }
}
