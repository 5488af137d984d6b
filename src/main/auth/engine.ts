// The SMS sign-in engine: every rule of DESIGN.md "Sign-in rules" lives here, as plain logic
// over the database with the clock, random source and SMS sender injected.
import type { Db } from '../db/connection';
import { pinInvalid } from './pin';
import type { ConfigStore } from '../config/config-store';
import type { RegistryService } from '../registry/registry-service';
import type { SignInLog, SignInResult } from '../audit/signin-log';
import type { OutboundSms } from '../outbox/outbound';
import type { Scheduler } from '../time';
import type { RandomSource } from './random';
import type { Policy, SecondFactor } from '../../shared/policy';
import type { Language, Role, User } from '../../shared/domain';
import { err, ok, type Result } from '../../shared/result';
import { maskPhone, normalizeMobileNumber } from '../../shared/phone';
import { renderCodeMessage, renderOutsideHoursMessage } from '../sms/templates';
import { deriveKey } from '../secret';
import { codeMac, codeMatches, generateCode } from './otp';
import { codeSendBlocked, numberKeyOf } from './code-sms';
import { afterFailure, lockStatus, UNLOCKED, type LockState } from './lockout';
import {
  ChallengesTable,
  CodeSendsTable,
  SessionsTable,
  StartAttemptsTable,
  UnknownNumberLocks,
  untriedStarts,
  type ChallengeRow,
} from './challenges';
import type { AuditLog } from '../audit/audit-log';
import { readSetting, writeSetting } from '../db/settings';
import type { FactorCheck, FactorVerifier } from './factors';
import { checkAccess, requiredFactors } from './access';

export type SignInFailureCode =
  | 'sms_sign_in_disabled'
  | 'invalid_phone'
  | 'country_not_allowed'
  | 'sms_unavailable'
  | 'kiosk_cap_reached'
  | 'daily_cap_reached'
  | 'too_many_codes'
  | 'not_registered'
  | 'method_not_allowed'
  | 'locked'
  | 'resend_too_soon'
  | 'challenge_not_found'
  | 'wrong_kiosk'
  | 'malformed_code'
  | 'code_expired'
  | 'wrong_code'
  | 'code_dead'
  | 'code_used'
  | 'code_superseded'
  // access conditions and second factors
  | 'not_allowed_here'
  | 'outside_hours'
  | 'wrong_pin'
  | 'pin_locked'
  | 'pin_invalid'
  | 'wrong_factor'
  | 'factor_locked'
  | 'factor_not_set_up'
  | 'factor_unavailable';

export interface SignInFailure {
  code: SignInFailureCode;
  message: string;
  /** The input it is about and the parameters the screens word it by (see IpcError). */
  field?: string;
  params?: Record<string, string | number>;
  /** When the worker may try again (caps, cooldown, timed lockout). */
  retryAt?: number;
  /** For locked: epoch ms, or null when only a manager can unlock. */
  lockedUntil?: number | null;
  attemptsLeft?: number;
}

/** What the kiosk shows after a code was (or, for an unknown number, seemed to be) sent. */
export interface ChallengeInfo {
  challengeId: string;
  maskedPhone: string;
  codeLength: number;
  expiresAt: number;
  resendAt: number;
}

export interface SignedIn {
  sessionId: string;
  sessionExpiresAt: number;
  user: { id: number; displayName: string; language: Language; role: Role };
}

/** How the first factor was proved (kept in the sign-in log's reason). */
export type SignInMethod = 'sms' | 'totp' | 'text' | 'enrolment';

/** What a sign-in step leads to: a session, or a second factor still to give. */
export type VerifyStep =
  | { state: 'signed_in'; signedIn: SignedIn }
  | {
      state: 'factor_required';
      /** 32 hex chars; names the pending sign-in in provideFactor / setUpFactor. */
      pendingId: string;
      factor: SecondFactor;
      /** The person has not set this factor up: the kiosk asks them to set it now (PIN only). */
      setUp: boolean;
      /** The pending sign-in ends then. */
      until: number;
      user: { displayName: string; language: Language };
      /** For the PIN set-up step: the shortest PIN the policy allows. */
      pinMinLength?: number;
      /** Wrong tries left before the factor locks, when the factor tells (the PIN). */
      attemptsLeft?: number;
    };

/** A factor the person can set themselves at the kiosk (the PIN). */
export interface SettableFactor extends FactorVerifier {
  set(userId: number, value: string, actor: string): void;
}

/** How long a person has to give the second factors after the first. */
export const PENDING_SIGN_IN_MS = 2 * 60_000;

interface PendingSignIn {
  id: string;
  userId: number;
  kioskId: string;
  method: SignInMethod;
  maskedPhone: string;
  remaining: SecondFactor[];
  until: number;
}

export interface SignInEngineDeps {
  db: Db;
  config: ConfigStore;
  registry: RegistryService;
  signInLog: SignInLog;
  outbound: OutboundSms;
  secret: Buffer;
  random: RandomSource;
  scheduler: Scheduler;
  /**
   * start(), resend() and verify() answer no sooner than this after the call, so a registered and an
   * unregistered number take the same time however long the database work takes.
   */
  minResponseMs?: number;
  /** Second-factor verifiers (PIN, authenticator app). A required factor without one is refused. */
  factors?: FactorVerifier[];
  /** Where a cap being hit is reported to managers (an audit entry the admin screen lists). */
  audit?: AuditLog;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** How many of the newest real send times a decoy's pretended send is drawn from. */
const DECOY_SAMPLE = 20;
/** A decoy's pretended send time before any real message has gone out (a modem takes 1-6 s). */
const DECOY_DEFAULT_SEND_MS = 3_000;

export class SignInEngine {
  private readonly challenges: ChallengesTable;
  private readonly sends: CodeSendsTable;
  private readonly unknownLocks: UnknownNumberLocks;
  private readonly sessions: SessionsTable;
  private readonly starts: StartAttemptsTable;
  private readonly otpKey: Buffer;
  private readonly numberKeyKey: Buffer;
  private readonly minResponseMs: number;
  /** Sign-ins waiting for a second factor; short-lived, so kept in memory only. */
  private readonly pending = new Map<string, PendingSignIn>();

