// Query modules for the outbox tables (migration 0002): `outbox`, one row per message, and
// `outbox_parts`, one row per part the modem accepted. Every state change is a conditional
// UPDATE on the state it expects, so a late answer from the modem can never overwrite a state
// that moved on meanwhile (cancelled, recovered after a crash).
import type { Db } from '../db/connection';
import type { OutboundStatus } from './outbound';

/** `cancelled`: a newer code replaced the message before it went out. */
export type OutboxState = OutboundStatus | 'cancelled';

export const FINAL_STATES: readonly OutboxState[] = [
  'sent',
  'delivered',
  'failed',
  'expired',
  'cancelled',
];

export interface OutboxRow {
  id: number;
  challenge_id: string | null;
  to_e164: string;
  body_enc: Buffer | null;
  status: OutboxState;
  reason: string | null;
  attempts: number;
  created_at: number;
  expires_at: number;
  next_attempt_at: number;
  concat_reference: number;
  cancel_requested: 0 | 1;
  part_count: number | null;
  sent_at: number | null;
  final_at: number | null;
  /** 1: the failure concerns the destination number (outbox.ts destinationFault). */
  destination_fault: 0 | 1;
}

/** A row as the admin screen may see it: never the body. */
export type OutboxSummaryRow = Omit<OutboxRow, 'body_enc'>;

export type PartDelivery = 'unknown' | 'delivered' | 'failed';

export interface OutboxPartRow {
  message_id: number;
  attempt: number;
  part: number;
  part_count: number;
  reference: number;
  sent_at: number;
  delivery: PartDelivery;
  delivery_status: number | null;
}

const SUMMARY_COLUMNS = `id, challenge_id, to_e164, status, reason, attempts, created_at, expires_at,
  next_attempt_at, concat_reference, cancel_requested, part_count, sent_at, final_at, destination_fault`;

export class OutboxTable {
  private readonly insertStmt;
  private readonly byIdStmt;
  private readonly nextDueStmt;
  private readonly nextAttemptStmt;
  private readonly nextExpiryStmt;
  private readonly expireDueStmt;
  private readonly markSendingStmt;
  private readonly markSentStmt;
  private readonly requeueStmt;
  private readonly finishStmt;
  private readonly cancelQueuedStmt;
  private readonly requestCancelStmt;
  private readonly recoverExpiredStmt;
  private readonly recoverQueuedStmt;
  private readonly deliveryStmt;
  private readonly recentStmt;
  private readonly sentSinceStmt;
  private readonly durationsStmt;

