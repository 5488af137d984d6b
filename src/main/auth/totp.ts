// Authenticator apps (TOTP, RFC 6238) as a second factor and, where the policy allows, as the
// first factor while the modem is down. 30 s steps, 6 digits, SHA-1: the settings
// every authenticator app understands. The secret is sealed at rest; the last step used is kept
// so that a code can never be used twice; wrong codes lock the factor by the account rules.
import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { generateSync, generateURI, ScureBase32Plugin, stringToBytes } from 'otplib';
import QRCode from 'qrcode';
import type { Db } from '../db/connection';
import type { AuditLog } from '../audit/audit-log';
import type { ConfigStore } from '../config/config-store';
import type { Clock } from '../time';
import type { RandomSource } from './random';
import type { FactorCheck, FactorVerifier } from './factors';
import { afterFailure, lockStatus, UNLOCKED, type LockState } from './lockout';
import { TotpTable } from './totp-queries';
import { AttemptLocks } from './enrolment-queries';
import type { RegistryService } from '../registry/registry-service';
import type { SignInLog } from '../audit/signin-log';
import type { OutboundSms } from '../outbox/outbound';
import type { User } from '../../shared/domain';
import { normalizeEmployeeId } from '../../shared/schemas';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of now that still count (a phone clock a little off, a slow typist). */
export const TOTP_WINDOW = 1;
/** How long a secret shown on the enrolment screen may be confirmed. */
const ENROLMENT_MINUTES = 10;
const SECRET_BYTES = 20;

const base32 = new ScureBase32Plugin();

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** The code for `secret` at `epochSeconds` (RFC 6238); otplib does the HOTP arithmetic. */
export function totpCode(
  secret: string | Uint8Array,
  epochSeconds: number,
  options: { algorithm?: TotpAlgorithm; digits?: 6 | 7 | 8; period?: number } = {},
): string {
  return generateSync({
    secret,
    epoch: epochSeconds,
    algorithm: options.algorithm ?? 'sha1',
    digits: options.digits ?? TOTP_DIGITS,
    period: options.period ?? TOTP_PERIOD_SECONDS,
  });
}

/** RFC 6238's own test secrets are ASCII strings, not base32. */
export const asciiSecret = (text: string): Uint8Array => stringToBytes(text);

export function stepAt(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** A key of its own for the TOTP secrets, derived like the others in src/main/secret.ts. */
export function totpKey(installSecret: Buffer): Buffer {
  return createHmac('sha256', installSecret).update('sms-kiosk:totp').digest();
}

/** iv | tag | ciphertext, bound to the person so a sealed secret cannot be moved to another. */
export function sealSecret(key: Buffer, userId: number, secret: string, iv: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`sms-kiosk:totp:v1\0${userId}`));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function openSecret(key: Buffer, userId: number, sealed: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(`sms-kiosk:totp:v1\0${userId}`));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
}

/** The QR code of a text as rows of '1' (dark) and '0' modules, drawn by the renderer as SVG. */
export function qrMatrix(text: string): { size: number; rows: string[] } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const rows: string[] = [];
  for (let r = 0; r < modules.size; r++) {
    let row = '';
    for (let c = 0; c < modules.size; c++) row += modules.get(r, c) ? '1' : '0';
    rows.push(row);
  }
  return { size: modules.size, rows };
}

export interface TotpEnrolmentOffer {
  enrolmentId: string;
  /** Base32, in groups of 4 for typing into an app by hand. */
  secretGroups: string;
  uri: string;
  qr: { size: number; rows: string[] };
  expiresAt: number;
}

export type ConfirmResult =
  { ok: true } | { ok: false; reason: 'wrong' | 'expired' | 'not_found'; attemptsLeft?: number };

export class TotpStore implements FactorVerifier {
  readonly kind = 'totp' as const;
  private readonly table: TotpTable;
  private readonly key: Buffer;
  /** Secrets shown on screen and not yet confirmed: in memory only, one per person. */
  private readonly pending = new Map<
    string,
    { userId: number; secret: string; expiresAt: number; wrong: number }
  >();

  constructor(
    private readonly deps: {
      db: Db;
      secret: Buffer;
      config: ConfigStore;
      audit: AuditLog;
      clock: Clock;
      random: RandomSource;
    },
  ) {
    this.table = new TotpTable(deps.db);
    this.key = totpKey(deps.secret);
  }

  enrolled(userId: number): boolean {
    return this.table.byUser(userId) !== undefined;
  }

  status(userId: number): { enrolled: boolean; enrolledAt: number | null; locked: boolean } {
    const row = this.table.byUser(userId);
    if (!row) return { enrolled: false, enrolledAt: null, locked: false };
    return {
      enrolled: true,
      enrolledAt: row.created_at,
      locked: lockStatus(this.lockState(row), this.deps.clock.now()).locked,
    };
  }