  constructor(private readonly deps: SignInEngineDeps) {
    this.challenges = new ChallengesTable(deps.db);
    this.sends = new CodeSendsTable(deps.db);
    this.unknownLocks = new UnknownNumberLocks(deps.db);
    this.sessions = new SessionsTable(deps.db);
    this.starts = new StartAttemptsTable(deps.db);
    this.otpKey = deriveKey(deps.secret, 'otp');
    this.numberKeyKey = deriveKey(deps.secret, 'number');
    this.minResponseMs = deps.minResponseMs ?? 400;
  }

  /**
   * Step 1: the worker typed a number. Sends a code if the number may sign in. With
   * `managersOnly` (the admin entry) anyone else is treated like an unregistered number: the
   * same answer, and no SMS.
   */
  async start(input: {
    phone: string;
    kioskId: string;
    managersOnly?: boolean;
  }): Promise<Result<ChallengeInfo, SignInFailure>> {
    return this.answerNoSooner(() =>
      this.startNow(input.phone, input.kioskId, input.managersOnly ?? false),
    );
  }

  /** A new code for the same sign-in, after the cooldown; the previous code stops working. */
  async resend(input: {
    challengeId: string;
    kioskId: string;
  }): Promise<Result<ChallengeInfo, SignInFailure>> {
    return this.answerNoSooner(() => this.resendNow(input.challengeId, input.kioskId));
  }

  /**
   * Step 2: the worker typed the code. Answers the session, or the second factor still to give.
   * `firstFactorOnly` (the admin entry, which asks its own factors) opens the session after the
   * code without the factor step.
   */
  async verify(input: {
    challengeId: string;
    code: string;
    kioskId: string;
    firstFactorOnly?: boolean;
  }): Promise<Result<VerifyStep, SignInFailure>> {
    // A decoy's code is checked like a real one, but a registered number does a little more
    // work after a match: the floor keeps that from showing in the answer's timing.
    return this.answerNoSooner(() => this.verifyNow(input));
  }

  /** verify() without the time floor, for callers that answer no one at the screen (tests). */
  verifyNow(input: {
    challengeId: string;
    code: string;
    kioskId: string;
    firstFactorOnly?: boolean;
  }): Result<VerifyStep, SignInFailure> {
    return this.deps.db.transaction(() => this.verifyCode(input))();
  }
  /**
   * The first factor was proved another way (an authenticator-app code while the modem is down,
   * a text from the registered phone, a completed self-registration): checks the user and the
   * access conditions at the end, then asks for the second factors the policy requires or opens
   * the session. Runs in its own transaction.
   */
  completeFirstFactor(
    user: User,
    kioskId: string,
    method: SignInMethod,
  ): Result<VerifyStep, SignInFailure> {
    return this.deps.db.transaction(() => {
      const now = this.now();
      const current = this.deps.registry.users.byId(user.id);
      const masked = current?.phone ? maskPhone(current.phone) : '••••';
      if (!current || current.status !== 'active') {
        this.log(now, user.id, masked, kioskId, 'failure', 'method_not_allowed');
        return err(failure('method_not_allowed'));
      }
      return this.afterFirstFactor(current, kioskId, method, masked, now, false);
    })();
  }

  /** The next second factor of a pending sign-in. */
  provideFactor(input: {
    pendingId: string;
    factor: SecondFactor;
    proof: string;
    kioskId: string;
  }): Result<VerifyStep, SignInFailure> {
    return this.deps.db.transaction(() => this.provideFactorNow(input))();
  }

  /**
   * provideFactor with the factor's slow work (the PIN's scrypt) done first off the main thread;
   * the counting and the step then run in one quick transaction. The IPC uses it.
   */
  async provideFactorAsync(input: {
    pendingId: string;
    factor: SecondFactor;
    proof: string;
    kioskId: string;
  }): Promise<Result<VerifyStep, SignInFailure>> {
    const userId = this.pending.get(input.pendingId)?.userId;
    const verifier = this.factor(input.factor);
    const prepared =
      userId !== undefined ? await verifier?.prepare?.(userId, input.proof) : undefined;
    return this.deps.db.transaction(() => this.provideFactorNow(input, prepared))();
  }

  /** changePin with the old PIN's scrypt done off the main thread first. */
  async changePinAsync(input: {
    userId: number;
    oldPin: string;
    newPin: string;
    kioskId: string;
  }): Promise<Result<{ changed: true }, SignInFailure>> {
    const prepared = await this.factor('pin')?.prepare?.(input.userId, input.oldPin);
    return this.changePin(input, prepared);
  }

  /** For the PIN set-up step (setUp: true): sets the PIN, then continues like provideFactor. */
  setUpFactor(input: {
    pendingId: string;
    factor: 'pin';
    value: string;
    kioskId: string;
  }): Result<VerifyStep, SignInFailure> {
    return this.deps.db.transaction(() => this.setUpFactorNow(input))();
  }

