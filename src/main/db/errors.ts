/**
 * Codes of DbError:
 * - db_open_failed: the file could not be opened or created (path, permissions, disk).
 * - db_corrupt: the file is not a database or failed its integrity check.
 * - db_from_future: written by a newer version of the app; we refuse to touch it.
 * - db_migration_failed: an upgrade step failed; the transaction was rolled back.
 */
export type DbErrorCode =
  'db_open_failed' | 'db_corrupt' | 'db_from_future' | 'db_migration_failed';

export class DbError extends Error {
  constructor(
    readonly code: DbErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DbError';
  }
}
