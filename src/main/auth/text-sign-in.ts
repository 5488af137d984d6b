// Text-to-sign-in: the kiosk shows a short code and its own number, the worker
// texts that code from their registered phone, and the modem's inbound message signs them in.
// Who it is comes from the sender number (the registered phone); the code only proves the text
// was sent for this kiosk's screen, now. So the code is matched only after the sender is known
// to be a registered, active, unlocked person, and a wrong code counts toward that person's
// lockout exactly like a wrong SMS code (lockout.ts), so a registered phone cannot brute-force.
import { EventEmitter } from 'node:events';
import type { Db } from '../db/connection';
import type { ConfigStore } from '../config/config-store';
import type { RegistryService } from '../registry/registry-service';
import type { SignInLog } from '../audit/signin-log';
import type { Scheduler } from '../time';
import type { RandomSource } from './random';
import type { SignInFailure } from './engine';
import type { User } from '../../shared/domain';
import { err, ok, type Result } from '../../shared/result';
import { maskPhone, normalizeMobileNumber } from '../../shared/phone';
import { deriveKey } from '../secret';
import { codeMac, codeMatches, generateCode } from './otp';
import { afterFailure, lockStatus, UNLOCKED } from './lockout';
import { TextCodesTable, type TextCodeRow } from './text-codes';
import { AttemptLocks } from './enrolment-queries';
import { numberKeyOf } from './code-sms';

const MINUTE = 60_000;
/**
 * Six digits: one key press each on any phone keypad (letters need multi-tap on basic phones and
 * a case switch on smart ones), easy to read off a screen and keep in mind while typing. A
 * million values is plenty: only a registered phone's texts are compared at all, and those
 * count toward its lockout (10 wrong, then locked), within a lifetime of a few minutes.
 */
export const TEXT_CODE_LENGTH = 6;

/** What the kiosk shows. The code is in clear only here, on its way to the screen. */
export interface TextCodeView {
  textId: string;
  code: string;
  /** The kiosk SIM's number in international form. */
  number: string;
  expiresAt: number;
}

export interface InboundText {
  from: string;
  text: string;
  receivedAt: number;
}

/** Why a text was ignored; each is a reason in the sign-in log. */
export type TextIgnoredReason =
  | 'text_sign_in_disabled'
  | 'invalid_sender'
  | 'not_registered'
  | 'user_disabled'
  | 'locked'
  | 'wrong_code'
  | 'no_code_shown'
  | 'code_expired'
  | 'code_used'
  | 'code_superseded'
  /** Too many wrong texts from this sender lately (policy textWrongPerSender). */
  | 'sender_paused'
  /** Too many wrong texts to this kiosk lately (policy textWrongPerKiosk). */
  | 'kiosk_paused';

/** What happened when a text matched a code the kiosk showed. */
export type TextOutcome<Step> =
  | { kind: 'matched'; textId: string; kioskId: string; step: Step }
  | { kind: 'refused'; textId: string; kioskId: string; failure: SignInFailure };

export type ReceiveResult<Step> =
  { handled: true; outcome: TextOutcome<Step> } | { handled: false; reason: TextIgnoredReason };

/** The engine's first-factor completion (engine.completeFirstFactor with method 'text'). */
export type CompleteFirstFactor<Step> = (
  user: User,
  kioskId: string,
  method: 'text',
) => Result<Step, SignInFailure>;

export interface TextSignInDeps<Step> {
  db: Db;
  config: ConfigStore;
  registry: RegistryService;
  signInLog: SignInLog;
  secret: Buffer;
  random: RandomSource;
  scheduler: Scheduler;
  completeFirstFactor: CompleteFirstFactor<Step>;
  /** The SIM's number from AT+CNUM, used when the site settings have none. */
  ownNumber?: () => string | undefined;
  /** The kiosk whose modem receives the texts: logged for texts that match no code. */
  kioskId?: string;
}

