import { prepared } from '../db/prepared';
import type { Db } from '../db/connection';

import type { SignInResult } from '../../shared/admin';

export type { SignInResult };

export interface SignInLogEntry {
  at: number;
  userId: number | null;
  maskedPhone: string;
  kioskId: string;
  result: SignInResult;
  /** A SignInFailureCode, or what happened for code_sent/success. Never the code itself. */
  reason: string;
}

export interface SignInLogRow extends SignInLogEntry {
  id: number;
  userName: string | null;
  employeeId: string | null;
}

export interface SignInLogFilter {
  userId?: number;
  result?: SignInResult;
  from?: number;
  to?: number;
  limit?: number;
  offset?: number;
}

const WHERE = `WHERE (@userId IS NULL OR l.user_id = @userId)
    AND (@result IS NULL OR l.result = @result)
    AND (@from IS NULL OR l.at >= @from)
    AND (@to IS NULL OR l.at < @to)`;

function whereParams(filter: SignInLogFilter) {
  return {
    userId: filter.userId ?? null,
    result: filter.result ?? null,
    from: filter.from ?? null,
    to: filter.to ?? null,
  };
}

export class SignInLog {
  constructor(private readonly db: Db) {}

  append(entry: SignInLogEntry): void {
    prepared(
      this.db,
      `INSERT INTO signin_log (at, user_id, masked_phone, kiosk_id, result, reason)
         VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(entry.at, entry.userId, entry.maskedPhone, entry.kioskId, entry.result, entry.reason);
  }

  /** Newest first. */
  list(filter: SignInLogFilter = {}): SignInLogRow[] {
    const rows = prepared(
      this.db,
      `SELECT l.id, l.at, l.user_id, l.masked_phone, l.kiosk_id, l.result, l.reason,
              u.display_name, u.employee_id
         FROM signin_log l LEFT JOIN users u ON u.id = l.user_id
         ${WHERE}
         ORDER BY l.at DESC, l.id DESC
         LIMIT @limit OFFSET @offset`,
    ).all({
      ...whereParams(filter),
      limit: filter.limit ?? -1,
      offset: filter.offset ?? 0,
    }) as Array<{
      id: number;
      at: number;
      user_id: number | null;
      masked_phone: string;
      kiosk_id: string;
      result: SignInResult;
      reason: string;
      display_name: string | null;
      employee_id: string | null;
    }>;
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      userId: r.user_id,
      maskedPhone: r.masked_phone,
      kioskId: r.kiosk_id,
      result: r.result,
      reason: r.reason,
      userName: r.display_name,
      employeeId: r.employee_id,
    }));
  }

  count(filter: SignInLogFilter = {}): number {
    const row = prepared(this.db, `SELECT count(*) AS n FROM signin_log l ${WHERE}`).get(
      whereParams(filter),
    ) as { n: number };
    return row.n;
  }
}
