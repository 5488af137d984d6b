// Query modules for the sign-in engine's own tables: challenges, code sends (for the caps),
// lock state of unregistered numbers, and sessions.
import { prepared } from '../db/prepared';
import type { Db } from '../db/connection';
import type { LockState } from './lockout';

export type ChallengeState = 'pending' | 'used' | 'dead' | 'superseded';

export interface ChallengeRow {
  id: string;
  user_id: number | null;
  number_key: string;
  kiosk_id: string;
  code_hmac: string;
  code_sent_at: number;
  expires_at: number;
  wrong_attempts: number;
  state: ChallengeState;
  outbound_id: string | null;
  created_at: number;
  /** The mask the kiosk showed at start, answered again by every resend. */
  masked_phone: string | null;
  /** When a message would go out: a decoy's pretended send, and a real one's if refused. */
  decoy_send_at: number | null;
  /** When a decoy's pretended message went out (the first status check after decoy_send_at). */
  decoy_sent_at: number | null;
}

export class ChallengesTable {
  private readonly byIdStmt;
  private readonly insertStmt;
  private readonly supersedeStmt;
  private readonly pendingOutboundStmt;

  constructor(private readonly db: Db) {
    this.byIdStmt = prepared(db, 'SELECT * FROM challenges WHERE id = ?');
    this.insertStmt = prepared(
      db,
      `INSERT INTO challenges (id, user_id, number_key, kiosk_id, code_hmac, code_sent_at, expires_at,
         wrong_attempts, state, outbound_id, created_at, masked_phone, decoy_send_at)
       VALUES (@id, @user_id, @number_key, @kiosk_id, @code_hmac, @code_sent_at, @expires_at,
         0, 'pending', @outbound_id, @created_at, @masked_phone, @decoy_send_at)`,
    );
    this.pendingOutboundStmt = prepared(
      db,
      "SELECT outbound_id FROM challenges WHERE number_key = ? AND state = 'pending' AND outbound_id IS NOT NULL",
    );
    this.supersedeStmt = prepared(
      db,
      "UPDATE challenges SET state = 'superseded' WHERE number_key = ? AND state = 'pending'",
    );
  }

  byId(id: string): ChallengeRow | undefined {
    return this.byIdStmt.get(id) as ChallengeRow | undefined;
  }

  insert(row: Omit<ChallengeRow, 'wrong_attempts' | 'state' | 'decoy_sent_at'>): void {
    this.insertStmt.run(row);
  }

  /** Ends every pending challenge of a number; returns their unsent messages' ids. */
  supersedePending(numberKey: string): string[] {
    const ids = (this.pendingOutboundStmt.all(numberKey) as Array<{ outbound_id: string }>).map(
      (r) => r.outbound_id,
    );
    this.supersedeStmt.run(numberKey);
    return ids;
  }

  replaceCode(
    id: string,
    fields: {
      codeHmac: string;
      sentAt: number;
      expiresAt: number;
      outboundId: string | null;
      decoySendAt: number;
    },
  ): void {
    prepared(
      this.db,
      `UPDATE challenges SET code_hmac = ?, code_sent_at = ?, expires_at = ?, wrong_attempts = 0,
           outbound_id = ?, decoy_send_at = ?, decoy_sent_at = NULL WHERE id = ?`,
    ).run(
      fields.codeHmac,
      fields.sentAt,
      fields.expiresAt,
      fields.outboundId,
      fields.decoySendAt,
      id,
    );
  }

  markDecoySent(id: string, at: number): void {
    prepared(
      this.db,
      'UPDATE challenges SET decoy_sent_at = ? WHERE id = ? AND decoy_sent_at IS NULL',
    ).run(at, id);
  }

  recordWrongAttempt(id: string, dead: boolean): void {
    prepared(
      this.db,
      "UPDATE challenges SET wrong_attempts = wrong_attempts + 1, state = CASE WHEN ? THEN 'dead' ELSE state END WHERE id = ?",
    ).run(dead ? 1 : 0, id);
  }

  markUsed(id: string): void {
    prepared(this.db, "UPDATE challenges SET state = 'used' WHERE id = ?").run(id);
  }
}

export class CodeSendsTable {
  constructor(private readonly db: Db) {}

  record(numberKey: string, kioskId: string, realSms: boolean, at: number): void {
    prepared(
      this.db,
      'INSERT INTO code_sends (number_key, kiosk_id, real_sms, sent_at) VALUES (?, ?, ?, ?)',
    ).run(numberKey, kioskId, realSms ? 1 : 0, at);
  }

  /** Send times of a number after `since`, oldest first. */
  numberSendsSince(numberKey: string, since: number): number[] {
    return (
      prepared(
        this.db,
        'SELECT sent_at FROM code_sends WHERE number_key = ? AND sent_at > ? ORDER BY sent_at',
      ).all(numberKey, since) as Array<{ sent_at: number }>
    ).map((r) => r.sent_at);
  }

