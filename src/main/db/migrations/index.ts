// Numbered migrations (DESIGN.md convention 4): ordered, all pending ones in one transaction,
// tracked in PRAGMA user_version. A shipped migration is never edited; add a new file instead.
import type Database from 'better-sqlite3';
import { DbError } from '../errors';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-outbox';
import { migration0003 } from './0003-user-search';
import { migration0004 } from './0004-factors';
import { migration0005 } from './0005-text-sign-in';
import { migration0006 } from './0006-totp-enrolment';
import { migration0007 } from './0007-hardening';
import { migration0008 } from './0008-at-rest';
import { migration0009 } from './0009-ids-and-log-outcomes';
import { migration0010 } from './0010-modem-identity';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  const from = schemaVersion(db);
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  if (from > latest) {
    throw new DbError(
      'db_from_future',
      `The database was written by a newer version of SMS Kiosk Sign-In (schema ${from}; this version knows up to ${latest}). Update the app; the database was not changed.`,
    );
  }
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from };
  const run = db.transaction(() => {
    for (const migration of pending) {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }
  });
  try {
    run();
  } catch (cause) {
    throw new DbError(
      'db_migration_failed',
      `Upgrading the database failed, nothing was changed: ${(cause as Error).message}`,
      { cause },
    );
  }
  return { from, to: latest };
}