  constructor(db: Db) {
    this.durationsStmt = db.prepare(
      `SELECT sent_at - created_at AS ms FROM outbox WHERE sent_at IS NOT NULL
       ORDER BY sent_at DESC, id DESC LIMIT ?`,
    );
    // The concatenation reference follows the previous message's (1-255, wrapping), so two
    // messages in flight to the same phone never share one, even across restarts.
    this.insertStmt = db.prepare(
      `INSERT INTO outbox (challenge_id, to_e164, body_enc, status, created_at, expires_at,
         next_attempt_at, concat_reference)
       VALUES (@challengeId, @to, @bodyEnc, 'queued', @now, @expiresAt, @now,
         COALESCE((SELECT concat_reference FROM outbox ORDER BY id DESC LIMIT 1) % 255 + 1, 1))`,
    );
    this.byIdStmt = db.prepare('SELECT * FROM outbox WHERE id = ?');
    this.nextDueStmt = db.prepare(
      `SELECT * FROM outbox WHERE status = 'queued' AND next_attempt_at <= @now
         AND expires_at > @now ORDER BY next_attempt_at, id LIMIT 1`,
    );
    this.nextAttemptStmt = db.prepare(
      "SELECT min(next_attempt_at) AS at FROM outbox WHERE status = 'queued'",
    );
    this.nextExpiryStmt = db.prepare(
      "SELECT min(expires_at) AS at FROM outbox WHERE status = 'queued'",
    );
    this.expireDueStmt = db.prepare(
      `UPDATE outbox SET status = 'expired', body_enc = NULL, final_at = @now,
         reason = 'The code expired before it could be sent' || coalesce(': ' || reason, '')
       WHERE status = 'queued' AND expires_at <= @now RETURNING id, reason`,
    );
    this.markSendingStmt = db.prepare(
      `UPDATE outbox SET status = 'sending', attempts = attempts + 1
       WHERE id = ? AND status = 'queued' RETURNING attempts`,
    );
    this.markSentStmt = db.prepare(
      `UPDATE outbox SET status = 'sent', body_enc = NULL, reason = NULL, sent_at = @now,
         final_at = @now, part_count = @partCount
       WHERE id = @id AND status = 'sending'`,
    );
    this.requeueStmt = db.prepare(
      `UPDATE outbox SET status = 'queued', next_attempt_at = @nextAt, reason = @reason
       WHERE id = @id AND status = 'sending'`,
    );
    this.finishStmt = db.prepare(
      `UPDATE outbox SET status = @status, body_enc = NULL, reason = @reason, final_at = @now,
         destination_fault = @destinationFault
       WHERE id = @id AND status IN ('queued', 'sending')`,
    );
    this.cancelQueuedStmt = db.prepare(
      `UPDATE outbox SET status = 'cancelled', body_enc = NULL, final_at = @now,
         reason = 'A newer code replaced this message'
       WHERE id = @id AND status = 'queued'`,
    );
    this.requestCancelStmt = db.prepare(
      "UPDATE outbox SET cancel_requested = 1 WHERE id = ? AND status = 'sending'",
    );
    this.recoverExpiredStmt = db.prepare(
      `UPDATE outbox SET status = 'expired', body_enc = NULL, final_at = @now,
         reason = 'The kiosk stopped while sending it, and the code expired before it restarted'
       WHERE status = 'sending' AND expires_at <= @now`,
    );
    // A cancelled message that was in flight when the process died is not sent again.
    this.recoverQueuedStmt = db.prepare(
      `UPDATE outbox SET
         status = CASE cancel_requested WHEN 1 THEN 'cancelled' ELSE 'queued' END,
         body_enc = CASE cancel_requested WHEN 1 THEN NULL ELSE body_enc END,
         final_at = CASE cancel_requested WHEN 1 THEN @now ELSE NULL END,
         reason = CASE cancel_requested WHEN 1 THEN 'A newer code replaced this message'
           ELSE 'The kiosk stopped while sending it; sending again' END,
         next_attempt_at = @now
       WHERE status = 'sending'`,
    );
    this.deliveryStmt = db.prepare(
      `UPDATE outbox SET status = @status, reason = @reason, final_at = @now
       WHERE id = @id AND status = 'sent'`,
    );
    this.recentStmt = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM outbox ORDER BY id DESC LIMIT ?`);
    this.sentSinceStmt = db.prepare(
      `SELECT count(*) AS messages, coalesce(sum(part_count), 0) AS parts
       FROM outbox WHERE sent_at >= ?`,
    );
  }

  insert(row: {
    challengeId: string | null;
    to: string;
    bodyEnc: Buffer;
    now: number;
    expiresAt: number;
  }): number {
    return Number(this.insertStmt.run(row).lastInsertRowid);
  }

  byId(id: number): OutboxRow | undefined {
    return this.byIdStmt.get(id) as OutboxRow | undefined;
  }

  /** The queued message that is due first, if any is due now and not expired. */
  nextDue(now: number): OutboxRow | undefined {
    return this.nextDueStmt.get({ now }) as OutboxRow | undefined;
  }

  /** Earliest retry time among queued messages. */
  nextAttemptAt(): number | null {
    return (this.nextAttemptStmt.get() as { at: number | null }).at;
  }

  /** Earliest expiry among queued messages. */
  nextExpiryAt(): number | null {
    return (this.nextExpiryStmt.get() as { at: number | null }).at;
  }

  /** Drops queued messages whose code has expired; returns them. */
  expireDue(now: number): Array<{ id: number; reason: string }> {
    return this.expireDueStmt.all({ now }) as Array<{ id: number; reason: string }>;
  }

  /** Claims a queued message for sending; returns the attempt number, or undefined if taken. */
  markSending(id: number): number | undefined {
    return (this.markSendingStmt.get(id) as { attempts: number } | undefined)?.attempts;
  }

  markSent(id: number, now: number, partCount: number): boolean {
    return this.markSentStmt.run({ id, now, partCount }).changes > 0;
  }

  requeue(id: number, nextAt: number, reason: string): boolean {
    return this.requeueStmt.run({ id, nextAt, reason }).changes > 0;
  }

  /** Ends a message that has not been sent: failed, expired or cancelled, body wiped. */
  finish(
    id: number,
    status: 'failed' | 'expired' | 'cancelled',
    reason: string,
    now: number,
    destinationFault = false,
  ): boolean {
    return (
      this.finishStmt.run({ id, status, reason, now, destinationFault: destinationFault ? 1 : 0 })
        .changes > 0
    );
  }

  /** Cancels a queued message now, or asks the worker not to retry one in flight. */
  cancel(id: number, now: number): void {
    if (this.cancelQueuedStmt.run({ id, now }).changes === 0) this.requestCancelStmt.run(id);
  }

  /** After a crash: messages left in `sending` may or may not have gone out; send them again. */
  recoverSending(now: number): { requeued: number; expired: number } {
    const expired = this.recoverExpiredStmt.run({ now }).changes;
    const requeued = this.recoverQueuedStmt.run({ now }).changes;
    return { requeued, expired };
  }

  /** sent → delivered / failed, from delivery reports. */
  setDelivery(
    id: number,
    status: 'delivered' | 'failed',
    reason: string | null,
    now: number,
  ): boolean {
    return this.deliveryStmt.run({ id, status, reason, now }).changes > 0;
  }

  recent(limit: number): OutboxSummaryRow[] {
    return this.recentStmt.all(limit) as OutboxSummaryRow[];
  }

  sentSince(since: number): { messages: number; parts: number } {
    return this.sentSinceStmt.get(since) as { messages: number; parts: number };
  }

  /** Queue-to-network times of the newest sent messages, newest first. */
  recentSendDurations(limit: number): number[] {
    return (this.durationsStmt.all(limit) as Array<{ ms: number }>).map((r) => r.ms);
  }
}

export class OutboxPartsTable {
  private readonly insertStmt;
  private readonly ofMessageStmt;
  private readonly byReferenceStmt;
  private readonly setDeliveryStmt;

  constructor(db: Db) {
    // OR IGNORE: a part is recorded as the modem accepts it and again from the final result.
    this.insertStmt = db.prepare(
      `INSERT OR IGNORE INTO outbox_parts (message_id, attempt, part, part_count, reference, sent_at)
       VALUES (@messageId, @attempt, @part, @partCount, @reference, @sentAt)`,
    );
    this.ofMessageStmt = db.prepare(
      'SELECT * FROM outbox_parts WHERE message_id = ? ORDER BY attempt, part',
    );
    this.byReferenceStmt = db.prepare(
      `SELECT p.*, o.to_e164 FROM outbox_parts p JOIN outbox o ON o.id = p.message_id
       WHERE p.reference = ? AND p.sent_at >= ? ORDER BY p.sent_at DESC, p.rowid DESC LIMIT 20`,
    );
    this.setDeliveryStmt = db.prepare(
      `UPDATE outbox_parts SET delivery = @delivery, delivery_status = @status
       WHERE message_id = @messageId AND attempt = @attempt AND part = @part`,
    );
  }

  record(row: {
    messageId: number;
    attempt: number;
    part: number;
    partCount: number;
    reference: number;
    sentAt: number;
  }): void {
    this.insertStmt.run(row);
  }

  ofMessage(messageId: number): OutboxPartRow[] {
    return this.ofMessageStmt.all(messageId) as OutboxPartRow[];
  }

  /** Parts sent since `since` with this message reference, newest first. */
  byReference(reference: number, since: number): Array<OutboxPartRow & { to_e164: string }> {
    return this.byReferenceStmt.all(reference, since) as Array<OutboxPartRow & { to_e164: string }>;
  }

  setDelivery(
    key: { messageId: number; attempt: number; part: number },
    delivery: PartDelivery,
    status: number,
  ): void {
    this.setDeliveryStmt.run({ ...key, delivery, status });
  }
}
