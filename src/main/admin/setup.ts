// First-run setup: while the registry has no active manager, the kiosk asks for the site name,
// the kiosk name, the default country and the first manager, whose phone must prove itself with
// a code sent through the kiosk's outbox. The code belongs to a setup challenge of its own (held
// in memory, HMAC only) rather than to the sign-in engine, because the engine only texts people
// who already exist and are active: nothing is written until the code is right, so a setup
// abandoned halfway leaves no half-made manager behind. Completing it creates the site settings,
// the manager and the recovery code in one transaction and signs the manager in.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connection';
import type { AuditLog } from '../audit/audit-log';
import type { ConfigStore } from '../config/config-store';
import type { RegistryService } from '../registry/registry-service';
import type { RandomSource } from '../auth/random';
import type { OutboundSms } from '../outbox/outbound';
import type { Scheduler } from '../time';
import { CodeSendsTable } from '../auth/challenges';
import { codeSendBlocked, numberKeyOf, sendCodeSms, type CodeSendBlock } from '../auth/code-sms';
import type { SetupMarker } from '../config/setup-marker';
import { deriveKey } from '../secret';
import { isTimeZone, siteSchema } from '../../shared/policy';
import { displayNameSchema, employeeIdSchema, firstIssue, issueDetail } from '../../shared/schemas';
import { isCountryCode, maskPhone, normalizeMobileNumber } from '../../shared/phone';
import type { Language } from '../../shared/domain';
import type { SetupChallengeView, SetupDone, SetupStatus } from '../../shared/admin';
import type { AdminQueries } from './admin-queries';
import { managerActor, type AdminSession } from './admin-session';
import type { RecoveryCodes } from './recovery';
import { pinProblem, type PinStore } from '../auth/pin';
import { AdminError } from './errors';

export interface SetupInput {
  siteName: string;
  kioskName: string;
  defaultCountry: string;
  timeZone?: string;
  manager: { displayName: string; employeeId: string; phone: string; language?: Language };
}

export interface SetupDeps {
  db: Db;
  config: ConfigStore;
  registry: RegistryService;
  audit: AuditLog;
  queries: AdminQueries;
  outbound: OutboundSms;
  random: RandomSource;
  scheduler: Scheduler;
  secret: Buffer;
  recovery: RecoveryCodes;
  session: AdminSession;
  /** The first manager's PIN, when the wizard asks for it. */
  pins?: PinStore;
  /** Set when setup completes; while it is, setup stays closed even with no manager left. */
  marker: SetupMarker;
  /** For the send caps, which setup codes count toward like every other code. */
  kioskId: string;
}

const MINUTE = 60_000;
const MAX_WRONG = 5;
/** Codes per 15 minutes, whoever asks: the setup screen is open to anyone at a new kiosk. */
const SEND_CAP = 5;
const SEND_WINDOW_MS = 15 * MINUTE;

interface Pending {
  id: string;
  input: SetupInput & { e164: string; country: string; siteName: string; kioskName: string };
  mac: string;
  sentAt: number;
  expiresAt: number;
  wrong: number;
  outboundId: string;
}

export class FirstRunSetup {
  private pending: Pending | undefined;
  private readonly sends: number[] = [];
  private readonly key: Buffer;
  private readonly numberKey: Buffer;
  private readonly codeSends: CodeSendsTable;

  constructor(private readonly deps: SetupDeps) {
    this.key = createHmac('sha256', deps.secret).update('sms-kiosk:admin-setup').digest();
    this.numberKey = deriveKey(deps.secret, 'number');
    this.codeSends = new CodeSendsTable(deps.db);
  }

  /**
   * Only a kiosk never set up: once setup completed, a site with no active manager left gets one
   * back through the recovery code or the CLI, never through this screen open to anyone.
   */
  needed(): boolean {
    return !this.deps.marker.isDone() && this.deps.queries.activeManagerCount() === 0;
  }

