// Self-service phone registration: a manager issues a one-time enrolment code; at the
// kiosk the worker types employee ID + code, their mobile number, the SMS code sent to it, and
// a PIN where one is required. The code is kept only as a keyed hash, works once, expires, and
// wrong codes lock per employee ID and per kiosk (an unknown ID answers like a wrong code). The
// SMS goes through the same outbox, caps, country allow-list and templates as sign-in codes.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { pinInvalid } from './pin';
import type { Db } from '../db/connection';
import type { AuditLog } from '../audit/audit-log';
import type { SignInLog } from '../audit/signin-log';
import type { ConfigStore } from '../config/config-store';
import type { RegistryService } from '../registry/registry-service';
import type { OutboundSms } from '../outbox/outbound';
import type { Clock } from '../time';
import type { RandomSource } from './random';
import type { User } from '../../shared/domain';
import type { Policy } from '../../shared/policy';
import { normalizeEmployeeId } from '../../shared/schemas';
import { err, ok, type Result } from '../../shared/result';
import { maskPhone, normalizeMobileNumber } from '../../shared/phone';
import { deriveKey } from '../secret';
import { codeMac, codeMatches } from './otp';
import { codeSendBlocked, numberKeyOf, sendCodeSms } from './code-sms';
import { afterFailure, lockStatus } from './lockout';
import { CodeSendsTable } from './challenges';
import { AttemptLocks, EnrolmentCodesTable } from './enrolment-queries';

/** No 0/O, 1/I/L, 5/S or 2/Z: read off a slip and typed with gloves. */
export const ENROLMENT_ALPHABET = 'ABCDEFGHJKMNPQRTUVWXY346789';
export const ENROLMENT_CODE_LENGTH = 10;
/** How long the kiosk steps after the enrolment code may take. */
const FLOW_MINUTES = 15;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export type EnrolFailureCode =
  | 'wrong_enrolment_code'
  | 'enrolment_ended'
  | 'locked'
  | 'invalid_phone'
  | 'country_not_allowed'
  | 'phone_in_use'
  | 'sms_unavailable'
  | 'kiosk_cap_reached'
  | 'daily_cap_reached'
  | 'too_many_codes'
  | 'resend_too_soon'
  | 'malformed_code'
  | 'wrong_code'
  | 'code_expired'
  | 'code_dead'
  | 'pin_invalid';

export interface EnrolFailure {
  code: EnrolFailureCode;
  message: string;
  field?: string;
  params?: Record<string, string | number>;
  retryAt?: number;
  lockedUntil?: number | null;
  attemptsLeft?: number;
}

const MESSAGES: Record<EnrolFailureCode, string> = {
  wrong_enrolment_code:
    'That employee ID and enrolment code do not match. Check the slip from your manager.',
  enrolment_ended: 'This registration has ended. Start again with your enrolment code.',
  locked: 'Too many wrong enrolment codes. Try again later or ask your manager.',
  invalid_phone: 'That is not a valid mobile number.',
  country_not_allowed: 'Codes cannot be sent to numbers in that country from this kiosk.',
  phone_in_use:
    'This number is already registered to someone else. Use your own number or ask your manager.',
  sms_unavailable: 'The kiosk cannot send text messages right now.',
  kiosk_cap_reached: 'This kiosk has sent as many codes as it may this hour. Try again later.',
  daily_cap_reached: "The kiosk's SIM card has sent as many codes as it may today.",
  too_many_codes: 'Too many codes were sent to this number. Wait a while and try again.',
  resend_too_soon: 'A new code can be sent in a moment.',
  malformed_code: 'Type the code from the text message: digits only.',
  wrong_code: 'That code is not right. Check the text message and try again.',
  code_expired: 'The code has expired. Ask for a new one.',
  code_dead: 'Too many wrong tries for this code. Ask for a new one.',
  pin_invalid: 'The PIN must be digits only, of the length shown.',
};

function failure(code: EnrolFailureCode, extra: Partial<EnrolFailure> = {}): EnrolFailure {
  return { code, message: MESSAGES[code], ...extra };
}

