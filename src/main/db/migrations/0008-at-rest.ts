import type { Migration } from './index';

// At rest and lockouts. pin_factors.keyed: 0 for a PIN hashed before the key existed
// (plain scrypt output), 1 once the stored hash is HMAC-SHA256(pin key, scrypt output). The
// rows are wrapped by PinStore at start (the key comes from the install secret, which a
// migration does not have); no PIN in clear is needed for that. pin_factors.lock_level: how many
// times the PIN locked in a row (the doubling ladder: pinLockoutMinutes · 2^(level-1), then a
// manager's reset); a right PIN or a manager's unlock puts it back to 0.
export const migration0008: Migration = {
  version: 8,
  name: 'at-rest',
  up(db) {
    db.exec(`
      ALTER TABLE pin_factors ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE pin_factors ADD COLUMN lock_level INTEGER NOT NULL DEFAULT 0;
    `);
  },
};
