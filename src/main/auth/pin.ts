// The PIN: a second factor after the SMS code (or another first factor), required for
// the groups the policy names and always for managers. Kept only as HMAC-SHA256(pin key, scrypt
// hash) (scrypt is memory-hard, from node:crypto, with a per-PIN random salt; the pin key comes
// from the install secret, so a copied database alone cannot be searched for a 4-digit PIN)
// compared in constant time; its own wrong-PIN count and lockout (pinMaxWrong,
// pinLockoutMinutes), apart from the SMS lockout. Never logged.
import { createHmac, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connection';
import type { AuditLog } from '../audit/audit-log';
import type { ConfigStore } from '../config/config-store';
import type { UsersTable } from '../registry/users';
import type { Clock } from '../time';
import type { RandomSource } from './random';
import type { FactorCheck, FactorVerifier } from './factors';
import { prepared } from '../db/prepared';

/** scrypt cost. Production: N = 2^15, r = 8, p = 1 (32 MiB of memory per check). */
export interface PinCost {
  N: number;
  r: number;
  p: number;
}

export const PRODUCTION_PIN_COST: PinCost = { N: 2 ** 15, r: 8, p: 1 };
const HASH_BYTES = 32;
const SALT_BYTES = 16;
export const PIN_MAX_LENGTH = 8;
/** Timed PIN locks in a row before only a manager can unlock (15, 30, 60, 120 min by default). */
export const PIN_LADDER_STEPS = 4;
/** locked_until of a PIN only a manager can unlock (the largest time a Date can hold). */
const MANAGER_ONLY = 8.64e15;

export type PinRejection = 'format' | 'too_short' | 'same_digit' | 'sequence' | 'phone_digits';

/** A PIN that may not be used; the message says why, in words for the worker. */
export class PinError extends Error {
  override readonly name = 'PinError';
  constructor(
    readonly reason: PinRejection,
    message: string,
    readonly bounds: { min?: number; max?: number } = {},
  ) {
    super(message);
  }
}

/** The pin_invalid answer for a PinError (field and params for the screens), else undefined. */
export function pinInvalid(error: unknown):
  | {
      code: 'pin_invalid';
      message: string;
      field: 'pin';
      params: Record<string, string | number>;
    }
  | undefined {
  if (!(error instanceof PinError)) return undefined;
  return {
    code: 'pin_invalid',
    message: error.message,
    field: 'pin',
    params: { problem: error.reason, ...error.bounds },
  };
}

interface PinRow {
  user_id: number;
  pin_hash: Buffer;
  salt: Buffer;
  cost_n: number;
  cost_r: number;
  cost_p: number;
  consecutive_failures: number;
  locked_until: number | null;
  set_at: number;
  /** Locks in a row: the ladder's step. */
  lock_level: number;
  /** 1: pin_hash is keyed (HMAC over the scrypt hash); 0: a row from before PINs were keyed. */
  keyed: number;
}

/**
 * Why a PIN may not be used, or null when it may: digits only, minLength..8 long, not all the
 * same digit, not a straight run up or down (1234, 9876), not the last digits of the phone.
 */
export function pinProblem(pin: string, minLength: number, phone: string | null): PinError | null {
  const min = Math.max(4, minLength);
  if (!/^\d+$/.test(pin)) return new PinError('format', 'A PIN is digits only.');
  if (pin.length < min || pin.length > PIN_MAX_LENGTH) {
    return new PinError(
      'too_short',
      `A PIN has ${min} to ${PIN_MAX_LENGTH} digits. Yours has ${pin.length}.`,
      { min, max: PIN_MAX_LENGTH },
    );
  }
  if (/^(\d)\1+$/.test(pin)) {
    return new PinError('same_digit', 'A PIN of one digit repeated is too easy to guess.');
  }
  if ('01234567890'.includes(pin) || '09876543210'.includes(pin)) {
    return new PinError(
      'sequence',
      'A PIN of digits in a row (like 1234 or 9876) is too easy to guess.',
    );
  }
  const phoneDigits = phone?.replace(/\D/g, '') ?? '';
  if (phoneDigits.length >= pin.length && phoneDigits.endsWith(pin)) {
    return new PinError(
      'phone_digits',
      'Do not use the last digits of your phone number as your PIN.',
    );
  }
  return null;
}

export class PinStore implements FactorVerifier {
  readonly kind = 'pin' as const;
  private readonly cost: PinCost;

  constructor(
    private readonly deps: {
      db: Db;
      config: ConfigStore;
      users: UsersTable;
      audit: AuditLog;
      clock: Clock;
      random: RandomSource;
      /** deriveKey(secret, 'pin'): wraps every stored hash. */
      key: Buffer;
      /** Lower in tests; PRODUCTION_PIN_COST otherwise. */
      cost?: PinCost;
    },
  ) {
    this.cost = deps.cost ?? PRODUCTION_PIN_COST;
    this.keyLegacyRows();
  }

  /**
   * PINs hashed before the key existed: the stored scrypt output is wrapped with the
   * key in place, HMAC(key, scrypt(pin, salt)), which is exactly what a check computes for a new
   * PIN, so no PIN in clear is needed and every PIN keeps working. Runs once per row, at start.
   */
  private keyLegacyRows(): void {
    const legacy = prepared(
      this.deps.db,
      'SELECT user_id, pin_hash FROM pin_factors WHERE keyed = 0',
    ).all() as Array<{ user_id: number; pin_hash: Buffer }>;
    if (legacy.length === 0) return;
    this.deps.db.transaction(() => {
      const update = prepared(
        this.deps.db,
        'UPDATE pin_factors SET pin_hash = ?, keyed = 1 WHERE user_id = ? AND keyed = 0',
      );
      for (const row of legacy) update.run(this.wrap(row.pin_hash), row.user_id);
      this.deps.audit.append({
        actor: 'system',
        action: 'pin.keyed',
        target: 'pins',
        details: { count: legacy.length },
      });
    })();
  }

  private wrap(scryptHash: Buffer): Buffer {
    return createHmac('sha256', this.deps.key).update(scryptHash).digest();
  }

  enrolled(userId: number): boolean {
    return this.row(userId) !== undefined;
  }

  /**
   * Whether a PIN is set and locked; lockedUntil is when a timed lock ends, null while locked on
   * the manager-only rung (so no screen shows the sentinel as a date in the year 275760).
   */
  status(userId: number): { set: boolean; locked: boolean; lockedUntil: number | null } {
    const row = this.row(userId);
    if (!row) return { set: false, locked: false, lockedUntil: null };
    const now = this.deps.clock.now();
    const locked = row.locked_until !== null && row.locked_until > now;
    return {
      set: true,
      locked,
      lockedUntil: locked && row.locked_until !== MANAGER_ONLY ? row.locked_until : null,
    };
  }

  /**
   * The scrypt of a check on libuv's thread pool, so the main thread (IPC, timers,
   * the modem) never waits ~100-200 ms for it. Pass the answer to check() as `prepared`.
   */
  async prepare(userId: number, proof: string): Promise<PreparedPin | undefined> {
    const row = this.row(userId);
    if (!row) return undefined;
    const candidate = candidateOf(proof);
    const hash = await new Promise<Buffer>((resolve, reject) => {
      scrypt(candidate, row.salt, HASH_BYTES, costOf(row), (error, key) =>
        error ? reject(error) : resolve(key),
      );
    });
    return { userId, salt: row.salt, candidate, hash };
  }

  /**
   * Counts and locks synchronously (inside the caller's transaction). With `prepared` from
   * prepare() for this PIN it only compares; without (or when the PIN changed meanwhile) it
   * hashes here, on the calling thread.
   */
  check(userId: number, proof: string, now: number, prepared?: unknown): FactorCheck {
    const row = this.row(userId);
    if (!row) return { ok: false, reason: 'not_enrolled' };
    if (row.locked_until !== null && now < row.locked_until) {
      return {
        ok: false,
        reason: 'locked',
        lockedUntil: row.locked_until === MANAGER_ONLY ? null : row.locked_until,
      };
    }
    const policy = this.deps.config.policy();
    // A malformed proof costs a try like a wrong one, and is hashed like one (same time).
    const candidate = candidateOf(proof);
    const ready = prepared as PreparedPin | undefined;
    const hash =
      ready &&
      ready.userId === userId &&
      ready.candidate === candidate &&
      ready.salt.equals(row.salt)
        ? ready.hash
        : scryptSync(candidate, row.salt, HASH_BYTES, costOf(row));
    const stored = row.keyed ? this.wrap(hash) : hash;
    if (
      candidate !== '' &&
      stored.length === row.pin_hash.length &&
      timingSafeEqual(stored, row.pin_hash)
    ) {
      if (row.consecutive_failures !== 0 || row.locked_until !== null || row.lock_level !== 0) {
        this.setLock(userId, 0, null, 0);
      }
      return { ok: true };
    }
    const failures = row.consecutive_failures + 1;
    if (failures >= policy.pinMaxWrong) {
      // The ladder: pinLockoutMinutes, then twice as long each time it locks again
      // without a right PIN in between; after PIN_LADDER_STEPS timed locks only a manager's
      // unlock (or PIN reset) opens it. After a timed lock the person gets a full set of tries.
      const level = row.lock_level + 1;
      const until =
        level > PIN_LADDER_STEPS
          ? MANAGER_ONLY
          : now + policy.pinLockoutMinutes * 60_000 * 2 ** (level - 1);
      this.setLock(userId, 0, until, level);
      return {
        ok: false,
        reason: 'locked',
        lockedUntil: until === MANAGER_ONLY ? null : until,
      };
    }
    this.setLock(userId, failures, null);
    return { ok: false, reason: 'wrong', attemptsLeft: policy.pinMaxWrong - failures };
  }

  /** Wrong tries left before the PIN locks (for the PIN screen). */
  attemptsLeft(userId: number): number {
    const row = this.row(userId);
    return this.deps.config.policy().pinMaxWrong - (row?.consecutive_failures ?? 0);
  }

  /** Sets (or replaces) a person's PIN. Throws PinError for a PIN that may not be used. */
  set(userId: number, pin: string, actor: string): void {
    const user = this.deps.users.byId(userId);
    if (!user) throw new PinError('format', 'That person is no longer registered.');
    const problem = pinProblem(pin, this.deps.config.policy().pinMinLength, user.phone);
    if (problem) throw problem;
    const salt = this.deps.random.bytes(SALT_BYTES);
    const { N, r, p } = this.cost;
    const hash = this.wrap(scryptSync(pin, salt, HASH_BYTES, { N, r, p, maxmem: maxmem(N, r, p) }));
    prepared(
      this.deps.db,
      `INSERT INTO pin_factors (user_id, pin_hash, salt, cost_n, cost_r, cost_p,
         consecutive_failures, locked_until, set_at, keyed)
       VALUES (?, ?, ?, ?, ?, ?, 0, NULL, ?, 1)
       ON CONFLICT (user_id) DO UPDATE SET pin_hash = excluded.pin_hash, salt = excluded.salt,
         cost_n = excluded.cost_n, cost_r = excluded.cost_r, cost_p = excluded.cost_p,
         consecutive_failures = 0, locked_until = NULL, set_at = excluded.set_at, keyed = 1`,
    ).run(userId, hash, salt, N, r, p, this.deps.clock.now());
    this.deps.audit.append({
      actor,
      action: 'pin.set',
      target: `user:${user.employeeId}`,
    });
  }

  /**
   * A signed-in person changes their PIN: the old one first (a wrong one counts toward the
   * lockout), then the new one's rules.
   */
  change(userId: number, oldPin: string, newPin: string, actor: string): FactorCheck {
    const checked = this.check(userId, oldPin, this.deps.clock.now());
    if (!checked.ok) return checked;
    this.set(userId, newPin, actor);
    return { ok: true };
  }

  /** Forgets the PIN (a manager, for a forgotten PIN): the person sets a new one next time. */
  reset(userId: number, actor: string): boolean {
    const user = this.deps.users.byId(userId);
    const removed =
      prepared(this.deps.db, 'DELETE FROM pin_factors WHERE user_id = ?').run(userId).changes > 0;
    if (removed) {
      this.deps.audit.append({
        actor,
        action: 'pin.reset',
        target: user ? `user:${user.employeeId}` : `user:${userId}`,
      });
    }
    return removed;
  }

  private row(userId: number): PinRow | undefined {
    return prepared(this.deps.db, 'SELECT * FROM pin_factors WHERE user_id = ?').get(userId) as
      PinRow | undefined;
  }

  private setLock(userId: number, failures: number, until: number | null, level?: number): void {
    prepared(
      this.deps.db,
      `UPDATE pin_factors SET consecutive_failures = ?, locked_until = ?,
         lock_level = coalesce(?, lock_level) WHERE user_id = ?`,
    ).run(failures, until, level ?? null, userId);
  }

  /**
   * A manager's unlock of the PIN alone (the SMS lock has its own): the wrong count,
   * the lock and the ladder start again. False when there was nothing to unlock.
   */
  unlock(userId: number, actor: string): boolean {
    const row = this.row(userId);
    if (
      !row ||
      (row.locked_until === null && row.consecutive_failures === 0 && row.lock_level === 0)
    ) {
      return false;
    }
    this.deps.db.transaction(() => {
      this.setLock(userId, 0, null, 0);
      const user = this.deps.users.byId(userId);
      this.deps.audit.append({
        actor,
        action: 'pin.unlock',
        target: user ? `user:${user.employeeId}` : `user:${userId}`,
      });
    })();
    return true;
  }
}

/** What prepare() hands to check(): the scrypt hash of one candidate under one salt. */
export interface PreparedPin {
  userId: number;
  salt: Buffer;
  candidate: string;
  hash: Buffer;
}

function candidateOf(proof: string): string {
  return /^\d{1,8}$/.test(proof) ? proof : '';
}

function costOf(row: PinRow) {
  const { cost_n: N, cost_r: r, cost_p: p } = row;
  return { N, r, p, maxmem: maxmem(N, r, p) };
}

/** scrypt needs about 128·N·r bytes; node refuses above maxmem (32 MiB by default). */
function maxmem(N: number, r: number, p: number): number {
  return 128 * N * r * (p + 1) + 16 * 1024 * 1024;
}
