// Query modules for enrolment_codes (one outstanding code per person, as a keyed hash) and
// attempt_locks (failure counts under keyed subjects: per employee ID, per kiosk).
import { prepared } from '../db/prepared';
import type { Db } from '../db/connection';
import { UNLOCKED, type LockState } from './lockout';

export interface EnrolmentCodeRow {
  user_id: number;
  code_hmac: string;
  issued_at: number;
  expires_at: number;
  issued_by: string;
  used_at: number | null;
}

export class EnrolmentCodesTable {
  constructor(private readonly db: Db) {}

  byUser(userId: number): EnrolmentCodeRow | undefined {
    return prepared(this.db, 'SELECT * FROM enrolment_codes WHERE user_id = ?').get(userId) as
      EnrolmentCodeRow | undefined;
  }

  /** A new code replaces the person's previous one, used or not. */
  replace(row: Omit<EnrolmentCodeRow, 'used_at'>): void {
    prepared(
      this.db,
      `INSERT INTO enrolment_codes (user_id, code_hmac, issued_at, expires_at, issued_by, used_at)
       VALUES (@user_id, @code_hmac, @issued_at, @expires_at, @issued_by, NULL)
       ON CONFLICT (user_id) DO UPDATE SET code_hmac = excluded.code_hmac,
         issued_at = excluded.issued_at, expires_at = excluded.expires_at,
         issued_by = excluded.issued_by, used_at = NULL`,
    ).run(row);
  }

  markUsed(userId: number, at: number): boolean {
    return (
      prepared(
        this.db,
        'UPDATE enrolment_codes SET used_at = ? WHERE user_id = ? AND used_at IS NULL',
      ).run(at, userId).changes > 0
    );
  }
}

export class AttemptLocks {
  constructor(private readonly db: Db) {}

  get(subject: string): LockState {
    const row = prepared(this.db, 'SELECT * FROM attempt_locks WHERE subject = ?').get(subject) as
      | { consecutive_failures: number; locked_until: number | null; locked_indefinitely: number }
      | undefined;
    if (!row) return UNLOCKED;
    return {
      consecutiveFailures: row.consecutive_failures,
      lockedUntil: row.locked_until,
      lockedIndefinitely: row.locked_indefinitely === 1,
    };
  }

  set(subject: string, state: LockState, now: number): void {
    if (state.consecutiveFailures === 0 && !state.lockedIndefinitely) {
      prepared(this.db, 'DELETE FROM attempt_locks WHERE subject = ?').run(subject);
      return;
    }
    prepared(
      this.db,
      `INSERT INTO attempt_locks (subject, consecutive_failures, locked_until, locked_indefinitely, updated_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (subject) DO UPDATE SET consecutive_failures = excluded.consecutive_failures,
         locked_until = excluded.locked_until, locked_indefinitely = excluded.locked_indefinitely,
         updated_at = excluded.updated_at`,
    ).run(
      subject,
      state.consecutiveFailures,
      state.lockedUntil,
      state.lockedIndefinitely ? 1 : 0,
      now,
    );
  }

  /**
   * Failures of a subject in a sliding window: `since` is the window's start, and a count whose
   * last failure is older than that has lapsed (the count starts again).
   */
  recent(subject: string, since: number): number {
    const row = prepared(
      this.db,
      'SELECT consecutive_failures AS n, updated_at AS at FROM attempt_locks WHERE subject = ?',
    ).get(subject) as { n: number; at: number } | undefined;
    return row && row.at > since ? row.n : 0;
  }

  /** One more failure in the window (see recent); returns the new count. */
  addRecent(subject: string, now: number, since: number): number {
    const count = this.recent(subject, since) + 1;
    this.set(
      subject,
      { consecutiveFailures: count, lockedUntil: null, lockedIndefinitely: false },
      now,
    );
    return count;
  }

  /** When the subject's last failure was, if it has one. */
  lastAt(subject: string): number | undefined {
    const row = prepared(
      this.db,
      'SELECT updated_at AS at FROM attempt_locks WHERE subject = ?',
    ).get(subject) as { at: number } | undefined;
    return row?.at;
  }

  clear(subject: string): void {
    prepared(this.db, 'DELETE FROM attempt_locks WHERE subject = ?').run(subject);
  }
}
