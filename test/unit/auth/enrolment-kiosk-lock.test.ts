// The per-kiosk enrolment lock is a sliding window: it ends lockoutBaseMinutes after the last
// wrong code, a right code starts the count again, a manager can clear it (audited), and no
// number of wrong codes over the kiosk's life turns self-registration off for good.
import { beforeEach, describe, expect, it } from 'vitest';
import { makeKit, type TestKit } from '../../support/harness';

const KIOSK = 'kiosk-1';
const MIN = 60_000;
let kit: TestKit;
let bea: number;

beforeEach(() => {
  kit = makeKit();
  kit.config.updatePolicy({ lockoutThreshold: 3, lockoutBaseMinutes: 15 }, 'test');
  bea = kit.registry.addUser({ employeeId: 'E7', displayName: 'Bea' }, 't').id;
});

/** A wrong code from a different (unknown) employee ID each time, so only the kiosk counts. */
let n = 0;
function wrongFromSomeone() {
  n++;
  return kit.enrolment.start({ employeeId: `X${n}`, code: 'AAAA-BBBB', kioskId: KIOSK });
}

describe('per-kiosk enrolment lock', () => {
  it('locks after lockoutThreshold wrong codes in the window and ends after it', () => {
    wrongFromSomeone();
    wrongFromSomeone();
    const third = wrongFromSomeone();
    expect(third).toMatchObject({ ok: false, error: { code: 'locked' } });
    const { code } = kit.enrolment.issue(bea, 'manager:M1');
    expect(kit.enrolment.start({ employeeId: 'E7', code, kioskId: KIOSK })).toMatchObject({
      ok: false,
      error: { code: 'locked', retryAt: kit.scheduler.now() + 15 * MIN },
    });
    kit.scheduler.advance(15 * MIN);
    expect(kit.enrolment.start({ employeeId: 'E7', code, kioskId: KIOSK }).ok).toBe(true);
  });

  it('never locks for good: 200 wrong codes spread over weeks leave it usable', () => {
    for (let i = 0; i < 200; i++) {
      wrongFromSomeone();
      kit.scheduler.advance(16 * MIN);
    }
    const { code } = kit.enrolment.issue(bea, 'manager:M1');
    expect(kit.enrolment.start({ employeeId: 'E7', code, kioskId: KIOSK }).ok).toBe(true);
  });

  it('starts the count again on a right code', () => {
    wrongFromSomeone();
    wrongFromSomeone();
    const { code } = kit.enrolment.issue(bea, 'manager:M1');
    expect(kit.enrolment.start({ employeeId: 'E7', code, kioskId: KIOSK }).ok).toBe(true);
    wrongFromSomeone();
    wrongFromSomeone();
    expect(kit.enrolment.kioskLock(KIOSK)).toBeNull();
  });

  it('is cleared by a manager, audited', () => {
    for (let i = 0; i < 3; i++) wrongFromSomeone();
    expect(kit.enrolment.kioskLock(KIOSK)).toMatchObject({ wrongCodes: 3 });
    expect(kit.enrolment.clearKioskLock(KIOSK, 'manager:M1')).toBe(true);
    expect(kit.enrolment.kioskLock(KIOSK)).toBeNull();
    expect(kit.audit.list().at(-1)).toMatchObject({
      action: 'enrolment.kiosk_unlock',
      actor: 'manager:M1',
      target: `kiosk:${KIOSK}`,
      details: JSON.stringify({ wrongCodes: 3 }),
    });
  });
});
