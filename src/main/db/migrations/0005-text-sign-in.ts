import type { Migration } from './index';

// Text-to-sign-in. The kiosk shows a code; the worker texts it to the kiosk's number.
// Only the code's HMAC is kept (bound to the row id); one open code per kiosk at a time.
export const migration0005: Migration = {
  version: 5,
  name: 'text-sign-in',
  up(db) {
    db.exec(`
      CREATE TABLE text_codes (
        id TEXT PRIMARY KEY,
        kiosk_id TEXT NOT NULL,
        code_hmac TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'used', 'cancelled', 'replaced')),
        user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
        used_at INTEGER
      ) STRICT;
      CREATE INDEX text_codes_kiosk_open ON text_codes (kiosk_id) WHERE state = 'open';
      CREATE INDEX text_codes_expires ON text_codes (expires_at);
    `);
  },
};
