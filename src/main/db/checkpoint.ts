import type { Db } from './connection';
import type { Scheduler, TimerHandle } from '../time';

/**
 * Moves the WAL checkpoint off the sign-in path. SQLite's automatic checkpoint runs inside
 * whichever commit crosses 1,000 pages and fsyncs the database file there: a 10 ms pause in
 * one sign-in out of a few hundred. A long-running process (the kiosk) opens the database with
 * `backgroundCheckpoints` and calls this, so the checkpoint happens on a timer instead.
 * PASSIVE never waits for readers or writers; whatever it cannot copy now waits for next time.
 */
export function startBackgroundCheckpoints(
  db: Db,
  scheduler: Scheduler,
  intervalMs = 15_000,
): () => void {
  let timer: TimerHandle | undefined;
  const tick = () => {
    if (!db.open) return;
    db.pragma('wal_checkpoint(PASSIVE)');
    timer = scheduler.setTimeout(tick, intervalMs);
  };
  timer = scheduler.setTimeout(tick, intervalMs);
  return () => {
    if (timer !== undefined) scheduler.clearTimeout(timer);
    timer = undefined;
  };
}