/** What registration needs from the PIN store (src/main/auth/pin.ts). */
export interface PinSetter {
  set(userId: number, pin: string, actor: string): void;
}

export interface IssuedEnrolmentCode {
  /** Shown once: grouped as XXXXX-XXXXX. */
  code: string;
  expiresAt: number;
  employeeId: string;
  displayName: string;
}

export interface EnrolmentStarted {
  flowId: string;
  displayName: string;
}

export interface PhoneCodeSent {
  maskedPhone: string;
  codeLength: number;
  expiresAt: number;
  resendAt: number;
}

export type PhoneVerified = { next: 'pin'; pinMinLength: number } | { next: 'done'; user: User };

interface Flow {
  id: string;
  userId: number;
  kioskId: string;
  expiresAt: number;
  phone?: {
    e164: string;
    country: string;
    numberKey: string;
    mac: string;
    sentAt: number;
    codeExpiresAt: number;
  };
  outboundId?: string;
  wrongCodes: number;
  verified: boolean;
}

export interface EnrolmentDeps {
  db: Db;
  secret: Buffer;
  config: ConfigStore;
  registry: RegistryService;
  audit: AuditLog;
  signInLog: SignInLog;
  outbound: OutboundSms;
  random: RandomSource;
  clock: Clock;
  /** Sets the worker's PIN at the end when one is required; without it no PIN step is asked. */
  pins?: PinSetter;
}

export class EnrolmentService {
  private readonly codes: EnrolmentCodesTable;
  private readonly locks: AttemptLocks;
  private readonly sends: CodeSendsTable;
  private readonly codeKey: Buffer;
  private readonly otpKey: Buffer;
  private readonly numberKeyKey: Buffer;
  /** Kiosk flows in progress: in memory, so a restart just means starting again. */
  private readonly flows = new Map<string, Flow>();

  constructor(private readonly deps: EnrolmentDeps) {
    this.codes = new EnrolmentCodesTable(deps.db);
    this.locks = new AttemptLocks(deps.db);
    this.sends = new CodeSendsTable(deps.db);
    this.codeKey = createHmac('sha256', deps.secret).update('sms-kiosk:enrolment').digest();
    this.otpKey = deriveKey(deps.secret, 'otp');
    this.numberKeyKey = deriveKey(deps.secret, 'number');
  }

  /** A manager issues a code for a person; it replaces any earlier one. Shown once. */
  issue(userId: number, actor: string): IssuedEnrolmentCode {
    const user = this.deps.registry.users.byId(userId);
    if (!user) throw new Error(`no user ${userId}`);
    const now = this.deps.clock.now();
    const raw = Array.from(
      { length: ENROLMENT_CODE_LENGTH },
      () => ENROLMENT_ALPHABET[this.deps.random.int(ENROLMENT_ALPHABET.length)],
    ).join('');
    const expiresAt = now + this.deps.config.policy().enrolmentCodeHours * HOUR;
    this.deps.db.transaction(() => {
      this.codes.replace({
        user_id: user.id,
        code_hmac: this.codeMac(user.id, raw),
        issued_at: now,
        expires_at: expiresAt,
        issued_by: actor,
      });
      this.deps.audit.append({
        actor,
        action: 'enrolment.issue',
        target: `user:${user.employeeId}`,
        details: { expiresAt },
      });
    })();
    return {
      code: `${raw.slice(0, 5)}-${raw.slice(5)}`,
      expiresAt,
      employeeId: user.employeeId,
      displayName: user.displayName,
    };
  }

  /** Until when the person's unused code works, or null. */
  outstandingUntil(userId: number): number | null {
    const row = this.codes.byUser(userId);
    if (!row || row.used_at !== null || row.expires_at <= this.deps.clock.now()) return null;
    return row.expires_at;
  }

  /** Kiosk step 1: employee ID + enrolment code. */
  start(input: {
    employeeId: string;
    code: string;
    kioskId: string;
  }): Result<EnrolmentStarted, EnrolFailure> {
    return this.deps.db.transaction(() => this.startNow(input))();
  }