  status(): SetupStatus {
    const site = this.deps.config.site();
    const pending = this.pending;
    const live = pending && this.deps.scheduler.now() < pending.expiresAt && this.needed();
    return {
      needed: this.needed(),
      siteName: site.name,
      kioskName: this.deps.queries.kioskName() ?? '',
      defaultCountry: site.defaultCountry,
      timeZone: site.timeZone,
      pending: live
        ? { maskedPhone: maskPhone(pending.input.e164), expiresAt: pending.expiresAt }
        : null,
    };
  }

  start(raw: SetupInput): SetupChallengeView {
    this.requireNeeded();
    const input = this.validate(raw);
    const id = this.deps.random.bytes(16).toString('hex');
    return this.send(id, input, this.pending);
  }

  resend(setupId: string): SetupChallengeView {
    this.requireNeeded();
    const pending = this.pending;
    if (!pending || pending.id !== setupId) {
      throw new AdminError('challenge_not_found', 'This setup step has ended. Start again.');
    }
    const cooldownEnds = pending.sentAt + this.deps.config.policy().resendCooldownSeconds * 1000;
    if (this.deps.scheduler.now() < cooldownEnds) {
      throw new AdminError('resend_too_soon', 'A new code can be sent in a moment.', {
        retryAt: cooldownEnds,
      });
    }
    return this.send(pending.id, pending.input, pending);
  }

  async complete(setupId: string, code: string, pin?: string): Promise<SetupDone> {
    this.requireNeeded();
    // A PIN that may not be used is refused before the code is spent.
    if (pin !== undefined && this.deps.pins) {
      const problem = pinProblem(
        pin,
        this.deps.config.policy().pinMinLength,
        this.pending?.input.e164 ?? null,
      );
      if (problem) {
        throw new AdminError('invalid_input', problem.message, {
          field: 'pin',
          params: { problem: problem.reason, ...problem.bounds },
        });
      }
    }
    const pending = this.pending;
    const now = this.deps.scheduler.now();
    if (!pending || pending.id !== setupId) {
      throw new AdminError('challenge_not_found', 'This setup step has ended. Start again.');
    }
    if (now >= pending.expiresAt) {
      throw new AdminError('code_expired', 'The code has expired. Ask for a new one.');
    }
    if (pending.wrong >= MAX_WRONG) {
      throw new AdminError('code_dead', 'Too many wrong tries for this code. Ask for a new one.', {
        attemptsLeft: 0,
      });
    }
    if (!/^\d{6,8}$/.test(code) || !this.matches(pending, code)) {
      pending.wrong++;
      const attemptsLeft = MAX_WRONG - pending.wrong;
      if (attemptsLeft === 0) {
        throw new AdminError(
          'code_dead',
          'Too many wrong tries for this code. Ask for a new one.',
          {
            attemptsLeft,
          },
        );
      }
      throw new AdminError(
        'wrong_code',
        'That code is not right. Check the text message and try again.',
        { attemptsLeft },
      );
    }
    // Hashing the recovery code is slow; it is done before the transaction, and the transaction
    // checks again that no other manager appeared meanwhile.
    const recovery = await this.deps.recovery.prepare();
    const { input } = pending;
    const actor = managerActor({ employeeId: input.manager.employeeId });
    const admin = this.deps.db.transaction(() => {
      this.requireNeeded();
      this.deps.config.updateSite(
        {
          name: input.siteName,
          defaultCountry: input.defaultCountry,
          ...(input.timeZone !== undefined && { timeZone: input.timeZone }),
        },
        actor,
      );
      this.deps.queries.setKioskName(input.kioskName);
      const manager = this.deps.registry.addUser(
        {
          employeeId: input.manager.employeeId,
          displayName: input.manager.displayName,
          phone: input.e164,
          role: 'manager',
          status: 'active',
          language: input.manager.language ?? 'en',
        },
        actor,
      );
      // Without a PIN here, the manager sets one at their first admin sign-in.
      if (pin !== undefined && this.deps.pins) this.deps.pins.set(manager.id, pin, actor);
      recovery.store(actor, 'first-run setup');
      this.deps.marker.markDone();
      this.deps.audit.append({
        actor,
        action: 'setup.complete',
        target: `site:${input.siteName}`,
        details: {
          kioskName: input.kioskName,
          defaultCountry: input.defaultCountry,
          timeZone: input.timeZone ?? null,
          manager: input.manager.employeeId,
          phone: maskPhone(input.e164),
        },
      });
      return this.deps.session.open(manager, 'setup');
    })();
    this.pending = undefined;
    return { recoveryCode: recovery.code, createdAt: recovery.createdAt, admin };
  }

