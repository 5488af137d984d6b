// Migration 0003 indexes the people a database already has, and keeps the index in step.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { MIGRATIONS, migrate } from '../../../src/main/db/migrations';
import { UsersTable } from '../../../src/main/registry/users';

describe('migration 0003 (user search)', () => {
  it('finds people who were registered before the upgrade, and changes made after it', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 2));
    db.prepare(
      `INSERT INTO users (employee_id, display_name, phone_e164, role, status, language, created_at, updated_at)
       VALUES ('E7', 'Lucía Fernández', '+34612000104', 'worker', 'active', 'es', 1, 1)`,
    ).run();
    expect(migrate(db, MIGRATIONS.slice(0, 3))).toEqual({ from: 2, to: 3 });
    const users = new UsersTable(db);
    const names = (search: string) => users.list({ search }).map((u) => u.displayName);
    expect(names('lucia')).toEqual(['Lucía Fernández']);
    expect(names('612 000')).toEqual(['Lucía Fernández']);
    db.prepare("UPDATE users SET display_name = 'Lucía Ortega' WHERE employee_id = 'E7'").run();
    expect(names('fernandez')).toEqual([]);
    expect(names('ortega')).toEqual(['Lucía Ortega']);
    db.prepare("DELETE FROM users WHERE employee_id = 'E7'").run();
    expect(names('lucia')).toEqual([]);
  });
});