  /** Kiosk step 2 (and "send a new code"): a code by SMS to the number the worker typed. */
  sendPhoneCode(input: {
    flowId: string;
    phone?: string;
    kioskId: string;
  }): Result<PhoneCodeSent, EnrolFailure> {
    const now = this.deps.clock.now();
    const flow = this.flow(input.flowId, input.kioskId, now);
    if (!flow) return err(failure('enrolment_ended'));
    const user = this.deps.registry.users.byId(flow.userId)!;
    const policy = this.deps.config.policy();
    let e164: string;
    let country: string;
    if (input.phone === undefined) {
      // A resend to the number already given, after the cooldown.
      if (!flow.phone) return err(failure('enrolment_ended'));
      const resendAt = flow.phone.sentAt + policy.resendCooldownSeconds * 1000;
      if (now < resendAt) return err(failure('resend_too_soon', { retryAt: resendAt }));
      e164 = flow.phone.e164;
      country = flow.phone.country;
    } else {
      const parsed = normalizeMobileNumber(input.phone, this.deps.config.site().defaultCountry);
      if (!parsed.ok) return err({ code: 'invalid_phone', message: parsed.error.message });
      e164 = parsed.value.e164;
      country = parsed.value.country;
    }
    const masked = maskPhone(e164);
    const log = (reason: string) =>
      this.deps.signInLog.append({
        at: now,
        userId: user.id,
        maskedPhone: masked,
        kioskId: input.kioskId,
        result: 'failure',
        reason,
      });
    if (!this.deps.config.allowedCountries().includes(country)) {
      log('enrolment_country_not_allowed');
      return err(failure('country_not_allowed'));
    }
    const holder = this.deps.registry.users.byActivePhone(e164);
    if (holder && holder.id !== user.id) {
      log('enrolment_phone_in_use');
      return err(failure('phone_in_use'));
    }
    const numberKey = this.numberKey(e164);
    const blocked = this.sendBlocked(numberKey, input.kioskId, policy, now);
    if (blocked) {
      log(`enrolment_${blocked.code}`);
      return err(blocked);
    }
    return this.deps.db.transaction(() => {
      if (flow.outboundId) this.deps.outbound.cancel(flow.outboundId);
      // The outbox binds the sealed body to this id; the flow id is never a sign-in challenge.
      const bindingId = `enrol:${flow.id}`;
      const sent = sendCodeSms(
        { outbound: this.deps.outbound, sends: this.sends, random: this.deps.random },
        {
          to: e164,
          language: user.language,
          site: this.deps.config.site().name,
          policy,
          numberKey,
          kioskId: input.kioskId,
          bindingId,
          now,
        },
      );
      const { code, expiresAt: codeExpiresAt } = sent;
      flow.outboundId = sent.outboundId;
      flow.phone = {
        e164,
        country,
        numberKey,
        mac: codeMac(this.otpKey, bindingId, code),
        sentAt: now,
        codeExpiresAt,
      };
      flow.wrongCodes = 0;
      flow.verified = false;
      flow.expiresAt = Math.max(flow.expiresAt, codeExpiresAt);
      this.deps.signInLog.append({
        at: now,
        userId: user.id,
        maskedPhone: masked,
        kioskId: input.kioskId,
        result: 'code_sent',
        reason: 'enrolment_code_sent',
      });
      this.deps.audit.append({
        actor: `self:${user.employeeId}`,
        action: 'enrolment.phone_code_sent',
        target: `user:${user.employeeId}`,
        details: { phone: masked, kioskId: input.kioskId },
      });
      return ok({
        maskedPhone: masked,
        codeLength: policy.codeLength,
        expiresAt: codeExpiresAt,
        resendAt: now + policy.resendCooldownSeconds * 1000,
      });
    })();
  }

