import type { Migration } from './index';

// Authenticator apps (TOTP) and self-service enrolment codes. A TOTP secret is kept
// only sealed (AES-256-GCM, key from the install secret); an enrolment code only as a keyed
// hash. attempt_locks counts wrong enrolment codes per employee ID and per kiosk, and wrong app
// codes per employee ID at the app sign-in, under keyed subjects (no employee ID in clear).
export const migration0006: Migration = {
  version: 6,
  name: 'totp-enrolment',
  up(db) {
    db.exec(`
      CREATE TABLE totp_factors (
        user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        secret_enc BLOB NOT NULL,
        last_step INTEGER,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER,
        locked_indefinitely INTEGER NOT NULL DEFAULT 0 CHECK (locked_indefinitely IN (0, 1)),
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE enrolment_codes (
        user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        code_hmac TEXT NOT NULL,
        issued_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        issued_by TEXT NOT NULL,
        used_at INTEGER
      ) STRICT;
      CREATE TABLE attempt_locks (
        subject TEXT PRIMARY KEY,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER,
        locked_indefinitely INTEGER NOT NULL DEFAULT 0 CHECK (locked_indefinitely IN (0, 1)),
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