export class TextSignIn<Step = unknown> extends EventEmitter<{
  outcome: [TextOutcome<Step>];
}> {
  private readonly codes: TextCodesTable;
  private readonly key: Buffer;
  private readonly numberKey: Buffer;
  private readonly wrongTexts: AttemptLocks;

  constructor(private readonly deps: TextSignInDeps<Step>) {
    super();
    this.codes = new TextCodesTable(deps.db);
    this.key = deriveKey(deps.secret, 'otp');
    this.numberKey = deriveKey(deps.secret, 'number');
    this.wrongTexts = new AttemptLocks(deps.db);
  }

  /** Whether the kiosk offers text-to-sign-in now (policy on and the kiosk knows its number). */
  available(): boolean {
    return this.deps.config.policy().textSignInEnabled && this.kioskNumber() !== undefined;
  }

  kioskNumber(): string | undefined {
    return this.deps.config.site().smsNumber || this.deps.ownNumber?.() || undefined;
  }

  /** Shows a new code on `kioskId`, replacing any code it showed before. */
  begin(kioskId: string): Result<TextCodeView, SignInFailure> {
    const policy = this.deps.config.policy();
    if (!policy.textSignInEnabled) {
      return err({
        code: 'method_not_allowed',
        message: 'Sign-in by text message is turned off at this kiosk.',
      });
    }
    const number = this.kioskNumber();
    if (!number) {
      return err({
        code: 'sms_unavailable',
        message:
          "This kiosk does not know its own phone number. A manager can enter the SIM card's number in the site settings.",
      });
    }
    const now = this.deps.scheduler.now();
    const textId = this.deps.random.bytes(16).toString('hex');
    const code = generateCode(this.deps.random, TEXT_CODE_LENGTH);
    const expiresAt = now + policy.textCodeLifetimeMinutes * MINUTE;
    this.codes.prune(now - DAY);
    this.codes.openFor({
      id: textId,
      kiosk_id: kioskId,
      code_hmac: codeMac(this.key, macId(textId), code),
      created_at: now,
      expires_at: expiresAt,
    });
    return ok({ textId, code, number, expiresAt });
  }

  /** The worker left the text screen: the code stops working. */
  cancel(kioskId: string, textId: string): boolean {
    return this.codes.cancel(textId, kioskId);
  }

  /**
   * An inbound text. Anything that does not sign someone in is logged (masked number and a
   * reason, never the text) and otherwise ignored: nothing is ever sent back to the sender.
   */
  receive(message: InboundText): ReceiveResult<Step> {
    return this.deps.db.transaction(() => this.receiveNow(message))();
  }

  private receiveNow(message: InboundText): ReceiveResult<Step> {
    // The sign-in rules' clock, not the driver's (which runs on real time for its timeouts).
    const now = this.deps.scheduler.now();
    const policy = this.deps.config.policy();
    const normalized = normalizeMobileNumber(message.from, this.deps.config.site().defaultCountry);
    const masked = normalized.ok ? maskPhone(normalized.value.e164) : maskSender(message.from);
    const ignore = (reason: TextIgnoredReason, userId: number | null = null) => {
      this.log(now, userId, masked, this.deps.kioskId ?? '', reason);
      return { handled: false as const, reason };
    };
    if (!policy.textSignInEnabled) return ignore('text_sign_in_disabled');
    if (!normalized.ok) return ignore('invalid_sender');
    const e164 = normalized.value.e164;
    // Wrong texts are counted per sender and per kiosk, apart from the account lockout: a
    // spoofer can send from any number, registered or not.
    const since = now - policy.textWrongWindowMinutes * MINUTE;
    const senderSubject = `text-sender:${numberKeyOf(this.numberKey, e164)}`;
    const kioskSubject = `text-kiosk:${this.deps.kioskId ?? ''}`;
    if (this.wrongTexts.recent(kioskSubject, since) >= policy.textWrongPerKiosk) {
      return ignore('kiosk_paused');
    }
    if (this.wrongTexts.recent(senderSubject, since) >= policy.textWrongPerSender) {
      return ignore('sender_paused');
    }
    const codeOnScreen = () =>
      this.codes
        .recent(now - policy.textCodeLifetimeMinutes * MINUTE)
        .some((row) => row.state === 'open' && now < row.expires_at);
    const countWrong = () => {
      this.wrongTexts.addRecent(senderSubject, now, since);
      this.wrongTexts.addRecent(kioskSubject, now, since);
    };
    const user = this.deps.registry.users.byActivePhone(e164);
    if (!user) {
      // A guess from an unknown number while a code is shown counts like any wrong text.
      if (codeOnScreen()) countWrong();
      const disabled = this.codes.disabledUserWithPhone(e164);
      return disabled === undefined ? ignore('not_registered') : ignore('user_disabled', disabled);
    }
    if (lockStatus(user, now).locked) return ignore('locked', user.id);

    // Codes that expired up to a lifetime ago are still compared, so a late text is logged as
    // late rather than counted as a guess.
    const candidates = this.codes.recent(now - policy.textCodeLifetimeMinutes * MINUTE);
    const typed = message.text.replace(/[\s\-.]/g, '').toUpperCase();
    const found = /^\d+$/.test(typed)
      ? candidates.find((row) => codeMatches(this.key, macId(row.id), typed, row.code_hmac))
      : undefined;
    if (!found) {
      // Nothing to guess at (no code on screen now): a stray text is not counted as a guess.
      if (!candidates.some((row) => row.state === 'open' && now < row.expires_at)) {
        return ignore('no_code_shown', user.id);
      }
      countWrong();
      const next = afterFailure(user, policy, now);
      this.deps.registry.users.setLockState(user.id, next);
      return ignore(lockStatus(next, now).locked ? 'locked' : 'wrong_code', user.id);
    }
    const stale = staleReason(found, now);
    if (stale) {
      this.log(now, user.id, masked, found.kiosk_id, stale);
      return { handled: false, reason: stale };
    }
    if (!this.codes.markUsed(found.id, user.id, now)) {
      this.log(now, user.id, masked, found.kiosk_id, 'code_used');
      return { handled: false, reason: 'code_used' };
    }
    // The first factor is proved, as with a right SMS code: the failure count starts again.
    this.deps.registry.users.setLockState(user.id, UNLOCKED);
    this.wrongTexts.clear(senderSubject);
    const step = this.deps.completeFirstFactor(user, found.kiosk_id, 'text');
    const outcome: TextOutcome<Step> = step.ok
      ? { kind: 'matched', textId: found.id, kioskId: found.kiosk_id, step: step.value }
      : { kind: 'refused', textId: found.id, kioskId: found.kiosk_id, failure: step.error };
    // Emitted after the transaction commits, so a listener sees the code already used.
    queueMicrotask(() => this.emit('outcome', outcome));
    return { handled: true, outcome };
  }

  private log(
    at: number,
    userId: number | null,
    maskedPhone: string,
    kioskId: string,
    reason: TextIgnoredReason,
  ): void {
    this.deps.signInLog.append({
      at,
      userId,
      maskedPhone,
      kioskId,
      result: 'failure',
      reason: `text_${reason.replace(/^text_/, '')}`,
    });
  }
}

const DAY = 24 * 60 * MINUTE;

/** The MAC binds the row id, with a prefix that keeps these apart from SMS challenge MACs. */
function macId(textId: string): string {
  return `text:${textId}`;
}

function staleReason(row: TextCodeRow, now: number): TextIgnoredReason | undefined {
  if (row.state === 'used') return 'code_used';
  if (row.state === 'cancelled' || row.state === 'replaced') return 'code_superseded';
  if (now >= row.expires_at) return 'code_expired';
  return undefined;
}

/** Alphanumeric or malformed senders: the last two characters, like maskPhone. */
function maskSender(from: string): string {
  return `••••${from.replace(/\s/g, '').slice(-2)}`;
}