  /** Kiosk step 3: the code from the SMS proves the number. */
  verifyPhone(input: {
    flowId: string;
    code: string;
    kioskId: string;
  }): Result<PhoneVerified, EnrolFailure> {
    const now = this.deps.clock.now();
    const flow = this.flow(input.flowId, input.kioskId, now);
    if (!flow || !flow.phone) return err(failure('enrolment_ended'));
    if (!/^\d{6,8}$/.test(input.code)) return err(failure('malformed_code'));
    const policy = this.deps.config.policy();
    const user = this.deps.registry.users.byId(flow.userId)!;
    if (now >= flow.phone.codeExpiresAt) return err(failure('code_expired'));
    if (flow.wrongCodes >= policy.maxWrongCodesPerCode) return err(failure('code_dead'));
    if (!codeMatches(this.otpKey, `enrol:${flow.id}`, input.code, flow.phone.mac)) {
      flow.wrongCodes += 1;
      const left = policy.maxWrongCodesPerCode - flow.wrongCodes;
      this.deps.signInLog.append({
        at: now,
        userId: user.id,
        maskedPhone: maskPhone(flow.phone.e164),
        kioskId: input.kioskId,
        result: 'failure',
        reason: 'enrolment_wrong_code',
      });
      if (left <= 0) {
        if (flow.outboundId) this.deps.outbound.cancel(flow.outboundId);
        return err(failure('code_dead', { attemptsLeft: 0 }));
      }
      return err(failure('wrong_code', { attemptsLeft: left }));
    }
    flow.verified = true;
    if (flow.outboundId) this.deps.outbound.cancel(flow.outboundId);
    if (this.deps.pins && this.pinRequired(user, policy)) {
      return ok({ next: 'pin', pinMinLength: policy.pinMinLength });
    }
    return this.finish(flow, now, null);
  }

  /** Kiosk step 4 where a PIN is required: sets it and registers the phone together. */
  setPin(input: {
    flowId: string;
    pin: string;
    kioskId: string;
  }): Result<PhoneVerified, EnrolFailure> {
    const now = this.deps.clock.now();
    const flow = this.flow(input.flowId, input.kioskId, now);
    if (!flow || !flow.verified) return err(failure('enrolment_ended'));
    const policy = this.deps.config.policy();
    if (!new RegExp(`^\\d{${policy.pinMinLength},8}$`).test(input.pin)) {
      const params: Record<string, string | number> = /^\d+$/.test(input.pin)
        ? { problem: 'too_short', min: policy.pinMinLength, max: 8 }
        : { problem: 'format' };
      return err({ ...failure('pin_invalid'), field: 'pin', params });
    }
    return this.finish(flow, now, input.pin);
  }

  /** The worker left the kiosk flow. */
  cancel(flowId: string): void {
    const flow = this.flows.get(flowId);
    if (flow?.outboundId) this.deps.outbound.cancel(flow.outboundId);
    this.flows.delete(flowId);
  }

  /** Managers always give a PIN; other people when a group of theirs requires one. */
  pinRequired(user: User, policy: Policy = this.deps.config.policy()): boolean {
    if (user.role === 'manager') return true;
    const groups = policy.groupFactors
      .filter((g) => g.factors.includes('pin'))
      .map((g) => g.groupId);
    return groups.length > 0 && this.deps.registry.groups.isMemberOfAny(user.id, groups);
  }

