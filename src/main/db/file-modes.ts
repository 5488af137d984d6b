// The database, its -wal/-shm, the key file and their folder are private to the
// account the kiosk runs as. New ones are created that way (folder 0700, files 0600); at every
// start looser modes are repaired (chmod) rather than refused, so a kiosk installed by an older
// version tightens itself. What cannot be repaired (a folder shared with other accounts, such as
// /tmp, or one owned by someone else) stops the start with a message that says what to do.
// Windows has no POSIX modes: there the user profile's ACLs keep the folder private.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DbError } from './errors';

export const FOLDER_MODE = 0o700;
export const FILE_MODE = 0o600;

/** The files of one database: the file itself, its WAL and shared memory, its key. */
export function databaseFiles(dbPath: string): string[] {
  return [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}.key`];
}

/**
 * Before SQLite opens `dbPath`: the folder exists and is private, and the database file exists
 * with mode 0600 (SQLite gives the -wal and -shm it creates the database file's mode).
 */
export function prepareDatabaseFolder(dbPath: string, options: { readonly?: boolean } = {}): void {
  if (dbPath === ':memory:' || process.platform === 'win32') {
    if (dbPath !== ':memory:') mkdirSync(dirname(dbPath), { recursive: true });
    return;
  }
  const folder = dirname(dbPath);
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: FOLDER_MODE });
  secureFolder(folder);
  if (!options.readonly && !existsSync(dbPath)) {
    // 'a' creates an empty file (a valid empty database) without truncating a racing one.
    closeSync(openSync(dbPath, 'a', FILE_MODE));
  }
  secureFiles(dbPath);
}

/** After the open (WAL mode has made -wal/-shm) and whenever a file may have appeared. */
export function secureFiles(dbPath: string): void {
  if (dbPath === ':memory:' || process.platform === 'win32') return;
  for (const file of databaseFiles(dbPath)) {
    if (!existsSync(file)) continue;
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) === 0) continue;
    try {
      chmodSync(file, mode & 0o700);
    } catch (cause) {
      throw new DbError(
        'db_open_failed',
        `${file} can be read by other users of this computer and its permissions could not be fixed (${(cause as Error).message}). Run: chmod 600 "${file}"`,
        { cause },
      );
    }
  }
}

function secureFolder(folder: string): void {
  const stat = statSync(folder);
  const mode = stat.mode & 0o7777;
  const uid = typeof process.getuid === 'function' ? process.getuid() : stat.uid;
  if ((mode & 0o002) !== 0 || (mode & 0o1000) !== 0 || stat.uid !== uid) {
    throw new DbError(
      'db_open_failed',
      `The database folder ${folder} is shared with other users of this computer. Keep the kiosk database in a folder of its own (for example the app's default folder, or set KIOSK_DB to a path inside a new folder).`,
    );
  }
  if ((mode & 0o077) === 0) return;
  try {
    chmodSync(folder, FOLDER_MODE);
  } catch (cause) {
    throw new DbError(
      'db_open_failed',
      `The database folder ${folder} can be read by other users of this computer and its permissions could not be fixed (${(cause as Error).message}). Run: chmod 700 "${folder}"`,
      { cause },
    );
  }
}