  /**
   * A signed-in person changes their PIN: the old PIN first (a wrong one counts toward the PIN
   * lockout), then the new one's rules.
   */
  changePin(
    input: {
      userId: number;
      oldPin: string;
      newPin: string;
      kioskId: string;
    },
    prepared?: unknown,
  ): Result<{ changed: true }, SignInFailure> {
    return this.deps.db.transaction(() => {
      const now = this.now();
      const user = this.deps.registry.users.byId(input.userId);
      const verifier = this.factor('pin');
      if (!user || !verifier || !isSettable(verifier)) return err(failure('factor_unavailable'));
      const masked = user.phone ? maskPhone(user.phone) : '••••';
      const check = verifier.check(user.id, input.oldPin, now, prepared);
      if (!check.ok) {
        const f = factorFailure('pin', check);
        this.log(now, user.id, masked, input.kioskId, 'failure', `change_pin_${f.code}`);
        return err(f);
      }
      try {
        verifier.set(user.id, input.newPin, `user:${user.employeeId}`);
      } catch (error) {
        const invalid = pinInvalid(error);
        if (!invalid) throw error;
        return err(invalid);
      }
      return ok({ changed: true as const });
    })();
  }

  /** The verifier of a factor kind, when this kiosk has one (the PIN store, the TOTP store). */
  factor(kind: SecondFactor): FactorVerifier | undefined {
    return this.deps.factors?.find((f) => f.kind === kind);
  }

  /**
   * Delivery of the code's SMS, so the kiosk can tell the worker when it failed. A decoy (no
   * SMS) follows the same timeline as a real message: pending until its pretended send (as
   * long as a real one would take), then sent; failed only when the code ran out before the
   * SMS path could send, or was cancelled first, which happens to real messages alike. In
   * private mode a real message the operator refused for its destination (an unassigned or
   * barred number) answers like a decoy, so the kiosk never learns from it that the number is
   * registered; the manager sees the failure on the modem panel. Failures of the SIM, the
   * modem or the network are told: they would fail any number.
   */
  deliveryStatus(challengeId: string, kioskId: string): 'pending' | 'sent' | 'failed' | 'unknown' {
    const challenge = this.challenges.byId(challengeId);
    if (!challenge || challenge.kiosk_id !== kioskId) return 'unknown';
    const now = this.now();
    if (!challenge.outbound_id) return this.pretendedStatus(challenge, now);
    const message = this.deps.outbound.status(challenge.outbound_id);
    if (!message) return this.pretendedStatus(challenge, now);
    if (message.status === 'sent' || message.status === 'delivered') return 'sent';
    if (message.status !== 'failed' && message.status !== 'expired') return 'pending';
    // The network took it and the phone did not get it: that depends on the number.
    if (message.sentAt !== undefined) return 'sent';
    // Never left the kiosk (the SMS path's fault: modem, SIM, network), or the code ran out.
    if (!message.destinationFault) return 'failed';
    if (this.deps.config.policy().enumerationMode === 'helpful') return 'failed';
    return this.pretendedStatus(challenge, now);
  }

  private pretendedStatus(challenge: ChallengeRow, now: number): 'pending' | 'sent' | 'failed' {
    if (challenge.decoy_sent_at !== null) return 'sent';
    if (challenge.state !== 'pending' || now >= challenge.expires_at) return 'failed';
    const sendAt = challenge.decoy_send_at ?? challenge.code_sent_at;
    // Like a real message, it waits while the modem cannot send.
    if (now < sendAt || !this.deps.outbound.availability().available) return 'pending';
    this.challenges.markDecoySent(challenge.id, now);
    return 'sent';
  }

  /**
   * When a pretended message "goes out": after one of the times the newest real messages took
   * from the queue to the network, so decoys and real sends keep the same pace.
   */
  private pretendedSendAt(now: number): number {
    const durations = this.deps.outbound.recentSendDurations?.(DECOY_SAMPLE) ?? [];
    if (durations.length === 0) return now + DECOY_DEFAULT_SEND_MS;
    const pick = durations.length === 1 ? 0 : this.deps.random.int(durations.length);
    return now + Math.max(0, durations[pick]!);
  }

  signOut(sessionId: string, reason: 'user' | 'idle' | 'max_length' | 'revoked'): boolean {
    return this.sessions.end(sessionId, this.now(), reason);
  }

