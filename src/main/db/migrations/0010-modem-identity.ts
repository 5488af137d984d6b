import type { Migration } from './index';

// The modem and SIM each port was first seen with (bound), and what was seen instead when they
// differ: a pending change pauses text-to-sign-in until a manager confirms it.
export const migration0010: Migration = {
  version: 10,
  name: 'modem-identity',
  up(db) {
    db.exec(`
      CREATE TABLE modem_identities (
        path TEXT PRIMARY KEY,
        imei TEXT,
        iccid TEXT,
        imsi TEXT,
        bound_at INTEGER NOT NULL,
        seen_imei TEXT,
        seen_iccid TEXT,
        seen_imsi TEXT,
        changed TEXT,
        changed_at INTEGER
      ) STRICT;
      CREATE INDEX modem_identities_imei ON modem_identities (imei);
    `);
  },
};