  private send(
    id: string,
    input: Pending['input'],
    previous: Pending | undefined,
  ): SetupChallengeView {
    const now = this.deps.scheduler.now();
    const availability = this.deps.outbound.availability();
    if (!availability.available) {
      throw new AdminError(
        'sms_unavailable',
        `The kiosk cannot send text messages right now: ${availability.reason}`,
      );
    }
    while (this.sends.length && this.sends[0]! <= now - SEND_WINDOW_MS) this.sends.shift();
    if (this.sends.length >= SEND_CAP) {
      const retryAt = this.sends[0]! + SEND_WINDOW_MS;
      throw new AdminError(
        'rate_limited',
        'Too many setup codes were sent. Wait a while and try again.',
        { retryAt },
      );
    }
    const policy = this.deps.config.policy();
    // The same toll-fraud guard as every other code: allow-list, kiosk and SIM caps, per number.
    const allowed = policy.allowedCountries.length
      ? policy.allowedCountries
      : [input.defaultCountry];
    if (!allowed.includes(input.country)) {
      throw new AdminError(
        'country_not_allowed',
        `Codes cannot be sent to numbers in ${input.country} from this kiosk. Use a number in ${allowed.join(', ')}, or choose that country as the default.`,
      );
    }
    const numberKey = numberKeyOf(this.numberKey, input.e164);
    const block = codeSendBlocked(
      { outbound: this.deps.outbound, sends: this.codeSends },
      numberKey,
      this.deps.kioskId,
      policy,
      now,
    );
    if (block) throw setupBlock(block);
    if (previous) this.deps.outbound.cancel(previous.outboundId);
    const { code, outboundId, expiresAt } = this.deps.db.transaction(() =>
      sendCodeSms(
        { outbound: this.deps.outbound, sends: this.codeSends, random: this.deps.random },
        {
          to: input.e164,
          language: input.manager.language ?? 'en',
          site: input.siteName,
          policy,
          numberKey,
          kioskId: this.deps.kioskId,
          bindingId: `setup:${id}`,
          now,
        },
      ),
    )();
    this.sends.push(now);
    this.pending = {
      id,
      input,
      mac: this.mac(id, code),
      sentAt: now,
      expiresAt,
      wrong: 0,
      outboundId,
    };
    return {
      setupId: id,
      maskedPhone: maskPhone(input.e164),
      codeLength: policy.codeLength,
      expiresAt,
      resendAt: now + policy.resendCooldownSeconds * 1000,
    };
  }

