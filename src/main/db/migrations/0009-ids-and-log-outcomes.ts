import type { Migration } from './index';

// Employee IDs are NFKC from now on (employeeIdSchema), so ＥＭＰ１２ in fullwidth digits and
// EMP12 are one person. Rows typed before get their NFKC spelling; a row whose NFKC spelling is
// already another person's is left as it is, since merging two people is a manager's call:
// `db check` reports each such pair (employeeIdCollisions in registry/users.ts). The rule is
// written out here rather than imported so that this migration never changes once shipped.
//
// The sign-in log gets two outcomes besides code_sent / success / failure, so a row says what
// happened: 'step' (one step of a sign-in passed and another is asked, e.g. a text matched and
// the PIN comes next, or a PIN was set) and 'registered' (a worker registered their own phone).
// SQLite cannot change a CHECK in place: the table is rebuilt with its rows and indexes.
export const migration0009: Migration = {
  version: 9,
  name: 'ids-and-log-outcomes',
  up(db) {
    db.exec(`
      CREATE TABLE signin_log_new (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
        masked_phone TEXT NOT NULL,
        kiosk_id TEXT NOT NULL,
        result TEXT NOT NULL
          CHECK (result IN ('code_sent', 'step', 'success', 'registered', 'failure')),
        reason TEXT NOT NULL
      ) STRICT;
      INSERT INTO signin_log_new (id, at, user_id, masked_phone, kiosk_id, result, reason)
        SELECT id, at, user_id, masked_phone, kiosk_id,
               CASE WHEN reason LIKE 'factor_required_%' OR reason = 'pin_set' THEN 'step'
                    WHEN reason = 'enrolment_complete' THEN 'registered'
                    ELSE result END,
               reason
          FROM signin_log;
      DROP TABLE signin_log;
      ALTER TABLE signin_log_new RENAME TO signin_log;
      CREATE INDEX signin_log_at ON signin_log (at);
      CREATE INDEX signin_log_user ON signin_log (user_id, at);
    `);

    const rows = db.prepare('SELECT id, employee_id FROM users ORDER BY id').all() as Array<{
      id: number;
      employee_id: string;
    }>;
    const owners = db.prepare('SELECT id FROM users WHERE employee_id = ? COLLATE NOCASE');
    const rename = db.prepare('UPDATE users SET employee_id = ? WHERE id = ?');
    for (const row of rows) {
      const normal = row.employee_id.normalize('NFKC').trim();
      if (normal === row.employee_id || normal === '') continue;
      const taken = owners.all(normal) as Array<{ id: number }>;
      if (taken.some((t) => t.id !== row.id)) continue;
      rename.run(normal, row.id);
    }
  },
};
