// Policy confirmNewPhones: a phone a manager registers or changes on the admin
// screen must first answer an SMS code sent to it, so a mistyped number never becomes someone's
// sign-in number. The code goes through the same outbox, caps, country allow-list and templates
// as sign-in and enrolment codes (auth/code-sms.ts); it is kept only as an HMAC bound to the
// confirmation, the person and the number, works once, and dies after too many wrong tries.
// Pending confirmations live in memory: a restart only means sending a new code.
import type { Db } from '../db/connection';
import type { AuditLog } from '../audit/audit-log';
import type { ConfigStore } from '../config/config-store';
import { RegistryError, type RegistryService } from '../registry/registry-service';
import type { OutboundSms } from '../outbox/outbound';
import type { Scheduler } from '../time';
import type { RandomSource } from '../auth/random';
import { CodeSendsTable } from '../auth/challenges';
import { codeSendBlocked, numberKeyOf, sendCodeSms } from '../auth/code-sms';
import { codeMac, codeMatches } from '../auth/otp';
import { deriveKey } from '../secret';
import { maskPhone, normalizeMobileNumber } from '../../shared/phone';
import type { PhoneCodeView } from '../../shared/admin';
import type { User } from '../../shared/domain';
import { AdminError } from './errors';

export interface PendingPhone {
  id: string;
  userId: number;
  e164: string;
  mac: string;
  sentAt: number;
  expiresAt: number;
  wrong: number;
  outboundId: string;
}

export interface PhoneProof {
  confirmId?: string;
  code?: string;
}

export interface PhoneConfirmDeps {
  db: Db;
  config: ConfigStore;
  registry: RegistryService;
  audit: AuditLog;
  outbound: OutboundSms;
  random: RandomSource;
  scheduler: Scheduler;
  secret: Buffer;
  kioskId: string;
}

export class PhoneConfirmations {
  private readonly sends: CodeSendsTable;
  private readonly otpKey: Buffer;
  private readonly numberKey: Buffer;
  /** One pending confirmation per person, by confirmId. */
  private readonly pending = new Map<string, PendingPhone>();

  constructor(private readonly deps: PhoneConfirmDeps) {
    this.sends = new CodeSendsTable(deps.db);
    this.otpKey = deriveKey(deps.secret, 'otp');
    this.numberKey = deriveKey(deps.secret, 'number');
  }

  /** Whether the policy asks for a code before a phone is set on the admin screen. */
  required(): boolean {
    return this.deps.config.policy().confirmNewPhones;
  }

  /** Checks the number as admin.staffSetPhone would, then texts a code to it. */
  send(userId: number, phone: string, actor: string): PhoneCodeView {
    if (!this.required()) {
      throw new AdminError(
        'invalid_input',
        'Confirming phones by SMS code is off in the policy: save the phone directly.',
      );
    }
    const user = this.user(userId);
    const parsed = normalizeMobileNumber(phone, this.deps.config.site().defaultCountry);
    if (!parsed.ok) {
      throw new RegistryError('invalid_phone', parsed.error.message, {
        field: 'phone',
        params: { problem: parsed.error.code },
      });
    }
    const { e164, country } = parsed.value;
    // As the registry: only an active person's number must be free.
    if (user.status === 'active') this.assertFree(e164, user.id);
    if (!this.deps.config.allowedCountries().includes(country)) {
      throw new AdminError(
        'country_not_allowed',
        `Codes cannot be sent to numbers in ${country} from this kiosk (policy: allowed countries).`,
      );
    }
    const now = this.deps.scheduler.now();
    const policy = this.deps.config.policy();
    const previous = this.forUser(user.id);
    if (previous && previous.e164 === e164 && now < previous.expiresAt) {
      const resendAt = previous.sentAt + policy.resendCooldownSeconds * 1000;
      if (now < resendAt) {
        throw new AdminError('resend_too_soon', 'A new code can be sent in a moment.', {
          retryAt: resendAt,
        });
      }
    }
    const numberKey = numberKeyOf(this.numberKey, e164);
    const block = codeSendBlocked(
      { outbound: this.deps.outbound, sends: this.sends },
      numberKey,
      this.deps.kioskId,
      policy,
      now,
    );
    if (block) throw blockError(block);
    const id = this.deps.random.bytes(16).toString('hex');
    const masked = maskPhone(e164);
    return this.deps.db.transaction(() => {
      if (previous) this.drop(previous);
      const bindingId = `staffphone:${id}`;
      const sent = sendCodeSms(
        { outbound: this.deps.outbound, sends: this.sends, random: this.deps.random },
        {
          to: e164,
          language: user.language,
          site: this.deps.config.site().name,
          policy,
          numberKey,
          kioskId: this.deps.kioskId,
          bindingId,
          now,
        },
      );
      this.pending.set(id, {
        id,
        userId: user.id,
        e164,
        mac: codeMac(this.otpKey, this.binding(id, user.id, e164), sent.code),
        sentAt: now,
        expiresAt: sent.expiresAt,
        wrong: 0,
        outboundId: sent.outboundId,
      });
      this.deps.audit.append({
        actor,
        action: 'staff.phone_code_sent',
        target: `user:${user.employeeId}`,
        details: { phone: masked },
      });
      return {
        confirmId: id,
        maskedPhone: masked,
        codeLength: policy.codeLength,
        expiresAt: sent.expiresAt,
        resendAt: now + policy.resendCooldownSeconds * 1000,
      };
    })();
  }

