// The persistent outbox (DESIGN.md "Modem" 7): the sign-in engine queues a code's SMS in the
// same transaction as the challenge, and a worker hands due messages to the modem one at a
// time. Delivery is at-least-once: a message is marked `sending` before the modem sees it, so
// one found in that state after a crash may or may not have gone out, and is sent again.
// Temporary modem errors are retried with backoff until the code expires; permanent ones fail
// at once with the modem's site-manager message. Bodies are sealed at rest and wiped when final.
import type { Db } from '../db/connection';
import { deriveKey } from '../secret';
import { systemScheduler, type Scheduler, type TimerHandle } from '../time';
import { maskPhone } from '../../shared/phone';
import type { Availability, OutboundMessage, OutboundSms } from './outbound';
import { openBody, sealBody } from './crypto';
import {
  OutboxPartsTable,
  OutboxTable,
  type OutboxRow,
  type OutboxState,
  type OutboxSummaryRow,
} from './table';

export type { OutboxState } from './table';

/** What the outbox needs from a modem: ModemDevice.sendSms fits; tests pass a fake. */
export interface SmsSender {
  sendSms(to: string, text: string, options: SmsSendOptions): Promise<{ references: number[] }>;
}

/** The subset of the device's SendOptions the outbox uses. */
export interface SmsSendOptions {
  concatReference?: number;
  requestStatusReport?: boolean;
  validityMinutes?: number;
  onPartSent?: (part: { index: number; total: number; reference: number }) => void;
}

/** Whether the modem can send now, and news when that changes (see outbox-wiring.ts). */
export interface ModemStatusSource {
  current(): Availability;
  /** Returns an unsubscribe function. */
  subscribe(listener: (availability: Availability) => void): () => void;
}

/** A delivery report as ModemDevice emits it ('delivery-report'). */
export interface DeliveryReportLike {
  reference: number;
  recipient: string;
  /** TP-Status (TS 23.040 9.2.3.15). */
  status: number;
  outcome: 'delivered' | 'pending' | 'failed';
}

export const NO_MODEM_REASON = 'No modem is set up';

/** For a kiosk with no modem configured: the engine refuses sign-ins with this reason. */
export const noModemStatus: ModemStatusSource = {
  current: () => ({ available: false, reason: NO_MODEM_REASON }),
  subscribe: () => () => undefined,
};

const alwaysAvailable: ModemStatusSource = {
  current: () => ({ available: true }),
  subscribe: () => () => undefined,
};

export interface OutboxOptions {
  db: Db;
  /** The install secret; the body key is derived from it. */
  secret: Buffer;
  scheduler?: Scheduler;
  /** Without a sender the outbox only stores messages and reports "No modem is set up". */
  sender?: SmsSender;
  /** Defaults to "always available" with a sender, and to noModemStatus without one. */
  modemStatus?: ModemStatusSource;
  /** Backoff for temporary errors: initialMs doubling up to maxMs (default 2 s to 60 s). */
  retry?: { initialMs?: number; maxMs?: number };
  /** Lines for the kiosk's log. They carry ids, states and reasons, never a body. */
  log?: (line: string) => void;
}

/** One message as the admin screen lists it: the number masked, no body. */
export interface OutboxListItem {
  id: string;
  challengeId: string | null;
  maskedTo: string;
  status: OutboxState;
  reason: string | null;
  attempts: number;
  parts: number | null;
  createdAt: number;
  expiresAt: number;
  /** When the network accepted it (sent to the network, not yet to the phone). */
  sentAt: number | null;
  finalAt: number | null;
  /**
   * What the network's delivery reports said, kept apart from "sent": waiting (none yet),
   * delivered to the phone, or failed after the network accepted it; null: never sent.
   */
  delivery: MessageDelivery | null;
  /** When the report said it reached the phone. */
  deliveredAt: number | null;
}

export type MessageDelivery = 'waiting' | 'delivered' | 'failed';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Delivery reports older than this are not matched: message references wrap every 256 sends. */
const REPORT_WINDOW_MS = DAY;
const CANCELLED_REASON = 'A newer code replaced this message';

export class Outbox implements OutboundSms {
  private readonly db: Db;
  private readonly table: OutboxTable;
  private readonly parts: OutboxPartsTable;
  private readonly key: Buffer;
  private readonly scheduler: Scheduler;
  private readonly sender?: SmsSender;
  private readonly modemStatus: ModemStatusSource;
  private readonly retryInitialMs: number;
  private readonly retryMaxMs: number;
  private readonly log: (line: string) => void;
  private running = false;
  private pumping?: Promise<void>;
  private kickQueued = false;
  private wakeTimer?: TimerHandle;
  private unsubscribe?: () => void;