  private startNow(input: {
    employeeId: string;
    code: string;
    kioskId: string;
  }): Result<EnrolmentStarted, EnrolFailure> {
    const now = this.deps.clock.now();
    const policy = this.deps.config.policy();
    const idSubject = `enrol-id:${this.subjectKey(normalizeEmployeeId(input.employeeId).toUpperCase())}`;
    const kioskSubject = `enrol-kiosk:${this.subjectKey(input.kioskId)}`;
    const user = this.deps.registry.users.byEmployeeId(input.employeeId);
    const logFailure = (reason: string, f: EnrolFailure) => {
      this.deps.signInLog.append({
        at: now,
        userId: user?.id ?? null,
        maskedPhone: '••••',
        kioskId: input.kioskId,
        result: 'failure',
        reason,
      });
      return err(f);
    };
    const idStatus = lockStatus(this.locks.get(idSubject), now);
    const kioskUntil = this.kioskLockedUntil(kioskSubject, policy, now);
    const lockedUntil = idStatus.locked ? idStatus.until : kioskUntil;
    if (idStatus.locked || kioskUntil !== undefined) {
      return logFailure(
        'enrolment_locked',
        failure('locked', {
          lockedUntil: lockedUntil ?? null,
          ...(lockedUntil != null ? { retryAt: lockedUntil } : {}),
        }),
      );
    }
    const normalized = input.code.toUpperCase().replace(/[^0-9A-Z]/g, '');
    const row = user ? this.codes.byUser(user.id) : undefined;
    const valid =
      user !== undefined &&
      user.status === 'active' &&
      row !== undefined &&
      row.used_at === null &&
      now < row.expires_at &&
      this.codeMatchesRow(user.id, normalized, row.code_hmac);
    if (!valid) {
      // Unknown IDs, used or expired codes count and answer exactly like a wrong code.
      const next = afterFailure(this.locks.get(idSubject), policy, now);
      this.locks.set(idSubject, next, now);
      // The kiosk's count is a sliding window, never a permanent lock: wrong codes from many
      // people over the kiosk's life must not turn self-registration off for good.
      this.locks.addRecent(kioskSubject, now, now - kioskWindowMs(policy));
      const idLock = lockStatus(next, now);
      const kioskUntil = this.kioskLockedUntil(kioskSubject, policy, now);
      if (idLock.locked || kioskUntil !== undefined) {
        const until = idLock.locked ? idLock.until : kioskUntil!;
        return logFailure(
          'enrolment_wrong_code',
          failure('locked', {
            lockedUntil: until,
            ...(until !== null ? { retryAt: until } : {}),
          }),
        );
      }
      return logFailure('enrolment_wrong_code', failure('wrong_enrolment_code'));
    }
    this.locks.set(
      idSubject,
      { consecutiveFailures: 0, lockedUntil: null, lockedIndefinitely: false },
      now,
    );
    // A right code shows the kiosk is in honest use: its count starts again.
    this.locks.clear(kioskSubject);
    // Only one registration per kiosk at a time.
    for (const [id, flow] of this.flows) {
      if (flow.kioskId === input.kioskId || flow.userId === user.id) this.cancel(id);
    }
    const flowId = this.deps.random.bytes(16).toString('hex');
    this.flows.set(flowId, {
      id: flowId,
      userId: user.id,
      kioskId: input.kioskId,
      expiresAt: now + FLOW_MINUTES * MINUTE,
      wrongCodes: 0,
      verified: false,
    });
    this.deps.audit.append({
      actor: `self:${user.employeeId}`,
      action: 'enrolment.code_accepted',
      target: `user:${user.employeeId}`,
      details: { kioskId: input.kioskId },
    });
    return ok({ flowId, displayName: user.displayName });
  }

  private finish(flow: Flow, now: number, pin: string | null): Result<PhoneVerified, EnrolFailure> {
    const phone = flow.phone!;
    const actor = `self:${this.deps.registry.users.byId(flow.userId)!.employeeId}`;
    try {
      return this.deps.db.transaction(() => {
        const user = this.deps.registry.users.byId(flow.userId);
        const row = this.codes.byUser(flow.userId);
        if (!user || user.status !== 'active' || !row || row.used_at !== null) {
          return err(failure('enrolment_ended'));
        }
        const holder = this.deps.registry.users.byActivePhone(phone.e164);
        if (holder && holder.id !== user.id) return err(failure('phone_in_use'));
        if (pin !== null) this.deps.pins!.set(user.id, pin, actor);
        this.deps.registry.setPhone(user.id, phone.e164, actor);
        this.codes.markUsed(user.id, now);
        this.deps.audit.append({
          actor,
          action: 'enrolment.complete',
          target: `user:${user.employeeId}`,
          details: { phone: maskPhone(phone.e164), pinSet: pin !== null },
        });
        this.deps.signInLog.append({
          at: now,
          userId: user.id,
          maskedPhone: maskPhone(phone.e164),
          kioskId: flow.kioskId,
          result: 'registered',
          reason: 'enrolment_complete',
        });
        this.flows.delete(flow.id);
        return ok({ next: 'done' as const, user: this.deps.registry.users.byId(user.id)! });
      })();
    } catch (error) {
      if ((error as { code?: string }).code === 'duplicate_phone') {
        return err(failure('phone_in_use'));
      }
      // The PIN store says why (too short, one digit repeated, a run) as field and params.
      const invalid = pinInvalid(error);
      if (invalid) return err(invalid);
      throw error;
    }
  }