  private startNow(
    rawPhone: string,
    kioskId: string,
    managersOnly: boolean,
  ): Result<ChallengeInfo, SignInFailure> {
    const now = this.now();
    const policy = this.deps.config.policy();
    const site = this.deps.config.site();
    const logFailure = (failure: SignInFailure, masked: string, userId: number | null = null) => {
      this.log(now, userId, masked, kioskId, 'failure', failure.code);
      return err(failure);
    };
    const rawMask = maskRaw(rawPhone);
    if (!policy.smsSignInEnabled) {
      return logFailure(failure('sms_sign_in_disabled'), rawMask);
    }
    // Every start counts, sent or refused, so a flood of starts is stopped before any lookup.
    if (this.starts.since(kioskId, now - HOUR) >= policy.perKioskStartsPerHour) {
      this.alertCap('start_limit', kioskId, now);
      return logFailure(
        {
          code: 'kiosk_cap_reached',
          message:
            'This kiosk has had too many sign-in attempts this hour. Try again later or ask your manager.',
          retryAt: this.starts.oldestSince(kioskId, now - HOUR) + HOUR,
        },
        rawMask,
      );
    }
    this.starts.record(kioskId, now);
    const parsed = normalizeMobileNumber(rawPhone, site.defaultCountry);
    if (!parsed.ok) {
      return logFailure({ code: 'invalid_phone', message: parsed.error.message }, rawMask);
    }
    const { e164, country } = parsed.value;
    const masked = maskPhone(e164);
    if (!this.deps.config.allowedCountries().includes(country)) {
      return logFailure(
        {
          code: 'country_not_allowed',
          message: `Codes cannot be sent to numbers in ${country} from this kiosk.`,
        },
        masked,
      );
    }
    const numberKey = this.numberKey(e164);
    const blocked = this.sendBlocked(numberKey, kioskId, policy, now);
    if (blocked) return logFailure(blocked, masked);

    const user = this.deps.registry.users.byActivePhone(e164);
    const refusal = !user
      ? 'not_registered'
      : managersOnly && user.role !== 'manager'
        ? 'method_not_allowed'
        : (this.methodRefusal(user, policy) ?? this.accessRefusal(user, policy, now)?.code ?? null);
    // Access conditions are checked before any code is sent, so no SMS is spent on a refusal.
    // In private mode a refusal is answered like an unknown number (no SMS, same screen and
    // timing): saying "not at this kiosk" or "outside your hours" would tell a stranger that the
    // number is registered. The reason is still logged; helpful mode shows it to the worker.
    if (refusal && policy.enumerationMode === 'helpful') {
      if (refusal === 'outside_hours' || refusal === 'not_allowed_here') {
        return logFailure(this.accessRefusal(user!, policy, now)!, masked, user!.id);
      }
      return logFailure(failure(refusal), masked, user?.id ?? null);
    }
    const eligible = refusal === null ? user! : null;
    const locked = this.lockedFailure(this.lockStateOf(eligible, numberKey), now);
    if (locked) return logFailure(locked, masked, user?.id ?? null);

    return this.deps.db.transaction(() => {
      for (const outboundId of this.challenges.supersedePending(numberKey)) {
        this.deps.outbound.cancel(outboundId);
      }
      const challengeId = this.deps.random.bytes(16).toString('hex');
      const issued = this.issueCode(challengeId, eligible, e164, numberKey, kioskId, policy, now);
      // Outside their hours the screen says what it says for any number; the registered phone
      // is told why no code came. It is counted as this start's send, like a code would be.
      if (refusal === 'outside_hours' && user) {
        this.deps.outbound.enqueue({
          to: e164,
          body: renderOutsideHoursMessage(user.language, {
            site: site.name,
            retryAt: this.accessRefusal(user, policy, now)?.retryAt,
            timeZone: site.timeZone,
          }),
          expiresAt: issued.expiresAt,
          challengeId: `notice:${challengeId}`,
        });
      }
      this.challenges.insert({
        id: challengeId,
        user_id: eligible?.id ?? null,
        number_key: numberKey,
        kiosk_id: kioskId,
        code_hmac: issued.mac,
        code_sent_at: now,
        expires_at: issued.expiresAt,
        outbound_id: issued.outboundId,
        created_at: now,
        masked_phone: masked,
        decoy_send_at: this.pretendedSendAt(now),
      });
      this.log(
        now,
        user?.id ?? null,
        masked,
        kioskId,
        eligible ? 'code_sent' : 'failure',
        eligible ? 'code_sent' : refusal!,
      );
      return ok(this.challengeInfo(challengeId, masked, policy, now, issued.expiresAt));
    })();
  }

  private resendNow(challengeId: string, kioskId: string): Result<ChallengeInfo, SignInFailure> {
    const now = this.now();
    const policy = this.deps.config.policy();
    const found = this.pendingChallenge(challengeId, kioskId, now);
    if (!found.ok) return found;
    const challenge = found.value;
    const user =
      challenge.user_id === null ? undefined : this.deps.registry.users.byId(challenge.user_id);
    // The mask start showed, whoever the number belongs to: a different answer here would
    // tell a registered number from an unknown one.
    const masked = challenge.masked_phone ?? (user?.phone ? maskPhone(user.phone) : '••••');
    const cooldownEnds = challenge.code_sent_at + policy.resendCooldownSeconds * 1000;
    if (now < cooldownEnds) {
      return err({ ...failure('resend_too_soon'), retryAt: cooldownEnds });
    }
    const logFailure = (f: SignInFailure) => {
      this.log(now, user?.id ?? null, masked, kioskId, 'failure', f.code);
      return err(f);
    };
    if (!policy.smsSignInEnabled) return logFailure(failure('sms_sign_in_disabled'));
    const blocked = this.sendBlocked(challenge.number_key, kioskId, policy, now);
    if (blocked) return logFailure(blocked);
    // The user may have been disabled or moved out of scope since the first code.
    const eligible =
      user &&
      user.phone &&
      this.numberKey(user.phone) === challenge.number_key &&
      !this.methodRefusal(user, policy)
        ? user
        : null;
    const locked = this.lockedFailure(this.lockStateOf(eligible, challenge.number_key), now);
    if (locked) return logFailure(locked);

    return this.deps.db.transaction(() => {
      if (challenge.outbound_id) this.deps.outbound.cancel(challenge.outbound_id);
      const issued = this.issueCode(
        challenge.id,
        eligible,
        eligible?.phone ?? '',
        challenge.number_key,
        kioskId,
        policy,
        now,
      );
      this.challenges.replaceCode(challenge.id, {
        codeHmac: issued.mac,
        sentAt: now,
        expiresAt: issued.expiresAt,
        outboundId: issued.outboundId,
        decoySendAt: this.pretendedSendAt(now),
      });
      this.log(
        now,
        user?.id ?? null,
        masked,
        kioskId,
        eligible ? 'code_sent' : 'failure',
        eligible ? 'code_resent' : 'not_registered',
      );
      return ok(this.challengeInfo(challenge.id, masked, policy, now, issued.expiresAt));
    })();
  }