  constructor(options: OutboxOptions) {
    this.db = options.db;
    this.table = new OutboxTable(options.db);
    this.parts = new OutboxPartsTable(options.db);
    this.key = deriveKey(options.secret, 'outbox');
    this.scheduler = options.scheduler ?? systemScheduler;
    this.sender = options.sender;
    this.modemStatus = options.modemStatus ?? (options.sender ? alwaysAvailable : noModemStatus);
    this.retryInitialMs = options.retry?.initialMs ?? 2_000;
    this.retryMaxMs = options.retry?.maxMs ?? 60_000;
    this.log = options.log ?? (() => undefined);
  }

  // --- OutboundSms (called by the sign-in engine) -------------------------------------------

  availability(): Availability {
    if (!this.sender) return noModemStatus.current();
    return this.modemStatus.current();
  }

  enqueue(message: OutboundMessage): string {
    const binding = { to: message.to, challengeId: message.challengeId };
    const id = this.table.insert({
      challengeId: message.challengeId,
      to: message.to,
      bodyEnc: sealBody(this.key, message.body, binding),
      now: this.scheduler.now(),
      expiresAt: message.expiresAt,
    });
    // Deferred: the engine's transaction has not committed yet, and may still roll back.
    this.kick();
    return String(id);
  }

  cancel(id: string): void {
    const n = parseId(id);
    if (n !== undefined) this.table.cancel(n, this.scheduler.now());
  }

  status(id: string): ReturnType<OutboundSms['status']> {
    const n = parseId(id);
    const row = n === undefined ? undefined : this.table.byId(n);
    if (!row) return undefined;
    // OutboundStatus has no "cancelled": to the engine a replaced code is as dead as an
    // expired one, and only superseded challenges ever ask about it.
    const status = row.status === 'cancelled' ? 'expired' : row.status;
    return {
      status,
      ...(row.reason === null ? {} : { reason: row.reason }),
      ...(row.sent_at === null ? {} : { sentAt: row.sent_at }),
      ...(row.destination_fault === 1 ? { destinationFault: true } : {}),
    };
  }

  recentSendDurations(limit: number): number[] {
    return this.table.recentSendDurations(limit);
  }

  // --- worker -------------------------------------------------------------------------------

  /** Recovers messages a crash left in `sending`, then sends due messages until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    // Restarted before a stop() finished: the message in `sending` really is in flight.
    if (!this.pumping) this.recoverInFlight();
    this.unsubscribe = this.modemStatus.subscribe(() => this.kick());
    this.kick();
  }

  /**
   * Stops sending. Resolves once a send in progress has finished and been recorded (the modem
   * may take up to a minute). A caller that closes the database without waiting loses nothing:
   * that message stays `sending` and goes out again on the next start.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.clearWake();
    await this.pumping;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /**
   * Matches a delivery report to the part it is about (by message reference and recipient)
   * and settles the message: delivered once every part is, failed when a part cannot be.
   * Returns whether the report was ours.
   */
  handleDeliveryReport(report: DeliveryReportLike): boolean {
    const outcome = report.outcome;
    if (outcome === 'pending') return false;
    const now = this.scheduler.now();
    return this.db.transaction(() => {
      const candidates = this.parts.byReference(report.reference, now - REPORT_WINDOW_MS);
      const part = candidates.find((p) => sameNumber(p.to_e164, report.recipient));
      if (!part) return false;
      this.parts.setDelivery(
        { messageId: part.message_id, attempt: part.attempt, part: part.part },
        outcome,
        report.status,
      );
      this.settleDelivery(part.message_id, now);
      return true;
    })();
  }

  // --- admin queries ------------------------------------------------------------------------

  /** The newest messages first, without bodies and with masked numbers. */
  recent(limit = 50): OutboxListItem[] {
    return this.table.recent(Math.max(1, Math.min(1000, limit))).map((row) => ({
      id: String(row.id),
      challengeId: row.challenge_id,
      maskedTo: maskPhone(row.to_e164),
      status: row.status,
      reason: row.reason,
      attempts: row.attempts,
      parts: row.part_count,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      sentAt: row.sent_at,
      finalAt: row.final_at,
      delivery: deliveryOf(row),
      deliveredAt: row.status === 'delivered' ? row.final_at : null,
    }));
  }

