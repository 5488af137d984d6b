import { prepared } from './prepared';
import type { Db } from './connection';

/** Key-value rows for site settings, policy and similar single documents (stored as JSON). */
export function readSetting(db: Db, key: string): string | undefined {
  const row = prepared(db, 'SELECT value FROM settings WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row?.value;
}

export function writeSetting(db: Db, key: string, value: string): void {
  prepared(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

export function deleteSetting(db: Db, key: string): void {
  prepared(db, 'DELETE FROM settings WHERE key = ?').run(key);
}