  check(userId: number, proof: string, now: number): FactorCheck {
    const row = this.table.byUser(userId);
    if (!row) return { ok: false, reason: 'not_enrolled' };
    const state = this.lockState(row);
    const locked = lockStatus(state, now);
    if (locked.locked) return { ok: false, reason: 'locked', lockedUntil: locked.until };
    const secret = openSecret(this.key, userId, row.secret_enc);
    const step = matchStep(secret, proof, now, row.last_step);
    if (step === null) {
      const policy = this.deps.config.policy();
      const next = afterFailure(state, policy, now);
      this.table.setLock(userId, next);
      const nowLocked = lockStatus(next, now);
      if (nowLocked.locked) return { ok: false, reason: 'locked', lockedUntil: nowLocked.until };
      return {
        ok: false,
        reason: 'wrong',
        attemptsLeft:
          policy.lockoutThreshold - (next.consecutiveFailures % policy.lockoutThreshold),
      };
    }
    this.table.used(userId, step);
    return { ok: true };
  }

  /** Step 1 of enrolment: a new secret, shown as a QR code and as text; nothing is saved yet. */
  offer(user: { id: number; employeeId: string; displayName: string }): TotpEnrolmentOffer {
    const now = this.deps.clock.now();
    for (const [id, entry] of this.pending) {
      if (entry.userId === user.id || entry.expiresAt <= now) this.pending.delete(id);
    }
    const secret = base32.encode(this.deps.random.bytes(SECRET_BYTES));
    const enrolmentId = this.deps.random.bytes(16).toString('hex');
    const expiresAt = now + ENROLMENT_MINUTES * 60_000;
    this.pending.set(enrolmentId, { userId: user.id, secret, expiresAt, wrong: 0 });
    const issuer = this.deps.config.site().name;
    const uri = generateURI({
      issuer,
      label: `${user.displayName} (${user.employeeId})`,
      secret,
      algorithm: 'sha1',
      digits: TOTP_DIGITS,
      period: TOTP_PERIOD_SECONDS,
    });
    return {
      enrolmentId,
      secretGroups: secret.match(/.{1,4}/g)!.join(' '),
      uri,
      qr: qrMatrix(uri),
      expiresAt,
    };
  }

  /** Step 2: a current code from the app proves it holds the secret; only then it is saved. */
  confirm(
    enrolmentId: string,
    userId: number,
    code: string,
    actor: string,
    /** Names the person in the audit log like every other entry (user:<employee ID>). */
    employeeId?: string,
  ): ConfirmResult {
    const now = this.deps.clock.now();
    const entry = this.pending.get(enrolmentId);
    if (!entry || entry.userId !== userId) return { ok: false, reason: 'not_found' };
    if (now >= entry.expiresAt) {
      this.pending.delete(enrolmentId);
      return { ok: false, reason: 'expired' };
    }
    const step = matchStep(entry.secret, code, now, null);
    if (step === null) {
      entry.wrong += 1;
      const left = this.deps.config.policy().maxWrongCodesPerCode - entry.wrong;
      if (left <= 0) this.pending.delete(enrolmentId);
      return {
        ok: false,
        reason: left <= 0 ? 'expired' : 'wrong',
        attemptsLeft: Math.max(0, left),
      };
    }
    this.pending.delete(enrolmentId);
    const iv = this.deps.random.bytes(12);
    this.deps.db.transaction(() => {
      this.table.upsert(userId, sealSecret(this.key, userId, entry.secret, iv), step, now);
      this.deps.audit.append({
        actor,
        action: 'totp.enrol',
        target: `user:${employeeId ?? userId}`,
        details: {},
      });
    })();
    return { ok: true };
  }

  /** A manager removes the app (lost phone); the person can enrol again after an SMS sign-in. */
  reset(userId: number, employeeId: string, actor: string): boolean {
    return this.deps.db.transaction(() => {
      const removed = this.table.remove(userId);
      this.deps.audit.append({
        actor,
        action: 'totp.reset',
        target: `user:${employeeId}`,
        details: { wasEnrolled: removed },
      });
      return removed;
    })();
  }

  private lockState(row: {
    consecutive_failures: number;
    locked_until: number | null;
    locked_indefinitely: number;
  }): LockState {
    return {
      ...UNLOCKED,
      consecutiveFailures: row.consecutive_failures,
      lockedUntil: row.locked_until,
      lockedIndefinitely: row.locked_indefinitely === 1,
    };
  }
}