  private validate(raw: SetupInput): Pending['input'] {
    const site = siteSchema.shape;
    const siteName = site.name.safeParse(raw.siteName);
    if (!siteName.success) {
      throw new AdminError(
        'invalid_input',
        `Site name: ${firstIssue(siteName.error)}`,
        issueDetail(siteName.error, 'siteName'),
      );
    }
    const kioskName = site.name.safeParse(raw.kioskName);
    if (!kioskName.success || /\p{Cc}/u.test(raw.kioskName)) {
      throw new AdminError(
        'invalid_input',
        'Kiosk name: 1 to 40 characters without control characters.',
        kioskName.success
          ? { field: 'kioskName', params: { problem: 'control_characters' } }
          : issueDetail(kioskName.error, 'kioskName'),
      );
    }
    const country = raw.defaultCountry.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(country) || !isCountryCode(country)) {
      throw new AdminError(
        'invalid_input',
        `Default country: "${raw.defaultCountry}" is not a two-letter country code such as FI.`,
        { field: 'defaultCountry', params: { problem: 'country_code' } },
      );
    }
    const timeZone = raw.timeZone?.trim();
    if (timeZone !== undefined && !isTimeZone(timeZone)) {
      throw new AdminError(
        'invalid_input',
        `Time zone: "${timeZone.slice(0, 64)}" is not a time zone such as Europe/Helsinki.`,
        { field: 'timeZone', params: { problem: 'not_allowed' } },
      );
    }
    const name = displayNameSchema.safeParse(raw.manager.displayName);
    if (!name.success) {
      throw new AdminError(
        'invalid_input',
        firstIssue(name.error),
        issueDetail(name.error, 'displayName'),
      );
    }
    const employeeId = employeeIdSchema.safeParse(raw.manager.employeeId);
    if (!employeeId.success) {
      throw new AdminError(
        'invalid_input',
        firstIssue(employeeId.error),
        issueDetail(employeeId.error, 'employeeId'),
      );
    }
    const phone = normalizeMobileNumber(raw.manager.phone, country);
    if (!phone.ok) {
      throw new AdminError('invalid_phone', phone.error.message, {
        field: 'phone',
        params: { problem: phone.error.code },
      });
    }
    if (this.deps.registry.users.byEmployeeId(employeeId.data)) {
      throw new AdminError(
        'duplicate_employee_id',
        `Employee ID ${employeeId.data} is already registered.`,
        { field: 'employeeId', params: { employeeId: employeeId.data } },
      );
    }
    const owner = this.deps.registry.users.byActivePhone(phone.value.e164);
    if (owner) {
      throw new AdminError(
        'duplicate_phone',
        `${phone.value.e164} is already the sign-in number of ${owner.displayName}.`,
        { field: 'phone', params: { name: owner.displayName, employeeId: owner.employeeId } },
      );
    }
    return {
      siteName: siteName.data,
      kioskName: kioskName.data,
      defaultCountry: country,
      ...(timeZone !== undefined && { timeZone }),
      manager: { ...raw.manager, displayName: name.data, employeeId: employeeId.data },
      e164: phone.value.e164,
      country: phone.value.country,
    };
  }

  private requireNeeded(): void {
    if (!this.needed()) {
      this.pending = undefined;
      throw new AdminError(
        'setup_not_needed',
        'This kiosk is already set up. A manager signs in from the admin entry.',
      );
    }
  }

  private mac(id: string, code: string): string {
    return createHmac('sha256', this.key).update(`${id}:${code}`).digest('hex');
  }

  private matches(pending: Pending, code: string): boolean {
    const given = Buffer.from(this.mac(pending.id, code), 'hex');
    const stored = Buffer.from(pending.mac, 'hex');
    return given.length === stored.length && timingSafeEqual(given, stored);
  }
}

function setupBlock(block: CodeSendBlock): AdminError {
  switch (block.code) {
    case 'sms_unavailable':
      return new AdminError(
        'sms_unavailable',
        `The kiosk cannot send text messages right now: ${block.reason}`,
      );
    case 'too_many_codes':
      return new AdminError(
        'rate_limited',
        'Too many codes were sent to this number. Wait a while and try again.',
        { retryAt: block.retryAt },
      );
    case 'kiosk_cap_reached':
      return new AdminError(
        'rate_limited',
        'This kiosk has sent as many codes as it may this hour. Try again later.',
      );
    case 'daily_cap_reached':
      return new AdminError(
        'rate_limited',
        "The kiosk's SIM card has sent as many codes as it may today. Try again tomorrow.",
      );
  }
}
