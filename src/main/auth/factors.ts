// Second factors: what the sign-in engine and the admin session ask of a factor after
// the SMS code (or another first factor). The PIN (pin.ts) and the authenticator app (totp.ts)
// implement it; each keeps its own failure count and lockout.
import type { SecondFactor } from '../../shared/policy';

export type FactorCheck =
  | { ok: true }
  | {
      ok: false;
      reason: 'wrong' | 'locked' | 'not_enrolled';
      /** For locked: until when (epoch ms), or null when only a manager can reset it. */
      lockedUntil?: number | null;
      attemptsLeft?: number;
    };

export interface FactorVerifier {
  readonly kind: SecondFactor;
  /** The person has set this factor up. */
  enrolled(userId: number): boolean;
  /**
   * Checks a proof at `now`, counting failures and locking out by the factor's own rules. Runs
   * inside the caller's transaction when it has one.
   */
  check(userId: number, proof: string, now: number, prepared?: unknown): FactorCheck;
  /**
   * The slow part of a check done off the main thread first (the PIN's scrypt on libuv's pool);
   * its answer goes to check() as `prepared`, which is then quick and synchronous.
   */
  prepare?(userId: number, proof: string): Promise<unknown>;
}