  /** Messages (and their parts, which the SIM pays for) the modem accepted since `since`. */
  sentSince(since: number): { messages: number; parts: number } {
    return this.table.sentSince(since);
  }

  sentInLast24Hours(): { messages: number; parts: number } {
    return this.sentSince(this.scheduler.now() - DAY);
  }

  /** Since local midnight: "today" as the site manager reads the kiosk's clock. */
  sentToday(): { messages: number; parts: number } {
    const midnight = new Date(this.scheduler.now());
    midnight.setHours(0, 0, 0, 0);
    return this.sentSince(midnight.getTime());
  }

  // --- the worker's loop ---------------------------------------------------------------------

  private recoverInFlight(): void {
    const recovered = this.db.transaction(() => this.table.recoverSending(this.scheduler.now()))();
    if (recovered.requeued || recovered.expired) {
      this.log(
        `outbox: found ${recovered.requeued + recovered.expired} message(s) in flight from the last run: ${recovered.requeued} queued again, ${recovered.expired} expired`,
      );
    }
  }

  /**
   * Runs the loop soon, never inside the caller: enqueue() and cancel() run inside the
   * engine's transaction, and a modem event may arrive in the middle of anything.
   */
  private kick(): void {
    if (!this.running || this.kickQueued) return;
    this.kickQueued = true;
    queueMicrotask(() => {
      this.kickQueued = false;
      if (!this.running || this.pumping) return;
      // The loop reads the queue afresh after every send, so a kick that finds it busy is
      // already covered; when it ends, only timed work (retries, expiries) remains.
      this.pumping = this.pump().finally(() => {
        this.pumping = undefined;
        this.scheduleWake();
      });
    });
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        if (!this.running) return;
        const now = this.scheduler.now();
        for (const expired of this.table.expireDue(now)) {
          this.log(`outbox: message ${expired.id} expired: ${expired.reason}`);
        }
        // While the modem is down, messages wait without spending attempts; they still expire.
        if (!this.sender || !this.availability().available) return;
        const message = this.table.nextDue(now);
        if (!message) return;
        await this.sendOne(this.sender, message);
      }
    } catch (error) {
      // Only the database can throw here (closed under us, disk full): stop rather than spin.
      this.running = false;
      this.clearWake();
      this.log(`outbox: stopped: ${(error as Error).message}`);
    }
  }

  private async sendOne(sender: SmsSender, message: OutboxRow): Promise<void> {
    const attempt = this.table.markSending(message.id);
    if (attempt === undefined) return;
    let text: string;
    try {
      text = openBody(this.key, message.body_enc!, {
        to: message.to_e164,
        challengeId: message.challenge_id,
      });
    } catch {
      this.table.finish(
        message.id,
        'failed',
        'The stored message could not be read: the database or its key file was changed',
        this.scheduler.now(),
      );
      this.log(`outbox: message ${message.id} failed: its stored body could not be decrypted`);
      return;
    }
    const startedAt = this.scheduler.now();
    const recordPart = (part: { index: number; total: number; reference: number }) =>
      this.parts.record({
        messageId: message.id,
        attempt,
        part: part.index,
        partCount: part.total,
        reference: part.reference,
        sentAt: this.scheduler.now(),
      });
    let references: number[];
    try {
      ({ references } = await sender.sendSms(message.to_e164, text, {
        concatReference: message.concat_reference,
        requestStatusReport: true,
        // The network may hold an undeliverable message for days; a code is worthless sooner.
        validityMinutes: Math.max(1, Math.ceil((message.expires_at - startedAt) / 60_000)),
        onPartSent: recordPart,
      }));
    } catch (error) {
      this.afterFailure(message, attempt, error);
      return;
    }
    const now = this.scheduler.now();
    this.db.transaction(() => {
      // Senders that do not report parts as they go still return every reference.
      references.forEach((reference, index) =>
        recordPart({ index, total: references.length, reference }),
      );
      if (this.table.markSent(message.id, now, references.length)) {
        // Reports can overtake the send's own result (the device holds them until it ends).
        this.settleDelivery(message.id, now);
      }
    })();
    this.log(
      `outbox: message ${message.id} sent in ${references.length} part(s), attempt ${attempt}`,
    );
  }

  private afterFailure(message: OutboxRow, attempt: number, error: unknown): void {
    const now = this.scheduler.now();
    const { temporary, reason } = classify(error);
    const current = this.table.byId(message.id);
    if (!temporary) {
      this.table.finish(message.id, 'failed', reason, now, destinationFault(error));
      this.log(`outbox: message ${message.id} failed: ${reason}`);
    } else if (current?.cancel_requested) {
      this.table.finish(message.id, 'cancelled', CANCELLED_REASON, now);
    } else {
      const delay = Math.min(this.retryMaxMs, this.retryInitialMs * 2 ** (attempt - 1));
      if (now + delay >= message.expires_at) {
        this.table.finish(
          message.id,
          'expired',
          `The code expired before it could be sent: ${reason}`,
          now,
        );
        this.log(`outbox: message ${message.id} expired after ${attempt} attempt(s): ${reason}`);
      } else {
        this.table.requeue(message.id, now + delay, reason);
        this.log(`outbox: message ${message.id} will be retried in ${delay} ms: ${reason}`);
      }
    }
  }

  /** sent → delivered when every part was delivered; → failed when a part of the last try failed. */
  private settleDelivery(messageId: number, now: number): void {
    const message = this.table.byId(messageId);
    if (!message || message.status !== 'sent' || !message.part_count) return;
    const parts = this.parts.ofMessage(messageId);
    const lastAttempt = Math.max(...parts.map((p) => p.attempt));
    // The phone merges parts by concatenation reference, which every attempt shares, so a part
    // counts as delivered whichever attempt carried it.
    const delivered = new Set(parts.filter((p) => p.delivery === 'delivered').map((p) => p.part));
    if (delivered.size >= message.part_count) {
      this.table.setDelivery(messageId, 'delivered', null, now);
      return;
    }
    const failed = parts.find(
      (p) => p.attempt === lastAttempt && p.delivery === 'failed' && !delivered.has(p.part),
    );
    if (failed) {
      const reason = `The network could not deliver the message (status ${failed.delivery_status})`;
      this.table.setDelivery(messageId, 'failed', reason, now);
      this.log(`outbox: message ${messageId} was not delivered: ${reason}`);
    }
  }

  /**
   * Wakes the loop for the next retry, or while the modem is down only for the next expiry
   * (a due message would otherwise wake it again at once).
   */
  private scheduleWake(): void {
    this.clearWake();
    if (!this.running) return;
    const canSend = this.sender !== undefined && this.availability().available;
    const expiry = this.table.nextExpiryAt();
    const attempt = canSend ? this.table.nextAttemptAt() : null;
    const candidates = [expiry, attempt].filter((t): t is number => t !== null);
    if (candidates.length === 0) return;
    const delay = Math.max(0, Math.min(...candidates) - this.scheduler.now());
    this.wakeTimer = this.scheduler.setTimeout(() => {
      this.wakeTimer = undefined;
      this.kick();
    }, delay);
  }

  private clearWake(): void {
    if (this.wakeTimer) this.scheduler.clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
  }
}