  private flow(flowId: string, kioskId: string, now: number): Flow | undefined {
    const flow = this.flows.get(flowId);
    if (!flow || flow.kioskId !== kioskId) return undefined;
    if (now >= flow.expiresAt) {
      this.cancel(flowId);
      return undefined;
    }
    return flow;
  }

  /** Same caps as sign-in codes, on the same send records (src/main/auth/engine.ts). */
  private sendBlocked(
    numberKey: string,
    kioskId: string,
    policy: Policy,
    now: number,
  ): EnrolFailure | undefined {
    const block = codeSendBlocked(
      { outbound: this.deps.outbound, sends: this.sends },
      numberKey,
      kioskId,
      policy,
      now,
    );
    if (!block) return undefined;
    if (block.code === 'sms_unavailable') {
      return {
        code: 'sms_unavailable',
        message: `The kiosk cannot send text messages right now: ${block.reason}`,
      };
    }
    return failure(block.code, block.code === 'too_many_codes' ? { retryAt: block.retryAt } : {});
  }

  private codeMac(userId: number, normalizedCode: string): string {
    return createHmac('sha256', this.codeKey).update(`${userId}:${normalizedCode}`).digest('hex');
  }

  private codeMatchesRow(userId: number, normalizedCode: string, stored: string): boolean {
    const given = Buffer.from(this.codeMac(userId, normalizedCode), 'hex');
    const want = Buffer.from(stored, 'hex');
    return given.length === want.length && timingSafeEqual(given, want);
  }

  /** When the kiosk's enrolment lock ends, or undefined when it is not locked. */
  private kioskLockedUntil(subject: string, policy: Policy, now: number): number | undefined {
    const windowMs = kioskWindowMs(policy);
    if (this.locks.recent(subject, now - windowMs) < policy.lockoutThreshold) return undefined;
    return this.locks.lastAt(subject)! + windowMs;
  }

  /** Whether self-registration is locked on a kiosk now (for the admin screen and CLI). */
  kioskLock(kioskId: string): { lockedUntil: number; wrongCodes: number } | null {
    const subject = `enrol-kiosk:${this.subjectKey(kioskId)}`;
    const now = this.deps.clock.now();
    const policy = this.deps.config.policy();
    const until = this.kioskLockedUntil(subject, policy, now);
    if (until === undefined) return null;
    return {
      lockedUntil: until,
      wrongCodes: this.locks.recent(subject, now - kioskWindowMs(policy)),
    };
  }

  /** A manager ends a kiosk's enrolment lock; audited. Returns whether there was one. */
  clearKioskLock(kioskId: string, actor: string): boolean {
    const subject = `enrol-kiosk:${this.subjectKey(kioskId)}`;
    const now = this.deps.clock.now();
    const wrongCodes = this.locks.recent(subject, now - kioskWindowMs(this.deps.config.policy()));
    return this.deps.db.transaction(() => {
      this.locks.clear(subject);
      this.deps.audit.append({
        actor,
        action: 'enrolment.kiosk_unlock',
        target: `kiosk:${kioskId}`,
        details: { wrongCodes },
      });
      return wrongCodes > 0;
    })();
  }

  private subjectKey(text: string): string {
    return createHmac('sha256', this.codeKey).update(`subject:${text}`).digest('hex');
  }

  private numberKey(e164: string): string {
    return numberKeyOf(this.numberKeyKey, e164);
  }
}

/** The kiosk's enrolment window: like the first account lockout (policy lockoutBaseMinutes). */
function kioskWindowMs(policy: Policy): number {
  return policy.lockoutBaseMinutes * MINUTE;
}