  private verifyCode(input: {
    challengeId: string;
    code: string;
    kioskId: string;
    firstFactorOnly?: boolean;
  }): Result<VerifyStep, SignInFailure> {
    const now = this.now();
    const policy = this.deps.config.policy();
    if (!/^\d{6,8}$/.test(input.code)) return err(failure('malformed_code'));
    const found = this.pendingChallenge(input.challengeId, input.kioskId, now);
    if (!found.ok) return found;
    const challenge = found.value;
    const user =
      challenge.user_id === null ? undefined : this.deps.registry.users.byId(challenge.user_id);
    const masked = user?.phone ? maskPhone(user.phone) : '••••';
    const logFailure = (f: SignInFailure) => {
      this.log(now, user?.id ?? null, masked, input.kioskId, 'failure', f.code);
      return err(f);
    };
    if (now >= challenge.expires_at) return logFailure(failure('code_expired'));
    const subject = user ?? null;
    const lockState = this.lockStateOf(subject, challenge.number_key);
    const locked = this.lockedFailure(lockState, now);
    if (locked) return logFailure(locked);

    // A decoy challenge (unregistered number) never matches, whatever is typed.
    const matches =
      codeMatches(this.otpKey, challenge.id, input.code, challenge.code_hmac) && user !== undefined;
    if (!matches) {
      const attempts = challenge.wrong_attempts + 1;
      const dead = attempts >= policy.maxWrongCodesPerCode;
      this.challenges.recordWrongAttempt(challenge.id, dead);
      if (dead) this.cancelMessage(challenge);
      const next = afterFailure(lockState, policy, now);
      this.saveLockState(subject, challenge.number_key, next, now);
      const nowLocked = this.lockedFailure(next, now);
      if (nowLocked) return logFailure(nowLocked);
      if (dead) return logFailure({ ...failure('code_dead'), attemptsLeft: 0 });
      return logFailure({
        ...failure('wrong_code'),
        attemptsLeft: policy.maxWrongCodesPerCode - attempts,
      });
    }

    this.challenges.markUsed(challenge.id);
    // A retry of this code's SMS must not reach the phone after a newer code.
    this.cancelMessage(challenge);
    // Conditions are checked again at the end: the user may have been disabled, moved out of
    // scope or given another number while the code was on its way.
    const stillEligible =
      user.status === 'active' &&
      user.phone !== null &&
      this.numberKey(user.phone) === challenge.number_key &&
      policy.smsSignInEnabled &&
      !this.methodRefusal(user, policy);
    if (!stillEligible) return logFailure(failure('method_not_allowed'));

    this.saveLockState(user, challenge.number_key, UNLOCKED, now);
    return this.afterFirstFactor(
      user,
      input.kioskId,
      'sms',
      masked,
      now,
      input.firstFactorOnly ?? false,
    );
  }

  /** Access conditions at the end, then the second factors or the session. */
  private afterFirstFactor(
    user: User,
    kioskId: string,
    method: SignInMethod,
    masked: string,
    now: number,
    firstFactorOnly: boolean,
  ): Result<VerifyStep, SignInFailure> {
    const policy = this.deps.config.policy();
    const refused = this.accessRefusal(user, policy, now);
    if (refused) {
      this.log(now, user.id, masked, kioskId, 'failure', refused.code);
      return err(refused);
    }
    const groupIds = this.deps.registry.groups.groupIdsOf(user.id);
    const remaining = firstFactorOnly ? [] : requiredFactors(user, groupIds, policy);
    // A text proves only the sender number, which can be spoofed: the PIN as well, unless the
    // person's group opted out.
    if (
      method === 'text' &&
      !firstFactorOnly &&
      policy.textSignInRequiresPin &&
      !remaining.includes('pin') &&
      !groupIds.some((g) => policy.textPinOptOutGroupIds.includes(g))
    ) {
      remaining.unshift('pin');
    }
    if (remaining.length === 0) {
      return ok(this.openSession(user, kioskId, method, masked, now));
    }
    this.purgePending(now);
    const pending: PendingSignIn = {
      id: this.deps.random.bytes(16).toString('hex'),
      userId: user.id,
      kioskId,
      method,
      maskedPhone: masked,
      remaining,
      until: now + PENDING_SIGN_IN_MS,
    };
    this.pending.set(pending.id, pending);
    // 'step', not 'code_sent': after a text or an app code no code was sent. The reason names the
    // factor asked next and, unless it was an SMS code, how the first step was passed.
    this.log(
      now,
      user.id,
      masked,
      kioskId,
      'step',
      method === 'sms'
        ? `factor_required_${remaining[0]}`
        : `factor_required_${remaining[0]}_${method}`,
    );
    return this.factorStep(pending, user, now);
  }

  /** The step for the pending sign-in's next factor, or a refusal when it cannot be given. */
  private factorStep(
    pending: PendingSignIn,
    user: User,
    now: number,
  ): Result<VerifyStep, SignInFailure> {
    const kind = pending.remaining[0]!;
    const verifier = this.factor(kind);
    const refuse = (f: SignInFailure) => {
      this.pending.delete(pending.id);
      this.log(now, user.id, pending.maskedPhone, pending.kioskId, 'failure', f.code);
      return err(f);
    };
    if (!verifier) {
      return refuse({
        code: 'factor_unavailable',
        message: `You need to give ${FACTOR_NAMES[kind]} as well, and this kiosk cannot check it. Ask your manager.`,
      });
    }
    const enrolled = verifier.enrolled(user.id);
    // Setting a first PIN after a text would let a spoofed sender choose the victim's PIN.
    if (!enrolled && kind === 'pin' && pending.method === 'text') {
      return refuse({
        code: 'factor_not_set_up',
        message:
          'To sign in by text message you need a PIN. Sign in once with a code by SMS and set your PIN.',
      });
    }
    if (!enrolled && !(kind === 'pin' && isSettable(verifier))) {
      return refuse({
        code: 'factor_not_set_up',
        message: `You need ${FACTOR_NAMES[kind]} to sign in, and you have not set it up yet. Ask your manager for an enrolment code.`,
      });
    }
    const policy = this.deps.config.policy();
    return ok({
      state: 'factor_required',
      pendingId: pending.id,
      factor: kind,
      setUp: !enrolled,
      until: pending.until,
      user: { displayName: user.displayName, language: user.language },
      ...(kind === 'pin' ? { pinMinLength: policy.pinMinLength } : {}),
      ...(enrolled && hasAttemptsLeft(verifier)
        ? { attemptsLeft: verifier.attemptsLeft(user.id) }
        : {}),
    });
  }

