// A fresh proof before a signed-in person changes how they sign in (adding an authenticator
// app): a session left open on a shared kiosk must not let the next person put their own app on
// someone else's account. The PIN when the person has one (a wrong one counts toward the PIN
// lockout), else a new code texted to their registered phone, under the same caps, allow-list
// and templates as every other code.
import type { Db } from '../db/connection';
import type { ConfigStore } from '../config/config-store';
import type { OutboundSms } from '../outbox/outbound';
import type { Scheduler } from '../time';
import type { User } from '../../shared/domain';
import { maskPhone, normalizeMobileNumber } from '../../shared/phone';
import { err, ok, type Result } from '../../shared/result';
import { deriveKey } from '../secret';
import { CodeSendsTable } from './challenges';
import { codeSendBlocked, numberKeyOf, sendCodeSms } from './code-sms';
import type { FactorVerifier } from './factors';
import { codeMac, codeMatches } from './otp';
import type { RandomSource } from './random';

export type ProofKind = 'pin' | 'sms';

export interface ProofFailure {
  code:
    | 'wrong_pin'
    | 'pin_locked'
    | 'wrong_code'
    | 'code_dead'
    | 'code_expired'
    | 'challenge_not_found'
    | 'sms_unavailable'
    | 'kiosk_cap_reached'
    | 'daily_cap_reached'
    | 'too_many_codes'
    | 'country_not_allowed'
    | 'resend_too_soon'
    | 'method_not_allowed';
  message: string;
  attemptsLeft?: number;
  retryAt?: number;
  lockedUntil?: number | null;
}

const MAX_WRONG = 5;

interface SentProof {
  userId: number;
  mac: string;
  /** The outbox message, cancelled once the code was used. */
  id: string;
  bindingId: string;
  sentAt: number;
  expiresAt: number;
  wrong: number;
}

export class FreshProof {
  private readonly otpKey: Buffer;
  private readonly numberKey: Buffer;
  private readonly sends: CodeSendsTable;
  /** One code per person, short-lived, so kept in memory only (HMAC, never the code). */
  private readonly sent = new Map<number, SentProof>();

  constructor(
    private readonly deps: {
      db: Db;
      config: ConfigStore;
      outbound: OutboundSms;
      secret: Buffer;
      random: RandomSource;
      scheduler: Scheduler;
      pins: FactorVerifier;
    },
  ) {
    this.otpKey = deriveKey(deps.secret, 'otp');
    this.numberKey = deriveKey(deps.secret, 'number');
    this.sends = new CodeSendsTable(deps.db);
  }

  /** What the kiosk asks this person for. */
  kind(user: User): ProofKind {
    return this.deps.pins.enrolled(user.id) ? 'pin' : 'sms';
  }

  /** Texts a new code to the person's registered phone (for people without a PIN). */
  sendCode(
    user: User,
    kioskId: string,
  ): Result<{ maskedPhone: string; expiresAt: number; resendAt: number }, ProofFailure> {
    const now = this.deps.scheduler.now();
    const policy = this.deps.config.policy();
    if (!user.phone) {
      return err({ code: 'method_not_allowed', message: 'You have no registered phone.' });
    }
    const previous = this.sent.get(user.id);
    const cooldownEnds = previous ? previous.sentAt + policy.resendCooldownSeconds * 1000 : 0;
    if (now < cooldownEnds) {
      return err({
        code: 'resend_too_soon',
        message: 'A new code can be sent in a moment.',
        retryAt: cooldownEnds,
      });
    }
    const parsed = normalizeMobileNumber(user.phone, this.deps.config.site().defaultCountry);
    if (!parsed.ok || !this.deps.config.allowedCountries().includes(parsed.value.country)) {
      return err({
        code: 'country_not_allowed',
        message: 'Codes cannot be sent to your number from this kiosk. Ask your manager.',
      });
    }
    const numberKey = numberKeyOf(this.numberKey, user.phone);
    const block = codeSendBlocked(
      { outbound: this.deps.outbound, sends: this.sends },
      numberKey,
      kioskId,
      policy,
      now,
    );
    if (block) {
      return err({
        code: block.code,
        message:
          block.code === 'sms_unavailable'
            ? `The kiosk cannot send text messages right now: ${block.reason}`
            : 'No more codes can be sent just now. Try again later.',
        ...(block.code === 'too_many_codes' ? { retryAt: block.retryAt } : {}),
      });
    }
    const id = this.deps.random.bytes(16).toString('hex');
    const bindingId = `proof:${id}`;
    if (previous) this.deps.outbound.cancel(previous.id);
    const sent = this.deps.db.transaction(() =>
      sendCodeSms(
        { outbound: this.deps.outbound, sends: this.sends, random: this.deps.random },
        {
          to: user.phone!,
          language: user.language,
          site: this.deps.config.site().name,
          policy,
          numberKey,
          kioskId,
          bindingId,
          now,
        },
      ),
    )();
    this.sent.set(user.id, {
      userId: user.id,
      id: sent.outboundId,
      bindingId,
      mac: codeMac(this.otpKey, bindingId, sent.code),
      sentAt: now,
      expiresAt: sent.expiresAt,
      wrong: 0,
    });
    return ok({
      maskedPhone: maskPhone(user.phone),
      expiresAt: sent.expiresAt,
      resendAt: now + policy.resendCooldownSeconds * 1000,
    });
  }

  /** Checks the proof; a code is single use, and dead after MAX_WRONG wrong tries. */
  check(user: User, proof: { pin?: string; code?: string }): Result<true, ProofFailure> {
    const now = this.deps.scheduler.now();
    if (this.kind(user) === 'pin') {
      const result = this.deps.pins.check(user.id, proof.pin ?? '', now);
      if (result.ok) return ok(true);
      if (result.reason === 'locked') {
        return err({
          code: 'pin_locked',
          message: 'Too many wrong PINs. Your PIN is locked for a while.',
          lockedUntil: result.lockedUntil ?? null,
        });
      }
      return err({
        code: 'wrong_pin',
        message: 'Type your PIN first to set up an authenticator app.',
        ...(result.attemptsLeft !== undefined ? { attemptsLeft: result.attemptsLeft } : {}),
      });
    }
    const sent = this.sent.get(user.id);
    if (!sent) {
      return err({
        code: 'challenge_not_found',
        message: 'Ask for a code by text message first.',
      });
    }
    if (now >= sent.expiresAt) {
      this.forget(user.id);
      return err({ code: 'code_expired', message: 'The code has expired. Ask for a new one.' });
    }
    if (
      !/^\d{6,8}$/.test(proof.code ?? '') ||
      !codeMatches(this.otpKey, sent.bindingId, proof.code!, sent.mac)
    ) {
      sent.wrong++;
      const attemptsLeft = MAX_WRONG - sent.wrong;
      if (attemptsLeft <= 0) {
        this.forget(user.id);
        return err({
          code: 'code_dead',
          message: 'Too many wrong tries for this code. Ask for a new one.',
          attemptsLeft: 0,
        });
      }
      return err({
        code: 'wrong_code',
        message: 'That code is not right. Check the text message and try again.',
        attemptsLeft,
      });
    }
    this.forget(user.id);
    this.deps.outbound.cancel(sent.id);
    return ok(true);
  }

  private forget(userId: number): void {
    this.sent.delete(userId);
  }
}
