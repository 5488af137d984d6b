import type { Migration } from './index';

// The persistent SMS outbox (src/main/outbox/outbox.ts). Codes never sit here in clear: the body is
// AES-256-GCM ciphertext while the message may still go out, and NULL once it is final.
export const migration0002: Migration = {
  version: 2,
  name: 'outbox',
  up(db) {
    db.exec(`
      CREATE TABLE outbox (
        -- AUTOINCREMENT: ids are handed to the sign-in engine and must never be reused.
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        challenge_id TEXT,
        to_e164 TEXT NOT NULL,
        -- iv (12 bytes) | GCM tag (16 bytes) | ciphertext.
        body_enc BLOB,
        status TEXT NOT NULL CHECK (status IN
          ('queued', 'sending', 'sent', 'delivered', 'failed', 'expired', 'cancelled')),
        -- Why the message failed, expired or was cancelled, for a site manager.
        reason TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        next_attempt_at INTEGER NOT NULL,
        -- Chosen once and reused on every attempt, so a phone can merge the parts of a retry.
        concat_reference INTEGER NOT NULL CHECK (concat_reference BETWEEN 1 AND 255),
        -- A newer code replaced this one while it was being sent: do not retry it.
        cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
        part_count INTEGER,
        sent_at INTEGER,
        final_at INTEGER,
        -- The body may exist only while the message can still go out.
        CHECK ((body_enc IS NULL) = (status NOT IN ('queued', 'sending')))
      ) STRICT;
      CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
      CREATE INDEX outbox_created ON outbox (created_at);
      CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;

      -- One row per part the modem accepted, per attempt: delivery reports name a part by its
      -- message reference (0-255, wrapping), so they are matched here.
      CREATE TABLE outbox_parts (
        message_id INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
        attempt INTEGER NOT NULL,
        part INTEGER NOT NULL,
        part_count INTEGER NOT NULL,
        reference INTEGER NOT NULL CHECK (reference BETWEEN 0 AND 255),
        sent_at INTEGER NOT NULL,
        delivery TEXT NOT NULL DEFAULT 'unknown'
          CHECK (delivery IN ('unknown', 'delivered', 'failed')),
        delivery_status INTEGER,
        PRIMARY KEY (message_id, attempt, part)
      ) STRICT;
      CREATE INDEX outbox_parts_reference ON outbox_parts (reference, sent_at);
    `);
  },
};
