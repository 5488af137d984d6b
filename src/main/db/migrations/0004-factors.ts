import type { Migration } from './index';

// PINs as a second factor. A PIN is kept only as an scrypt hash with its own random salt
// and the cost parameters it was made with (so the cost can be raised later without breaking old
// PINs); the wrong-PIN count and lockout are the PIN's own, apart from the SMS lockout. A reset
// deletes the row: the person sets a new PIN at their next sign-in.
export const migration0004: Migration = {
  version: 4,
  name: 'factors',
  up(db) {
    db.exec(`
      CREATE TABLE pin_factors (
        user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        pin_hash BLOB NOT NULL,
        salt BLOB NOT NULL,
        cost_n INTEGER NOT NULL,
        cost_r INTEGER NOT NULL,
        cost_p INTEGER NOT NULL,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER,
        set_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