  private pendingFor(
    pendingId: string,
    factor: SecondFactor,
    kioskId: string,
    now: number,
  ): Result<{ pending: PendingSignIn; user: User }, SignInFailure> {
    this.purgePending(now);
    const pending = this.pending.get(pendingId);
    if (!pending || pending.remaining[0] !== factor) return err(failure('challenge_not_found'));
    if (pending.kioskId !== kioskId) {
      this.log(now, pending.userId, '••••', kioskId, 'failure', 'wrong_kiosk');
      return err(failure('wrong_kiosk'));
    }
    const user = this.deps.registry.users.byId(pending.userId);
    if (!user || user.status !== 'active') {
      this.pending.delete(pending.id);
      this.log(now, pending.userId, pending.maskedPhone, kioskId, 'failure', 'method_not_allowed');
      return err(failure('method_not_allowed'));
    }
    return ok({ pending, user });
  }

  private provideFactorNow(
    input: {
      pendingId: string;
      factor: SecondFactor;
      proof: string;
      kioskId: string;
    },
    prepared?: unknown,
  ): Result<VerifyStep, SignInFailure> {
    const now = this.now();
    const found = this.pendingFor(input.pendingId, input.factor, input.kioskId, now);
    if (!found.ok) return found;
    const { pending, user } = found.value;
    const verifier = this.factor(input.factor);
    if (!verifier) return this.factorStep(pending, user, now);
    const check: FactorCheck = verifier.check(user.id, input.proof, now, prepared);
    if (!check.ok) {
      const f = factorFailure(input.factor, check);
      if (check.reason !== 'wrong') this.pending.delete(pending.id);
      this.log(now, user.id, pending.maskedPhone, input.kioskId, 'failure', f.code);
      return err(f);
    }
    return this.nextFactor(pending, user, now);
  }

  private setUpFactorNow(input: {
    pendingId: string;
    factor: 'pin';
    value: string;
    kioskId: string;
  }): Result<VerifyStep, SignInFailure> {
    const now = this.now();
    const found = this.pendingFor(input.pendingId, input.factor, input.kioskId, now);
    if (!found.ok) return found;
    const { pending, user } = found.value;
    const verifier = this.factor('pin');
    // Setting a PIN over an existing one needs the old one: that is "change PIN", not this.
    if (!verifier || !isSettable(verifier) || verifier.enrolled(user.id)) {
      return err(failure('challenge_not_found'));
    }
    try {
      verifier.set(user.id, input.value, `user:${user.employeeId}`);
    } catch (error) {
      const invalid = pinInvalid(error);
      if (!invalid) throw error;
      return err(invalid);
    }
    this.log(now, user.id, pending.maskedPhone, input.kioskId, 'step', 'pin_set');
    return this.nextFactor(pending, user, now);
  }

  private nextFactor(
    pending: PendingSignIn,
    user: User,
    now: number,
  ): Result<VerifyStep, SignInFailure> {
    pending.remaining.shift();
    if (pending.remaining.length > 0) return this.factorStep(pending, user, now);
    this.pending.delete(pending.id);
    // The end of the sign-in: a shift may have ended or the groups changed meanwhile.
    const refused = this.accessRefusal(user, this.deps.config.policy(), now);
    if (refused) {
      this.log(now, user.id, pending.maskedPhone, pending.kioskId, 'failure', refused.code);
      return err(refused);
    }
    return ok(this.openSession(user, pending.kioskId, pending.method, pending.maskedPhone, now));
  }

  private openSession(
    user: User,
    kioskId: string,
    method: SignInMethod,
    masked: string,
    now: number,
  ): VerifyStep {
    const policy = this.deps.config.policy();
    const sessionId = this.deps.random.bytes(16).toString('hex');
    const sessionExpiresAt = now + policy.maxSessionHours * HOUR;
    this.sessions.insert({
      id: sessionId,
      user_id: user.id,
      kiosk_id: kioskId,
      started_at: now,
      expires_at: sessionExpiresAt,
    });
    // The method is part of the reason, so the sign-in log tells how the person got in.
    this.log(
      now,
      user.id,
      masked,
      kioskId,
      'success',
      method === 'sms' ? 'signed_in' : `signed_in_${method}`,
    );
    return {
      state: 'signed_in',
      signedIn: {
        sessionId,
        sessionExpiresAt,
        user: {
          id: user.id,
          displayName: user.displayName,
          language: user.language,
          role: user.role,
        },
      },
    };
  }

  /** The access conditions: groups allowed at this kiosk, shift windows. */
  private accessRefusal(user: User, policy: Policy, now: number): SignInFailure | undefined {
    const refusal = checkAccess({
      user,
      groupIds: this.deps.registry.groups.groupIdsOf(user.id),
      policy,
      timeZone: this.deps.config.site().timeZone,
      now,
    });
    if (!refusal) return undefined;
    if (refusal.code === 'not_allowed_here') return failure('not_allowed_here');
    return refusal.retryAt === undefined
      ? failure('outside_hours')
      : {
          ...failure('outside_hours'),
          message: `You cannot sign in at this time. You can sign in from ${new Date(refusal.retryAt).toISOString()}.`,
          retryAt: refusal.retryAt,
        };
  }