/**
 * The step at which `code` is right, within ±TOTP_WINDOW of now and after `lastStep` (replay
 * protection: the same or an earlier step is refused), or null. Compares in constant time.
 */
export function matchStep(
  secret: string,
  code: string,
  nowMs: number,
  lastStep: number | null,
): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const current = stepAt(nowMs);
  let matched: number | null = null;
  for (let step = current - TOTP_WINDOW; step <= current + TOTP_WINDOW; step++) {
    if (lastStep !== null && step <= lastStep) continue;
    const expected = totpCode(secret, step * TOTP_PERIOD_SECONDS);
    // Every candidate is computed and compared, so the time taken does not say which matched.
    if (timingSafeEqual(Buffer.from(expected), Buffer.from(code)) && matched === null) {
      matched = step;
    }
  }
  return matched;
}

export type AppSignInRefusal = 'wrong_code' | 'locked' | 'method_not_allowed';

/**
 * Employee ID + authenticator-app code as the first factor, only where the policy allows it
 * and only while the kiosk cannot send text messages. An unknown employee ID, a person without
 * an app and a wrong code all answer the same and all count toward a lockout: the person's own
 * TOTP lockout, or a per-ID one kept under a keyed subject.
 */
export class AppFirstFactor {
  private readonly locks: AttemptLocks;
  private readonly subjectKey: Buffer;

  constructor(
    private readonly deps: {
      db: Db;
      secret: Buffer;
      config: ConfigStore;
      registry: RegistryService;
      signInLog: SignInLog;
      outbound: OutboundSms;
      totp: TotpStore;
      clock: Clock;
    },
  ) {
    this.locks = new AttemptLocks(deps.db);
    this.subjectKey = createHmac('sha256', deps.secret).update('sms-kiosk:app-sign-in').digest();
  }

  /** Whether the kiosk offers app sign-in now. */
  offered(): boolean {
    return (
      this.deps.config.policy().totpWhenModemDown && !this.deps.outbound.availability().available
    );
  }

  check(
    employeeId: string,
    code: string,
    kioskId: string,
  ):
    | { ok: true; user: User }
    | {
        ok: false;
        code: AppSignInRefusal;
        message: string;
        attemptsLeft?: number;
        lockedUntil?: number | null;
      } {
    return this.deps.db.transaction(() => {
      const now = this.deps.clock.now();
      const log = (userId: number | null, reason: string) =>
        this.deps.signInLog.append({
          at: now,
          userId,
          maskedPhone: '••••',
          kioskId,
          result: 'failure',
          reason,
        });
      if (!this.offered()) {
        log(null, 'app_sign_in_not_offered');
        return {
          ok: false as const,
          code: 'method_not_allowed' as const,
          message:
            'Sign-in with an authenticator app is only offered while text messages cannot be sent.',
        };
      }
      const subject = `app-id:${createHmac('sha256', this.subjectKey)
        .update(normalizeEmployeeId(employeeId).toUpperCase())
        .digest('hex')}`;
      const user = this.deps.registry.users.byEmployeeId(employeeId);
      const locked = (until: number | null) => ({
        ok: false as const,
        code: 'locked' as const,
        message:
          until === null
            ? 'Too many wrong codes. Sign-in is locked until a manager unlocks it.'
            : `Too many wrong codes. Sign-in is locked until ${new Date(until).toISOString()}.`,
        lockedUntil: until,
      });
      const wrong = (attemptsLeft: number) => ({
        ok: false as const,
        code: 'wrong_code' as const,
        message: 'That employee ID and code do not match. Try the newest code from the app.',
        attemptsLeft,
      });
      const idLock = lockStatus(this.locks.get(subject), now);
      if (idLock.locked) {
        log(user?.id ?? null, 'app_locked');
        return locked(idLock.until);
      }
      const policy = this.deps.config.policy();
      if (user && user.status === 'active' && this.deps.totp.enrolled(user.id)) {
        const result = this.deps.totp.check(user.id, code, now);
        if (result.ok) {
          this.locks.set(subject, UNLOCKED, now);
          return { ok: true as const, user };
        }
        log(user.id, result.reason === 'locked' ? 'app_locked' : 'app_wrong_code');
        if (result.reason === 'locked') return locked(result.lockedUntil ?? null);
        return wrong(result.attemptsLeft ?? 0);
      }
      // Nobody with an app has this ID: the same answer and the same count as a wrong code.
      const next = afterFailure(this.locks.get(subject), policy, now);
      this.locks.set(subject, next, now);
      log(user?.id ?? null, 'app_wrong_code');
      const status = lockStatus(next, now);
      if (status.locked) return locked(status.until);
      return wrong(policy.lockoutThreshold - (next.consecutiveFailures % policy.lockoutThreshold));
    })();
  }
}
