// Query module for text_codes (text-to-sign-in): the codes a kiosk showed, kept as HMACs.
import { prepared } from '../db/prepared';
import type { Db } from '../db/connection';

export type TextCodeState = 'open' | 'used' | 'cancelled' | 'replaced';

export interface TextCodeRow {
  id: string;
  kiosk_id: string;
  code_hmac: string;
  created_at: number;
  expires_at: number;
  state: TextCodeState;
  user_id: number | null;
  used_at: number | null;
}

export class TextCodesTable {
  private readonly insertStmt;
  private readonly replaceOpenStmt;
  private readonly recentStmt;
  private readonly useStmt;
  private readonly cancelStmt;
  private readonly byIdStmt;
  private readonly disabledWithPhoneStmt;
  private readonly pruneStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = prepared(
      db,
      `INSERT INTO text_codes (id, kiosk_id, code_hmac, created_at, expires_at, state)
       VALUES (@id, @kiosk_id, @code_hmac, @created_at, @expires_at, 'open')`,
    );
    this.replaceOpenStmt = prepared(
      db,
      "UPDATE text_codes SET state = 'replaced' WHERE kiosk_id = ? AND state = 'open'",
    );
    this.recentStmt = prepared(
      db,
      'SELECT * FROM text_codes WHERE expires_at > ? ORDER BY created_at DESC LIMIT 200',
    );
    this.useStmt = prepared(
      db,
      "UPDATE text_codes SET state = 'used', user_id = ?, used_at = ? WHERE id = ? AND state = 'open'",
    );
    this.cancelStmt = prepared(
      db,
      "UPDATE text_codes SET state = 'cancelled' WHERE id = ? AND kiosk_id = ? AND state = 'open'",
    );
    this.byIdStmt = prepared(db, 'SELECT * FROM text_codes WHERE id = ?');
    // Read-only look at users: a text from a disabled person's phone is logged as such.
    this.disabledWithPhoneStmt = prepared(
      db,
      "SELECT id FROM users WHERE phone_e164 = ? AND status = 'disabled' ORDER BY id LIMIT 1",
    );
    this.pruneStmt = prepared(db, 'DELETE FROM text_codes WHERE expires_at < ?');
  }

  /** A kiosk shows one code at a time: a new one replaces any still open. */
  openFor(row: Omit<TextCodeRow, 'state' | 'user_id' | 'used_at'>): void {
    this.db.transaction(() => {
      this.replaceOpenStmt.run(row.kiosk_id);
      this.insertStmt.run(row);
    })();
  }

  /** Codes that expired after `since` or are still running, newest first. */
  recent(since: number): TextCodeRow[] {
    return this.recentStmt.all(since) as TextCodeRow[];
  }

  /** Single use: true only for the one caller that moved the row from open to used. */
  markUsed(id: string, userId: number, now: number): boolean {
    return this.useStmt.run(userId, now, id).changes === 1;
  }

  cancel(id: string, kioskId: string): boolean {
    return this.cancelStmt.run(id, kioskId).changes === 1;
  }

  byId(id: string): TextCodeRow | undefined {
    return this.byIdStmt.get(id) as TextCodeRow | undefined;
  }

  disabledUserWithPhone(e164: string): number | undefined {
    return (this.disabledWithPhoneStmt.get(e164) as { id: number } | undefined)?.id;
  }

  /** Forgets codes that expired before `before` (their HMACs are of no further use). */
  prune(before: number): number {
    return this.pruneStmt.run(before).changes;
  }
}