  /**
   * Throws unless proof holds the right code for this person and this number. A wrong code
   * counts (and is audited) even though the caller's change does not happen. On success the
   * confirmation is still pending: call consume() in the transaction that sets the phone.
   */
  check(user: User, e164: string, proof: PhoneProof, actor: string): PendingPhone {
    const masked = maskPhone(e164);
    if (!proof.confirmId || !proof.code) {
      throw new AdminError(
        'phone_not_confirmed',
        `Send a code to ${masked} and type it here: the policy asks for new phones to be confirmed.`,
      );
    }
    const pending = this.pending.get(proof.confirmId);
    if (!pending || pending.userId !== user.id) {
      throw new AdminError(
        'phone_not_confirmed',
        'That code is no longer waiting: send a new code to the phone.',
      );
    }
    if (pending.e164 !== e164) {
      throw new AdminError(
        'phone_not_confirmed',
        `The code was sent to ${maskPhone(pending.e164)}, not ${masked}: send a code to this number.`,
      );
    }
    if (!/^\d{6,8}$/.test(proof.code)) {
      throw new AdminError('malformed_code', 'Type the code from the text message: digits only.');
    }
    const now = this.deps.scheduler.now();
    if (now >= pending.expiresAt) {
      this.drop(pending);
      throw new AdminError('code_expired', 'The code has expired. Send a new one.');
    }
    if (
      !codeMatches(this.otpKey, this.binding(pending.id, user.id, e164), proof.code, pending.mac)
    ) {
      pending.wrong += 1;
      const left = this.deps.config.policy().maxWrongCodesPerCode - pending.wrong;
      this.deps.audit.append({
        actor,
        action: 'staff.phone_code_wrong',
        target: `user:${user.employeeId}`,
        details: { phone: masked, attemptsLeft: Math.max(0, left) },
      });
      if (left <= 0) {
        this.drop(pending);
        throw new AdminError('code_dead', 'Too many wrong tries for this code. Send a new one.', {
          attemptsLeft: 0,
        });
      }
      throw new AdminError(
        'wrong_code',
        'That code is not right. Check the text message on the phone and try again.',
        { attemptsLeft: left },
      );
    }
    return pending;
  }

  /** The code has been used: it never works again. */
  consume(pending: PendingPhone, user: User, actor: string): void {
    this.drop(pending);
    this.deps.audit.append({
      actor,
      action: 'staff.phone_confirmed',
      target: `user:${user.employeeId}`,
      details: { phone: maskPhone(pending.e164) },
    });
  }

  private forUser(userId: number): PendingPhone | undefined {
    for (const p of this.pending.values()) if (p.userId === userId) return p;
    return undefined;
  }

  private drop(pending: PendingPhone): void {
    this.deps.outbound.cancel(pending.outboundId);
    this.pending.delete(pending.id);
  }

  /** The MAC covers the person and the number, so a code cannot confirm anything else. */
  private binding(id: string, userId: number, e164: string): string {
    return `staffphone:${id}:${userId}:${e164}`;
  }

  private user(id: number): User {
    const user = this.deps.registry.users.byId(id);
    if (!user) throw new AdminError('user_not_found', `Person ${id} does not exist.`);
    return user;
  }

  /** Same check and words as the registry's (admin.staffSetPhone). */
  private assertFree(e164: string, userId: number): void {
    const owner = this.deps.registry.users.byActivePhone(e164);
    if (owner && owner.id !== userId) {
      throw new RegistryError(
        'duplicate_phone',
        `${e164} is already the sign-in number of ${owner.displayName} (${owner.employeeId}).`,
        { field: 'phone', params: { name: owner.displayName, employeeId: owner.employeeId } },
      );
    }
  }
}

function blockError(block: NonNullable<ReturnType<typeof codeSendBlocked>>): AdminError {
  switch (block.code) {
    case 'sms_unavailable':
      return new AdminError(
        'sms_unavailable',
        `The kiosk cannot send text messages right now: ${block.reason}`,
      );
    case 'kiosk_cap_reached':
      return new AdminError(
        'kiosk_cap_reached',
        'This kiosk has sent as many codes as it may this hour (policy). Try again later.',
      );
    case 'daily_cap_reached':
      return new AdminError(
        'daily_cap_reached',
        "The kiosk's SIM card has sent as many codes as it may today (policy).",
      );
    case 'too_many_codes':
      return new AdminError(
        'too_many_codes',
        'Too many codes were sent to this number. Wait a while and try again.',
        { retryAt: block.retryAt },
      );
  }
}
