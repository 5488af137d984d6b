import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { integrityProblems, openDatabase } from '../../../src/main/db/connection';
import { DbError } from '../../../src/main/db/errors';
import {
  LATEST_SCHEMA_VERSION,
  migrate,
  schemaVersion,
  type Migration,
} from '../../../src/main/db/migrations';

const dirs: string[] = [];
function tempPath(name = 'kiosk.db'): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-db-'));
  dirs.push(dir);
  return join(dir, name);
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function errorOf(fn: () => unknown): DbError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DbError) return e;
    throw e;
  }
  throw new Error('expected a DbError');
}

describe('opening the database', () => {
  it('creates the schema with WAL, foreign keys and a busy timeout', () => {
    const db = openDatabase(tempPath());
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(integrityProblems(db)).toEqual([]);
    db.close();
  });

  it('makes every table STRICT', () => {
    const db = openDatabase(':memory:');
    const tables = db
      .prepare(
        "SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'",
      )
      .all() as Array<{ name: string; strict: number }>;
    expect(tables.length).toBeGreaterThan(5);
    expect(tables.filter((t) => t.strict !== 1)).toEqual([]);
  });

  it('refuses a database written by a newer version and leaves it alone', () => {
    const path = tempPath();
    const raw = new Database(path);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    const error = errorOf(() => openDatabase(path));
    expect(error.code).toBe('db_from_future');
    expect(error.message).toMatch(/newer version/);
    const after = new Database(path);
    expect(after.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1);
    after.close();
  });

  it('says clearly when the file is not a database', () => {
    const path = tempPath();
    writeFileSync(path, 'this is a spreadsheet, not a database'.repeat(200));
    const error = errorOf(() => openDatabase(path));
    expect(error.code).toBe('db_corrupt');
    expect(error.message).toContain(path);
  });

  it('says clearly when the folder cannot be created', () => {
    const blocker = tempPath('file');
    writeFileSync(blocker, '');
    const error = errorOf(() => openDatabase(join(blocker, 'sub', 'kiosk.db')));
    expect(error.code).toBe('db_open_failed');
  });
});

describe('migrations', () => {
  const steps: Migration[] = [
    { version: 1, name: 'a', up: (db) => db.exec('CREATE TABLE a (x INTEGER) STRICT') },
    { version: 2, name: 'b', up: (db) => db.exec('CREATE TABLE b (y INTEGER) STRICT') },
  ];

  it('runs the pending ones in order and records the version', () => {
    const db = new Database(':memory:');
    expect(migrate(db, steps.slice(0, 1))).toEqual({ from: 0, to: 1 });
    expect(migrate(db, steps)).toEqual({ from: 1, to: 2 });
    expect(schemaVersion(db)).toBe(2);
    expect(migrate(db, steps)).toEqual({ from: 2, to: 2 });
  });

  it('rolls back every step when one fails', () => {
    const db = new Database(':memory:');
    const broken: Migration = {
      version: 3,
      name: 'broken',
      up: (d) => d.exec('CREATE TABLE oops ('),
    };
    const error = errorOf(() => migrate(db, [...steps, broken]));
    expect(error.code).toBe('db_migration_failed');
    expect(schemaVersion(db)).toBe(0);
    expect(
      db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('a','b')").get(),
    ).toEqual({ n: 0 });
  });
});
