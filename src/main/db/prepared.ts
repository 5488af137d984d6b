import type Database from 'better-sqlite3';

// Compiling SQL costs far more than running it; every query module goes through this cache so a
// statement is prepared once per connection (a 10,000-row import spent most of its time here).
const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function prepared(db: Database.Database, sql: string): Database.Statement {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}
