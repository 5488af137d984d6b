// Query module for totp_factors: one sealed secret per person, the last step used, and the
// factor's own failure count and lock.
import { prepared } from '../db/prepared';
import type { Db } from '../db/connection';
import type { LockState } from './lockout';

export interface TotpRow {
  user_id: number;
  secret_enc: Buffer;
  last_step: number | null;
  consecutive_failures: number;
  locked_until: number | null;
  locked_indefinitely: number;
  created_at: number;
}

export class TotpTable {
  constructor(private readonly db: Db) {}

  byUser(userId: number): TotpRow | undefined {
    return prepared(this.db, 'SELECT * FROM totp_factors WHERE user_id = ?').get(userId) as
      TotpRow | undefined;
  }

  upsert(userId: number, secretEnc: Buffer, lastStep: number, now: number): void {
    prepared(
      this.db,
      `INSERT INTO totp_factors (user_id, secret_enc, last_step, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET secret_enc = excluded.secret_enc,
         last_step = excluded.last_step, consecutive_failures = 0, locked_until = NULL,
         locked_indefinitely = 0, created_at = excluded.created_at`,
    ).run(userId, secretEnc, lastStep, now);
  }

  /** A right code: remember its step (replay protection) and clear the failure count. */
  used(userId: number, step: number): void {
    prepared(
      this.db,
      `UPDATE totp_factors SET last_step = ?, consecutive_failures = 0, locked_until = NULL,
         locked_indefinitely = 0 WHERE user_id = ?`,
    ).run(step, userId);
  }

  setLock(userId: number, state: LockState): void {
    prepared(
      this.db,
      `UPDATE totp_factors SET consecutive_failures = ?, locked_until = ?, locked_indefinitely = ?
       WHERE user_id = ?`,
    ).run(state.consecutiveFailures, state.lockedUntil, state.lockedIndefinitely ? 1 : 0, userId);
  }

  remove(userId: number): boolean {
    return prepared(this.db, 'DELETE FROM totp_factors WHERE user_id = ?').run(userId).changes > 0;
  }
}
