import type { Migration } from './index';

// Admin search over 100,000 people must answer while the manager types: a trigram index finds
// any substring of three or more characters (names, employee IDs, phone digits) without a scan,
// ignoring case and accents. Triggers keep it in step with the users table.
export const migration0003: Migration = {
  version: 3,
  name: 'user-search',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE users_search USING fts5(
        display_name, employee_id, phone_e164,
        content = 'users', content_rowid = 'id',
        tokenize = 'trigram remove_diacritics 1'
      );
      CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
        INSERT INTO users_search (rowid, display_name, employee_id, phone_e164)
        VALUES (new.id, new.display_name, new.employee_id, new.phone_e164);
      END;
      CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
        INSERT INTO users_search (users_search, rowid, display_name, employee_id, phone_e164)
        VALUES ('delete', old.id, old.display_name, old.employee_id, old.phone_e164);
      END;
      CREATE TRIGGER users_search_update
      AFTER UPDATE OF display_name, employee_id, phone_e164 ON users BEGIN
        INSERT INTO users_search (users_search, rowid, display_name, employee_id, phone_e164)
        VALUES ('delete', old.id, old.display_name, old.employee_id, old.phone_e164);
        INSERT INTO users_search (rowid, display_name, employee_id, phone_e164)
        VALUES (new.id, new.display_name, new.employee_id, new.phone_e164);
      END;
      INSERT INTO users_search (users_search) VALUES ('rebuild');
    `);
  },
};
