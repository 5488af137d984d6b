import Database from 'better-sqlite3';
import { DbError } from './errors';
import { migrate } from './migrations';
import { prepareDatabaseFolder, secureFiles } from './file-modes';

export type Db = Database.Database;

/** Bytes the -wal file is truncated to after a checkpoint: 4 MiB. */
export const JOURNAL_SIZE_LIMIT = 4 * 1024 * 1024;

export interface OpenOptions {
  /** Path of a better-sqlite3 addon built for another ABI (Electron); see docs/ARCHITECTURE.md. */
  nativeBinding?: string;
  readonly?: boolean;
  /** Turn SQLite's in-commit checkpoint off; the caller runs startBackgroundCheckpoints(). */
  backgroundCheckpoints?: boolean;
}

/**
 * Opens (creating if needed) the kiosk database in a private folder (0700, files 0600; looser
 * modes are repaired, see file-modes.ts): WAL so the kiosk UI and the CLI can read while
 * the outbox writes, foreign keys on, a busy timeout instead of instant SQLITE_BUSY, a quick
 * integrity check, then any pending migrations.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  let db: Db;
  try {
    prepareDatabaseFolder(path, { readonly: options.readonly });
    db = new Database(path, {
      nativeBinding: options.nativeBinding,
      readonly: options.readonly ?? false,
    });
  } catch (cause) {
    if (cause instanceof DbError) throw cause;
    throw new DbError(
      'db_open_failed',
      `Could not open the database at ${path}: ${(cause as Error).message}`,
      { cause },
    );
  }
  try {
    db.pragma('busy_timeout = 5000');
    if (path !== ':memory:' && !options.readonly) db.pragma('journal_mode = WAL');
    // The WAL and shared-memory files exist now; make sure they are the account's alone.
    secureFiles(path);
    if (options.backgroundCheckpoints) db.pragma('wal_autocheckpoint = 0');
    db.pragma('synchronous = NORMAL');
    // After a checkpoint the WAL is cut back to this size instead of staying at its peak.
    db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
    db.pragma('foreign_keys = ON');
    const problems = quickCheck(db);
    if (problems.length) {
      throw new DbError(
        'db_corrupt',
        `The database at ${path} is damaged (${problems[0]}). Restore it from a backup; it was not changed.`,
      );
    }
    if (!options.readonly) migrate(db);
    return db;
  } catch (cause) {
    db.close();
    if (cause instanceof DbError) throw cause;
    throw new DbError(
      'db_corrupt',
      `The file at ${path} is not a kiosk database or is damaged: ${(cause as Error).message}`,
      { cause },
    );
  }
}

function quickCheck(db: Db): string[] {
  const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
  return rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
}

/** Full check for `db check`: page integrity and foreign keys. */
export function integrityProblems(db: Db): string[] {
  const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
  const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  const fk = db.pragma('foreign_key_check') as Array<{ table: string; rowid: number }>;
  for (const row of fk) problems.push(`${row.table} row ${row.rowid} points to a missing row`);
  return problems;
}
