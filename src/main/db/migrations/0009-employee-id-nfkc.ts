import type { Migration } from './index';

// Employee IDs are NFKC from now on (employeeIdSchema), so ＥＭＰ１２ in fullwidth digits and
// EMP12 are one person. Rows typed before get their NFKC spelling; a row whose NFKC spelling is
// already another person's is left as it is, since merging two people is a manager's call:
// `db check` reports each such pair (employeeIdCollisions in registry/users.ts). The rule is
// written out here rather than imported so that this migration never changes once shipped.
export const migration0009: Migration = {
  version: 9,
  name: 'employee-id-nfkc',
  up(db) {
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
