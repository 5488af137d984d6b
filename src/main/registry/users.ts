// Query module for the users table: one Row type, one mapper, parameters only.
import { prepared } from '../db/prepared';
import type { Db } from '../db/connection';
import type { Language, Role, User, UserStatus } from '../../shared/domain';
import { normalizeEmployeeId } from '../../shared/schemas';

export interface UserRow {
  id: number;
  employee_id: string;
  display_name: string;
  phone_e164: string | null;
  role: Role;
  status: UserStatus;
  language: Language;
  consecutive_failures: number;
  locked_until: number | null;
  locked_indefinitely: number;
  created_at: number;
  updated_at: number;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    employeeId: row.employee_id,
    displayName: row.display_name,
    phone: row.phone_e164,
    role: row.role,
    status: row.status,
    language: row.language,
    consecutiveFailures: row.consecutive_failures,
    lockedUntil: row.locked_until,
    lockedIndefinitely: row.locked_indefinitely === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface UserQuery {
  /** Matches name, employee ID or phone digits. */
  search?: string;
  status?: UserStatus;
  groupId?: number;
  limit?: number;
  offset?: number;
}

export class UsersTable {
  private readonly byIdStmt;
  private readonly byActivePhoneStmt;
  private readonly byEmployeeIdStmt;

  constructor(private readonly db: Db) {
    this.byIdStmt = prepared(db, 'SELECT * FROM users WHERE id = ?');
    this.byActivePhoneStmt = prepared(
      db,
      "SELECT * FROM users WHERE phone_e164 = ? AND status = 'active'",
    );
    this.byEmployeeIdStmt = prepared(
      db,
      'SELECT * FROM users WHERE employee_id = ? COLLATE NOCASE',
    );
  }

  byId(id: number): User | undefined {
    const row = this.byIdStmt.get(id) as UserRow | undefined;
    return row && toUser(row);
  }

  byActivePhone(e164: string): User | undefined {
    const row = this.byActivePhoneStmt.get(e164) as UserRow | undefined;
    return row && toUser(row);
  }

  /** Stored IDs are NFKC (employeeIdSchema), so a lookup is normalised the same way. */
  byEmployeeId(employeeId: string): User | undefined {
    const row = this.byEmployeeIdStmt.get(normalizeEmployeeId(employeeId)) as UserRow | undefined;
    return row && toUser(row);
  }

  insert(user: {
    employeeId: string;
    displayName: string;
    phone: string | null;
    role: Role;
    status: UserStatus;
    language: Language;
    now: number;
  }): number {
    const result = prepared(
      this.db,
      `INSERT INTO users (employee_id, display_name, phone_e164, role, status, language, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      user.employeeId,
      user.displayName,
      user.phone,
      user.role,
      user.status,
      user.language,
      user.now,
      user.now,
    );
    return Number(result.lastInsertRowid);
  }

  update(
    id: number,
    fields: Partial<Pick<UserRow, 'display_name' | 'phone_e164' | 'role' | 'status' | 'language'>>,
    now: number,
  ): void {
    const current = prepared(this.db, 'SELECT * FROM users WHERE id = ?').get(id) as UserRow;
    const next = { ...current, ...fields, updated_at: now };
    prepared(
      this.db,
      `UPDATE users SET display_name = @display_name, phone_e164 = @phone_e164, role = @role,
           status = @status, language = @language, updated_at = @updated_at WHERE id = @id`,
    ).run(next);
  }

  setLockState(
    id: number,
    state: { consecutiveFailures: number; lockedUntil: number | null; lockedIndefinitely: boolean },
  ): void {
    prepared(
      this.db,
      `UPDATE users SET consecutive_failures = ?, locked_until = ?, locked_indefinitely = ?
         WHERE id = ?`,
    ).run(state.consecutiveFailures, state.lockedUntil, state.lockedIndefinitely ? 1 : 0, id);
  }

  delete(id: number): void {
    prepared(this.db, 'DELETE FROM users WHERE id = ?').run(id);
  }

  list(query: UserQuery = {}): User[] {
    const { where, params } = this.filter(query);
    const rows = prepared(
      this.db,
      `SELECT * FROM users ${where} ORDER BY display_name COLLATE NOCASE, id LIMIT @limit OFFSET @offset`,
    ).all({ ...params, limit: query.limit ?? -1, offset: query.offset ?? 0 }) as UserRow[];
    return rows.map(toUser);
  }

  count(query: UserQuery = {}): number {
    const { where, params } = this.filter(query);
    return (
      prepared(this.db, `SELECT count(*) AS n FROM users ${where}`).get(params) as { n: number }
    ).n;
  }

  private filter(query: UserQuery): { where: string; params: Record<string, unknown> } {
    const clauses: string[] = [];
    const params: Record<string, unknown> = {};
    // NFKC: a fullwidth ＥＭＰ１ typed into the search finds EMP1.
    const search = query.search?.normalize('NFKC').trim();
    if (search) {
      const match = searchExpression(search);
      if (match) {
        clauses.push('id IN (SELECT rowid FROM users_search WHERE users_search MATCH @match)');
        params.match = match;
      } else {
        // Shorter than a trigram: a plain scan, rare and still bounded by LIMIT for lists.
        params.text = `%${escapeLike(search)}%`;
        clauses.push(`(display_name LIKE @text ESCAPE '\\' OR employee_id LIKE @text ESCAPE '\\')`);
      }
    }
    if (query.status) {
      clauses.push('status = @status');
      params.status = query.status;
    }
    if (query.groupId !== undefined) {
      clauses.push('id IN (SELECT user_id FROM group_members WHERE group_id = @groupId)');
      params.groupId = query.groupId;
    }
    return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }
}

/**
 * People whose employee IDs are one ID once normalised (NFKC, ASCII case ignored as the unique
 * index does): rows from before IDs were normalised that the migration could not merge.
 */
export function employeeIdCollisions(db: Db): Array<Array<{ id: number; employeeId: string }>> {
  const byKey = new Map<string, Array<{ id: number; employeeId: string }>>();
  const rows = prepared(db, 'SELECT id, employee_id FROM users ORDER BY id').all() as Array<
    Pick<UserRow, 'id' | 'employee_id'>
  >;
  for (const row of rows) {
    const key = normalizeEmployeeId(row.employee_id).replace(/[A-Z]/g, (c) => c.toLowerCase());
    const same = byKey.get(key) ?? [];
    same.push({ id: row.id, employeeId: row.employee_id });
    byKey.set(key, same);
  }
  return [...byKey.values()].filter((same) => same.length > 1);
}

/**
 * The FTS5 query for what a manager typed: the text against names and employee IDs, and its
 * digits against numbers.
 * Undefined when nothing is three characters long (the trigram minimum).
 */
export function searchExpression(search: string): string | undefined {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const parts: string[] = [];
  if (search.length >= 3) parts.push(`{display_name employee_id} : ${quote(search)}`);
  // What was typed, and without a national trunk 0 ("040 123" is stored as +35840123…).
  const digits = search.replace(/\D/g, '');
  for (const variant of new Set([digits, digits.replace(/^0/, '')])) {
    if (variant.length >= 3) parts.push(`phone_e164 : ${quote(variant)}`);
  }
  return parts.length ? parts.join(' OR ') : undefined;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
