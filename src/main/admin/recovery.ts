// The site's recovery code: for the day no manager can receive a text message (modem broken,
// SIM expired, the only manager lost their phone). Shown once when made; only an scrypt hash is
// kept. Using it signs a manager in and replaces it. Wrong codes lock it for a while, doubling,
// and the count survives a restart (it lives in the database).
import { scrypt, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connection';
import type { AuditLog } from '../audit/audit-log';
import type { RandomSource } from '../auth/random';
import type { Scheduler } from '../time';
import { readSetting, writeSetting } from '../db/settings';
import { AdminError } from './errors';

export const RECOVERY_SETTING = 'admin.recovery';
export const RECOVERY_ATTEMPTS_SETTING = 'admin.recovery.attempts';

/** Crockford's base32 without I, L, O, U: nothing to misread on a printed slip. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 5;
const GROUP_LENGTH = 4;
/** 16 MiB and ~50 ms per check: slow for a guesser with a stolen database, fine for a person. */
const SCRYPT = { N: 2 ** 14, r: 8, p: 1, keyLength: 32 };
export const RECOVERY_MAX_FAILURES = 5;
export const RECOVERY_LOCK_MS = 15 * 60_000;

interface StoredCode {
  v: 1;
  salt: string;
  hash: string;
  N: number;
  r: number;
  p: number;
  createdAt: number;
}

interface Attempts {
  failures: number;
  lockedUntil: number | null;
}

export class RecoveryCodes {
  constructor(
    private readonly deps: { db: Db; audit: AuditLog; random: RandomSource; scheduler: Scheduler },
  ) {}

  exists(): boolean {
    return readSetting(this.deps.db, RECOVERY_SETTING) !== undefined;
  }

  /**
   * Makes a new code and returns it with what to store. Hashing is slow, so it happens before
   * the caller's transaction; `store` writes it (and its audit entry) inside that transaction.
   */
  async prepare(): Promise<{
    code: string;
    createdAt: number;
    store: (actor: string, reason: string) => void;
  }> {
    const code = this.generate();
    const salt = this.deps.random.bytes(16);
    const hash = await hashCode(normalize(code), salt, SCRYPT);
    const createdAt = this.deps.scheduler.now();
    const stored: StoredCode = {
      v: 1,
      salt: salt.toString('hex'),
      hash: hash.toString('hex'),
      N: SCRYPT.N,
      r: SCRYPT.r,
      p: SCRYPT.p,
      createdAt,
    };
    return {
      code,
      createdAt,
      store: (actor, reason) => {
        writeSetting(this.deps.db, RECOVERY_SETTING, JSON.stringify(stored));
        writeSetting(
          this.deps.db,
          RECOVERY_ATTEMPTS_SETTING,
          JSON.stringify({ failures: 0, lockedUntil: null }),
        );
        this.deps.audit.append({
          actor,
          action: 'recovery.issue',
          target: 'recovery_code',
          details: { reason },
        });
      },
    };
  }

  /**
   * Checks a typed recovery code. Throws AdminError 'locked' while locked and
   * 'wrong_recovery_code' when it does not match (counting the failure). `extraCheck` runs only
   * when the code matches and counts as a failure too when it says no (the employee ID given
   * with the code must be an active manager, and saying which part was wrong would help a
   * guesser).
   */
  async verify(typed: string, extraCheck: () => boolean): Promise<void> {
    const now = this.deps.scheduler.now();
    const attempts = this.attempts();
    if (attempts.lockedUntil !== null && now < attempts.lockedUntil) {
      throw new AdminError(
        'locked',
        `Too many wrong recovery codes. Try again after ${new Date(attempts.lockedUntil).toISOString()}.`,
        { retryAt: attempts.lockedUntil },
      );
    }
    const storedText = readSetting(this.deps.db, RECOVERY_SETTING);
    const stored = storedText ? (JSON.parse(storedText) as StoredCode) : undefined;
    let matches = false;
    if (stored) {
      const expected = Buffer.from(stored.hash, 'hex');
      const given = await hashCode(normalize(typed), Buffer.from(stored.salt, 'hex'), {
        N: stored.N,
        r: stored.r,
        p: stored.p,
        keyLength: expected.length,
      });
      matches = given.length === expected.length && timingSafeEqual(given, expected);
    }
    if (matches && extraCheck()) return;
    const failures = attempts.failures + 1;
    const lockedUntil =
      failures % RECOVERY_MAX_FAILURES === 0
        ? now + RECOVERY_LOCK_MS * 2 ** (failures / RECOVERY_MAX_FAILURES - 1)
        : attempts.lockedUntil;
    writeSetting(
      this.deps.db,
      RECOVERY_ATTEMPTS_SETTING,
      JSON.stringify({ failures, lockedUntil }),
    );
    throw new AdminError(
      'wrong_recovery_code',
      'That recovery code and employee ID do not match a manager of this kiosk.',
    );
  }

  private attempts(): Attempts {
    const text = readSetting(this.deps.db, RECOVERY_ATTEMPTS_SETTING);
    return text ? (JSON.parse(text) as Attempts) : { failures: 0, lockedUntil: null };
  }

  /** 100 random bits as 20 base32 characters in groups of 4. */
  private generate(): string {
    const bytes = this.deps.random.bytes(13);
    let bits = 0n;
    for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
    let text = '';
    for (let i = 0; i < GROUPS * GROUP_LENGTH; i++) {
      text += ALPHABET[Number(bits & 31n)];
      bits >>= 5n;
    }
    return text.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g'))!.join('-');
  }
}

/** What a person may type: any case, spaces or dashes, O for 0 and I/L for 1. */
export function normalize(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

function hashCode(
  code: string,
  salt: Buffer,
  params: { N: number; r: number; p: number; keyLength: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      code,
      salt,
      params.keyLength,
      { N: params.N, r: params.r, p: params.p, maxmem: 64 * 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}