/**
 * ModemError carries `temporary` and a message written for a site manager. Anything else is
 * a driver bug: retried (the outcome is unknown) under a generic message.
 */
function classify(error: unknown): { temporary: boolean; reason: string } {
  if (error instanceof Error && typeof (error as { temporary?: unknown }).temporary === 'boolean') {
    return {
      temporary: (error as Error & { temporary: boolean }).temporary,
      reason: error.message,
    };
  }
  return { temporary: true, reason: 'The modem driver failed unexpectedly' };
}

/**
 * +CMS causes the operator gives for the destination rather than the SIM, the modem or the
 * message: unassigned number, operator barring, call barred, transfer rejected, number out of
 * order, unidentified subscriber. A kiosk in private mode must not show these (see the engine).
 */
const DESTINATION_CMS = new Set([1, 8, 10, 21, 27, 28]);

function destinationFault(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, cms } = error as Error & { code?: unknown; cms?: unknown };
  return code === 'INVALID_NUMBER' || (typeof cms === 'number' && DESTINATION_CMS.has(cms));
}

/** Delivery as the reports tell it; only a message the network accepted has one. */
function deliveryOf(row: OutboxSummaryRow): MessageDelivery | null {
  if (row.sent_at === null) return null;
  if (row.status === 'delivered') return 'delivered';
  if (row.status === 'failed') return 'failed';
  return 'waiting';
}

function parseId(id: string): number | undefined {
  return /^[1-9]\d{0,15}$/.test(id) ? Number(id) : undefined;
}

/** Reports may carry the number in national format: compare the trailing digits. */
function sameNumber(a: string, b: string): boolean {
  const da = a.replace(/\D/g, '');
  const db = b.replace(/\D/g, '');
  const n = Math.min(da.length, db.length, 9);
  return n > 0 && da.slice(-n) === db.slice(-n);
}
