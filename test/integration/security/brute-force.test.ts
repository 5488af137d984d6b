// An attacker at the kiosk who does not have the phone guesses codes for a registered number as
// fast as the rules allow. The lockout bounds must hold, and they bound the chance of success.
import { describe, expect, it } from 'vitest';
import { makeKit } from '../../support/harness';
import { DEFAULT_POLICY } from '../../../src/shared/policy';

const PHONE = '040 123 4567';
const E164 = '+358401234567';

describe('brute force against one number', () => {
  it('allows at most 100 guesses in total, then only a manager can unlock', async () => {
    const kit = makeKit();
    const user = kit.registry.addUser({ employeeId: 'E1', displayName: 'Aino', phone: PHONE }, 't');
    let guesses = 0;
    let refusals = 0;
    const startedAt = kit.scheduler.now();
    for (let round = 0; round < 10_000; round++) {
      const started = await kit.engine.start({ phone: PHONE, kioskId: 'k1' });
      if (!started.ok) {
        refusals++;
        if (started.error.code === 'locked' && started.error.lockedUntil === null) break;
        // Wait exactly as long as the kiosk says, the fastest an attacker can go.
        expect(started.error.retryAt).toBeGreaterThan(kit.scheduler.now());
        kit.scheduler.set(started.error.retryAt!);
        continue;
      }
      const real = kit.outbound.lastCodeTo(E164);
      for (;;) {
        // Guesses that are never the real code: the test proves the bound, not luck.
        const guess = String((Number(real) + 1 + guesses) % 1_000_000).padStart(6, '0');
        const result = kit.engine.verifyNow({
          challengeId: started.value.challengeId,
          code: guess,
          kioskId: 'k1',
        });
        expect(result.ok).toBe(false);
        if (result.ok) break;
        if (['wrong_code', 'code_dead', 'locked'].includes(result.error.code)) guesses++;
        if (result.error.code !== 'wrong_code') break;
      }
    }
    expect(guesses).toBe(DEFAULT_POLICY.lockoutPermanentAfter);
    expect(kit.registry.users.byId(user.id)).toMatchObject({
      lockedIndefinitely: true,
      consecutiveFailures: 100,
    });

    // The real code no longer helps either.
    const locked = await kit.engine.start({ phone: PHONE, kioskId: 'k1' });
    expect(locked.ok || locked.error).toMatchObject({ code: 'locked', lockedUntil: null });

    // The timed lockouts (15 min doubling at 10, 20, ... 90 failures) stretch those 100 guesses
    // over more than five days.
    const minutes = (kit.scheduler.now() - startedAt) / 60_000;
    expect(minutes).toBeGreaterThanOrEqual(15 * (2 ** 9 - 1));
    expect(refusals).toBeGreaterThan(0);

    // Chance of guessing a 6-digit code within the bound: 100 guesses, each against a fresh
    // uniformly random code at best, is at most 100 / 10^6.
    const chance = guesses / 10 ** DEFAULT_POLICY.codeLength;
    expect(chance).toBeLessThanOrEqual(1e-4);
  });

  it('cannot spread the guesses over a second kiosk or a second sign-in', async () => {
    const kit = makeKit();
    kit.registry.addUser({ employeeId: 'E1', displayName: 'Aino', phone: PHONE }, 't');
    let failures = 0;
    for (const kioskId of ['k1', 'k2', 'k1', 'k2']) {
      const started = await kit.engine.start({ phone: PHONE, kioskId });
      if (!started.ok) break;
      const other = kioskId === 'k1' ? 'k2' : 'k1';
      // A code is bound to its kiosk: guessing from the other kiosk is refused outright.
      const elsewhere = kit.engine.verifyNow({
        challengeId: started.value.challengeId,
        code: '000000',
        kioskId: other,
      });
      expect(elsewhere.ok || elsewhere.error.code).toBe('wrong_kiosk');
      for (let i = 0; i < 5; i++) {
        const r = kit.engine.verifyNow({
          challengeId: started.value.challengeId,
          code: '000000',
          kioskId,
        });
        if (!r.ok && r.error.code !== 'locked') failures++;
        else break;
      }
    }
    // Failures are counted per account, so two kiosks together still lock at 10.
    expect(failures).toBe(DEFAULT_POLICY.lockoutThreshold - 1);
    expect(kit.registry.findByEmployeeId('E1')!.lockedUntil).not.toBeNull();
  });
});
