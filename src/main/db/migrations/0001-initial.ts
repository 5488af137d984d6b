import type { Migration } from './index';

export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        employee_id TEXT NOT NULL,
        display_name TEXT NOT NULL,
        phone_e164 TEXT,
        role TEXT NOT NULL CHECK (role IN ('worker', 'manager')),
        status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
        language TEXT NOT NULL,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER,
        locked_indefinitely INTEGER NOT NULL DEFAULT 0 CHECK (locked_indefinitely IN (0, 1)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX users_employee_id ON users (employee_id COLLATE NOCASE);
      -- A number may belong to one active user only: it is their user name.
      CREATE UNIQUE INDEX users_active_phone ON users (phone_e164)
        WHERE phone_e164 IS NOT NULL AND status = 'active';
      CREATE INDEX users_phone ON users (phone_e164);
      CREATE INDEX users_display_name ON users (display_name COLLATE NOCASE);

      CREATE TABLE groups (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX groups_name ON groups (name COLLATE NOCASE);

      CREATE TABLE group_members (
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        PRIMARY KEY (group_id, user_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX group_members_user ON group_members (user_id);

      CREATE TABLE group_resources (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        url TEXT NOT NULL
      ) STRICT;
      CREATE INDEX group_resources_group ON group_resources (group_id);

      -- One row per sign-in attempt. The code is stored only as an HMAC.
      CREATE TABLE challenges (
        id TEXT PRIMARY KEY,
        user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
        number_key TEXT NOT NULL,
        kiosk_id TEXT NOT NULL,
        code_hmac TEXT NOT NULL,
        code_sent_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        wrong_attempts INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL CHECK (state IN ('pending', 'used', 'dead', 'superseded')),
        outbound_id TEXT,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX challenges_number ON challenges (number_key, state);
      CREATE INDEX challenges_user ON challenges (user_id, state);

      -- Every code sent (or pretended to be sent, for unknown numbers) for the send caps.
      CREATE TABLE code_sends (
        id INTEGER PRIMARY KEY,
        number_key TEXT NOT NULL,
        kiosk_id TEXT NOT NULL,
        real_sms INTEGER NOT NULL CHECK (real_sms IN (0, 1)),
        sent_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX code_sends_number ON code_sends (number_key, sent_at);
      CREATE INDEX code_sends_time ON code_sends (sent_at);

      -- Failure counts of numbers that are not registered, so that in private mode they lock
      -- out exactly like a registered account would.
      CREATE TABLE unknown_number_lockouts (
        number_key TEXT PRIMARY KEY,
        consecutive_failures INTEGER NOT NULL,
        locked_until INTEGER,
        locked_indefinitely INTEGER NOT NULL CHECK (locked_indefinitely IN (0, 1)),
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kiosk_id TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        ended_at INTEGER,
        end_reason TEXT
      ) STRICT;

      CREATE TABLE signin_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
        masked_phone TEXT NOT NULL,
        kiosk_id TEXT NOT NULL,
        result TEXT NOT NULL CHECK (result IN ('code_sent', 'success', 'failure')),
        reason TEXT NOT NULL
      ) STRICT;
      CREATE INDEX signin_log_at ON signin_log (at);
      CREATE INDEX signin_log_user ON signin_log (user_id, at);

      -- Append-only; each row's hash covers the previous row's hash (see audit/audit-log.ts).
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `);
  },
};