  private purgePending(now: number): void {
    for (const [id, p] of this.pending) if (now >= p.until) this.pending.delete(id);
  }

  /** Makes the code, keeps only its MAC, and queues the SMS when the number is a real user's. */
  private issueCode(
    challengeId: string,
    user: User | null,
    e164: string,
    numberKey: string,
    kioskId: string,
    policy: Policy,
    now: number,
  ): { mac: string; expiresAt: number; outboundId: string | null } {
    const code = generateCode(this.deps.random, policy.codeLength);
    const expiresAt = now + policy.codeLifetimeMinutes * MINUTE;
    let outboundId: string | null = null;
    if (user) {
      outboundId = this.deps.outbound.enqueue({
        to: e164,
        body: renderCodeMessage(user.language, {
          code,
          minutes: policy.codeLifetimeMinutes,
          site: this.deps.config.site().name,
        }),
        expiresAt,
        challengeId,
      });
    }
    this.sends.record(numberKey, kioskId, user !== null, now);
    return { mac: codeMac(this.otpKey, challengeId, code), expiresAt, outboundId };
  }

  /**
   * Global and per-number reasons not to send now (the caps in auth/code-sms.ts, shared with
   * enrolment and new-phone codes); checked before the number is looked up.
   */
  private sendBlocked(
    numberKey: string,
    kioskId: string,
    policy: Policy,
    now: number,
  ): SignInFailure | undefined {
    const block = codeSendBlocked(
      { outbound: this.deps.outbound, sends: this.sends },
      numberKey,
      kioskId,
      policy,
      now,
    );
    if (!block) return this.backoff(numberKey, policy, now);
    if (block.code === 'kiosk_cap_reached' || block.code === 'daily_cap_reached') {
      this.alertCap(block.code, kioskId, now);
    }
    switch (block.code) {
      case 'sms_unavailable':
        return {
          code: 'sms_unavailable',
          message: `The kiosk cannot send text messages right now: ${block.reason}`,
        };
      case 'too_many_codes':
        return { ...failure('too_many_codes'), retryAt: block.retryAt };
      default:
        return failure(block.code);
    }
  }

  /**
   * A number that keeps asking for codes without trying them waits longer each time: past the
   * per-number cap's worth of untried codes, the per-number window, doubling with each further
   * one, up to a day. Decoys count the same, so the wait tells nothing about who is registered.
   */
  private backoff(numberKey: string, policy: Policy, now: number): SignInFailure | undefined {
    const untried = untriedStarts(this.deps.db, numberKey, now - 24 * HOUR);
    // The first cap's worth, and one more after the window, wait only for the per-number cap.
    const over = untried.length - policy.perNumberSendCap - 1;
    if (over < 0) return undefined;
    const wait = Math.min(24 * HOUR, policy.perNumberWindowMinutes * MINUTE * 2 ** over);
    const until = untried[untried.length - 1]! + wait;
    if (now >= until) return undefined;
    return {
      code: 'too_many_codes',
      message:
        'Several codes were sent to this number and none was used. Wait a while before asking for another.',
      retryAt: until,
    };
  }

  /**
   * Tells the managers that a cap was hit: an audit entry (listed on the admin screen's audit
   * log), at most one per cap and kiosk an hour so a flood does not flood the log.
   */
  private alertCap(cap: string, kioskId: string, now: number): void {
    const { audit } = this.deps;
    if (!audit) return;
    const key = `alert.${cap}.${kioskId}`;
    const last = Number(readSetting(this.deps.db, key) ?? 0);
    if (now - last < HOUR) return;
    this.deps.db.transaction(() => {
      writeSetting(this.deps.db, key, String(now));
      audit.append({
        actor: 'system',
        action: 'alert.cap_reached',
        target: `kiosk:${kioskId}`,
        details: { cap },
      });
    })();
  }

  private methodRefusal(user: User, policy: Policy): 'method_not_allowed' | null {
    if (policy.scope === 'all') return null;
    return this.deps.registry.groups.isMemberOfAny(user.id, policy.scopeGroupIds)
      ? null
      : 'method_not_allowed';
  }

  private pendingChallenge(
    challengeId: string,
    kioskId: string,
    now: number,
  ): Result<ChallengeRow, SignInFailure> {
    const challenge = this.challenges.byId(challengeId);
    if (!challenge) return err(failure('challenge_not_found'));
    if (challenge.kiosk_id !== kioskId) {
      this.log(now, challenge.user_id, '••••', kioskId, 'failure', 'wrong_kiosk');
      return err(failure('wrong_kiosk'));
    }
    if (challenge.state === 'used') return err(failure('code_used'));
    if (challenge.state === 'dead') return err(failure('code_dead'));
    if (challenge.state === 'superseded') return err(failure('code_superseded'));
    return ok(challenge);
  }

  private cancelMessage(challenge: ChallengeRow): void {
    if (challenge.outbound_id) this.deps.outbound.cancel(challenge.outbound_id);
  }

  private lockStateOf(user: User | null | undefined, numberKey: string): LockState {
    return user ? user : this.unknownLocks.get(numberKey);
  }

  private saveLockState(user: User | null, numberKey: string, state: LockState, now: number): void {
    if (user) this.deps.registry.users.setLockState(user.id, state);
    else this.unknownLocks.set(numberKey, state, now);
  }

