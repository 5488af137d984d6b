// Migration 0002 on a database written by schema 1, and the invariants its tables enforce by
// themselves (so a bug elsewhere cannot leave a code in a final row).
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { MIGRATIONS, migrate, schemaVersion } from '../../../src/main/db/migrations';

function v1Database(): Database.Database {
  const db = new Database(':memory:');
  migrate(db, MIGRATIONS.slice(0, 1));
  db.prepare(
    `INSERT INTO challenges (id, user_id, number_key, kiosk_id, code_hmac, code_sent_at,
       expires_at, state, outbound_id, created_at)
     VALUES ('c1', NULL, 'k', 'kiosk-1', 'mac', 1, 2, 'pending', 'm1', 1)`,
  ).run();
  return db;
}

const insert = (db: Database.Database, status: string, body: Buffer | null) =>
  db
    .prepare(
      `INSERT INTO outbox (to_e164, body_enc, status, created_at, expires_at, next_attempt_at,
         concat_reference) VALUES ('+358401234567', ?, ?, 1, 2, 1, 1)`,
    )
    .run(body, status);

describe('migration 0002 (outbox)', () => {
  it('adds the STRICT outbox tables to a schema-1 database and keeps its rows', () => {
    const db = v1Database();
    expect(migrate(db, MIGRATIONS.slice(0, 2))).toEqual({ from: 1, to: 2 });
    expect(schemaVersion(db)).toBe(2);
    const tables = db
      .prepare(
        "SELECT name, strict FROM pragma_table_list WHERE name IN ('outbox', 'outbox_parts') ORDER BY name",
      )
      .all();
    expect(tables).toEqual([
      { name: 'outbox', strict: 1 },
      { name: 'outbox_parts', strict: 1 },
    ]);
    expect(db.prepare('SELECT id, outbound_id FROM challenges').all()).toEqual([
      { id: 'c1', outbound_id: 'm1' },
    ]);
  });

  it('allows a body only while a message can still go out', () => {
    const db = v1Database();
    migrate(db);
    const body = Buffer.from('sealed');
    expect(() => insert(db, 'queued', body)).not.toThrow();
    expect(() => insert(db, 'sending', body)).not.toThrow();
    for (const status of ['sent', 'delivered', 'failed', 'expired', 'cancelled']) {
      expect(() => insert(db, status, body)).toThrow(/CHECK constraint failed/);
      expect(() => insert(db, status, null)).not.toThrow();
    }
    expect(() => insert(db, 'queued', null)).toThrow(/CHECK constraint failed/);
    expect(() => insert(db, 'lost', null)).toThrow(/CHECK constraint failed/);
  });
});
