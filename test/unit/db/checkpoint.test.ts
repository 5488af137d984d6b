import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/main/db/connection';
import { startBackgroundCheckpoints } from '../../../src/main/db/checkpoint';
import { ManualScheduler } from '../../support/manual-scheduler';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(): Db {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-ckpt-'));
  dirs.push(dir);
  return openDatabase(join(dir, 'kiosk.db'), { backgroundCheckpoints: true });
}

/** Frames in the WAL that are not yet copied into the database file. */
function uncheckpointed(db: Db): number {
  const [row] = db.pragma('wal_checkpoint(NOOP)') as Array<{ log: number; checkpointed: number }>;
  return row!.log - row!.checkpointed;
}

function write(db: Db, rows: number): void {
  const insert = db.prepare(
    "INSERT INTO settings (key, value) VALUES (?, 'x') ON CONFLICT DO NOTHING",
  );
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(`k${i}-${Math.random()}`);
  })();
}

describe('background WAL checkpoints', () => {
  it('never checkpoint inside a commit, only on the timer', () => {
    const db = open();
    const scheduler = new ManualScheduler();
    const stop = startBackgroundCheckpoints(db, scheduler, 15_000);
    for (let i = 0; i < 30; i++) write(db, 500);
    // Far past SQLite's 1,000-page automatic threshold, and still nothing copied.
    expect(uncheckpointed(db)).toBeGreaterThan(1000);
    scheduler.advance(15_000);
    expect(uncheckpointed(db)).toBe(0);
    write(db, 10);
    scheduler.advance(15_000);
    expect(uncheckpointed(db)).toBe(0);
    stop();
    expect(scheduler.pendingTimers()).toBe(0);
    db.close();
  });
});
