import type { Migration } from './index';

// Registration oracles and rate limits. A challenge keeps the mask `start` showed, so a resend
// answers the same for every kind of number; a decoy challenge (no SMS) keeps when its
// pretended message "goes out", so its delivery status follows the same timeline as a real
// one. start_attempts counts every sign-in start per kiosk (accepted or not) for the limit on
// all starts; it holds no number. outbox.destination_fault marks a failure the operator gave
// for the destination (unassigned, barred, unreachable number), which private mode must not show.
export const migration0007: Migration = {
  version: 7,
  name: 'hardening',
  up(db) {
    db.exec(`
      ALTER TABLE challenges ADD COLUMN masked_phone TEXT;
      ALTER TABLE challenges ADD COLUMN decoy_send_at INTEGER;
      ALTER TABLE challenges ADD COLUMN decoy_sent_at INTEGER;
      ALTER TABLE outbox ADD COLUMN destination_fault INTEGER NOT NULL DEFAULT 0
        CHECK (destination_fault IN (0, 1));
      CREATE TABLE start_attempts (
        id INTEGER PRIMARY KEY,
        kiosk_id TEXT NOT NULL,
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX start_attempts_kiosk ON start_attempts (kiosk_id, at);
    `);
  },
};