  private lockedFailure(state: LockState, now: number): SignInFailure | undefined {
    const status = lockStatus(state, now);
    if (!status.locked) return undefined;
    return {
      code: 'locked',
      message:
        status.until === null
          ? 'Too many wrong codes. Sign-in is locked until a manager unlocks it.'
          : `Too many wrong codes. Sign-in is locked until ${new Date(status.until).toISOString()}.`,
      lockedUntil: status.until,
      ...(status.until !== null ? { retryAt: status.until } : {}),
    };
  }

  private challengeInfo(
    challengeId: string,
    maskedPhone: string,
    policy: Policy,
    now: number,
    expiresAt: number,
  ): ChallengeInfo {
    return {
      challengeId,
      maskedPhone,
      codeLength: policy.codeLength,
      expiresAt,
      resendAt: now + policy.resendCooldownSeconds * 1000,
    };
  }

  private numberKey(e164: string): string {
    return numberKeyOf(this.numberKeyKey, e164);
  }

  private log(
    at: number,
    userId: number | null,
    maskedPhone: string,
    kioskId: string,
    result: SignInResult,
    reason: string,
  ): void {
    this.deps.signInLog.append({ at, userId, maskedPhone, kioskId, result, reason });
  }

  private now(): number {
    return this.deps.scheduler.now();
  }

  /** Runs `work` now but answers minResponseMs after the call, however long the work took. */
  private async answerNoSooner<T>(work: () => T): Promise<T> {
    const answerAt = this.now() + this.minResponseMs;
    const result = work();
    const delay = answerAt - this.now();
    if (delay > 0) {
      await new Promise<void>((resolve) => this.deps.scheduler.setTimeout(resolve, delay));
    }
    return result;
  }
}

const MESSAGES: Record<SignInFailureCode, string> = {
  sms_sign_in_disabled: 'Sign-in by text message is turned off at this kiosk.',
  invalid_phone: 'That is not a valid mobile number.',
  country_not_allowed: 'Codes cannot be sent to numbers in that country from this kiosk.',
  sms_unavailable: 'The kiosk cannot send text messages right now.',
  kiosk_cap_reached:
    'This kiosk has sent as many codes as it may this hour. Try again later or ask your manager.',
  daily_cap_reached:
    "The kiosk's SIM card has sent as many codes as it may today. Ask your manager.",
  too_many_codes: 'Too many codes were sent to this number. Wait a while and try again.',
  not_registered: 'This number is not registered. Ask your manager to add it.',
  method_not_allowed: 'Sign-in by text message is not enabled for you. Ask your manager.',
  locked: 'Too many wrong codes. Sign-in is locked for a while.',
  resend_too_soon: 'A new code can be sent in a moment.',
  challenge_not_found: 'This sign-in has ended. Start again.',
  wrong_kiosk: 'This code was asked for at another kiosk. Start again here.',
  malformed_code: 'Type the code from the text message: digits only.',
  code_expired: 'The code has expired. Ask for a new one.',
  wrong_code: 'That code is not right. Check the text message and try again.',
  code_dead: 'Too many wrong tries for this code. Ask for a new one.',
  code_used: 'This code has already been used. Start again.',
  code_superseded: 'A newer code was sent. Use the newest one.',
  not_allowed_here: 'You cannot sign in at this kiosk. Ask your manager which kiosk to use.',
  outside_hours: 'You cannot sign in at this time: it is outside your working hours.',
  wrong_pin: 'That PIN is not right. Try again.',
  pin_locked: 'Too many wrong PINs. Your PIN is locked for a while.',
  pin_invalid: 'That PIN cannot be used. Choose another one.',
  wrong_factor: 'That code from your authenticator app is not right. Try again.',
  factor_locked: 'Too many wrong codes from your authenticator app. It is locked for a while.',
  factor_not_set_up:
    'You need a second way to sign in that you have not set up yet. Ask your manager.',
  factor_unavailable: 'This kiosk cannot check your second sign-in step. Ask your manager.',
};

const FACTOR_NAMES: Record<SecondFactor, string> = {
  pin: 'your PIN',
  totp: 'a code from your authenticator app',
};

function hasAttemptsLeft(
  verifier: FactorVerifier,
): verifier is FactorVerifier & { attemptsLeft(userId: number): number } {
  return typeof (verifier as { attemptsLeft?: unknown }).attemptsLeft === 'function';
}

function isSettable(verifier: FactorVerifier): verifier is SettableFactor {
  return typeof (verifier as Partial<SettableFactor>).set === 'function';
}

/** A failed factor check in words for the worker, with the factor's own lockout. */
function factorFailure(
  kind: SecondFactor,
  check: Exclude<FactorCheck, { ok: true }>,
): SignInFailure {
  if (check.reason === 'not_enrolled') return failure('factor_not_set_up');
  if (check.reason === 'locked') {
    const base = failure(kind === 'pin' ? 'pin_locked' : 'factor_locked');
    const until = check.lockedUntil ?? null;
    return {
      ...base,
      message:
        until === null
          ? `${base.message.split('.')[0]}. A manager must reset it.`
          : `${base.message.split('.')[0]}. Try again after ${new Date(until).toISOString()}.`,
      lockedUntil: until,
      ...(until !== null ? { retryAt: until } : {}),
    };
  }
  return {
    ...failure(kind === 'pin' ? 'wrong_pin' : 'wrong_factor'),
    ...(check.attemptsLeft !== undefined ? { attemptsLeft: check.attemptsLeft } : {}),
  };
}

function failure(code: SignInFailureCode): SignInFailure {
  return { code, message: MESSAGES[code] };
}

/** Masks what was typed even when it is not a valid number, for the sign-in log. */
function maskRaw(raw: string): string {
  const digits = raw.replace(/\D/g, '');
  return digits.length >= 4 ? `••••${digits.slice(-2)}` : '••••';
}