  /**
   * Codes sent after `since` (on one kiosk, or on the SIM as a whole). Decoys count like real
   * messages: a cap that filled only with real sends would tell how many numbers are registered.
   */
  sendsSince(since: number, kioskId?: string): number {
    return (
      prepared(
        this.db,
        'SELECT count(*) AS n FROM code_sends WHERE sent_at > ? AND (? IS NULL OR kiosk_id = ?)',
      ).get(since, kioskId ?? null, kioskId ?? null) as { n: number }
    ).n;
  }
}

export class UnknownNumberLocks {
  constructor(private readonly db: Db) {}

  get(numberKey: string): LockState {
    const row = prepared(
      this.db,
      'SELECT consecutive_failures, locked_until, locked_indefinitely FROM unknown_number_lockouts WHERE number_key = ?',
    ).get(numberKey) as
      | { consecutive_failures: number; locked_until: number | null; locked_indefinitely: number }
      | undefined;
    return {
      consecutiveFailures: row?.consecutive_failures ?? 0,
      lockedUntil: row?.locked_until ?? null,
      lockedIndefinitely: row?.locked_indefinitely === 1,
    };
  }

  set(numberKey: string, state: LockState, now: number): void {
    prepared(
      this.db,
      `INSERT INTO unknown_number_lockouts
           (number_key, consecutive_failures, locked_until, locked_indefinitely, updated_at)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (number_key) DO UPDATE SET
           consecutive_failures = excluded.consecutive_failures,
           locked_until = excluded.locked_until,
           locked_indefinitely = excluded.locked_indefinitely, updated_at = excluded.updated_at`,
    ).run(
      numberKey,
      state.consecutiveFailures,
      state.lockedUntil,
      state.lockedIndefinitely ? 1 : 0,
      now,
    );
  }
}

export interface SessionRow {
  id: string;
  user_id: number;
  kiosk_id: string;
  started_at: number;
  expires_at: number;
  ended_at: number | null;
  end_reason: string | null;
}

export class SessionsTable {
  constructor(private readonly db: Db) {}

  insert(row: Omit<SessionRow, 'ended_at' | 'end_reason'>): void {
    prepared(
      this.db,
      'INSERT INTO sessions (id, user_id, kiosk_id, started_at, expires_at) VALUES (@id, @user_id, @kiosk_id, @started_at, @expires_at)',
    ).run(row);
  }

  byId(id: string): SessionRow | undefined {
    return prepared(this.db, 'SELECT * FROM sessions WHERE id = ?').get(id) as
      SessionRow | undefined;
  }

  end(id: string, at: number, reason: string): boolean {
    return (
      prepared(
        this.db,
        'UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL',
      ).run(at, reason, id).changes === 1
    );
  }
}

/** Every sign-in start per kiosk (no number), for the limit on all starts. */
export class StartAttemptsTable {
  constructor(private readonly db: Db) {}

  record(kioskId: string, at: number): void {
    prepared(this.db, 'INSERT INTO start_attempts (kiosk_id, at) VALUES (?, ?)').run(kioskId, at);
  }

  /** The oldest start after `since` (when the hour's count next goes down). */
  oldestSince(kioskId: string, since: number): number {
    return (
      (
        prepared(
          this.db,
          'SELECT min(at) AS at FROM start_attempts WHERE kiosk_id = ? AND at > ?',
        ).get(kioskId, since) as { at: number | null }
      ).at ?? since
    );
  }

  since(kioskId: string, since: number): number {
    return (
      prepared(
        this.db,
        'SELECT count(*) AS n FROM start_attempts WHERE kiosk_id = ? AND at > ?',
      ).get(kioskId, since) as { n: number }
    ).n;
  }
}

/**
 * Sign-ins started for a number since it last signed in with a code (after `since`) whose code
 * nobody even tried: the per-number backoff. Tried codes count toward the lockout instead.
 * Decoys count like real sign-ins, so the wait tells nothing about who is registered.
 */
export function untriedStarts(db: Db, numberKey: string, since: number): number[] {
  const lastUsed = (
    prepared(
      db,
      "SELECT max(code_sent_at) AS at FROM challenges WHERE number_key = ? AND state = 'used'",
    ).get(numberKey) as { at: number | null }
  ).at;
  return (
    prepared(
      db,
      `SELECT created_at FROM challenges WHERE number_key = ? AND created_at > ?
         AND wrong_attempts = 0 AND state IN ('pending', 'superseded') ORDER BY created_at`,
    ).all(numberKey, Math.max(since, lastUsed ?? 0)) as Array<{ created_at: number }>
  ).map((r) => r.created_at);
}
