// Issue 11.5 on the admin screen: one unlock per factor (admin.staffUnlockPin for the PIN,
// admin.staffUnlock for sign-in by code, neither opening the other), the manager-only PIN rung
// shown without a date, and this kiosk's self-registration lock cleared; all for a signed-in
// manager only, audited with the manager as actor.
import { beforeEach, describe, expect, it } from 'vitest';
import { KIOSK, makeAdminKit, type AdminKit } from './admin-kit';

const MIN = 60_000;
let k: AdminKit;
let worker: number;

beforeEach(async () => {
  k = makeAdminKit();
  k.kit.config.updatePolicy(
    { pinMaxWrong: 3, pinLockoutMinutes: 15, lockoutThreshold: 3, lockoutBaseMinutes: 15 },
    'test',
  );
  worker = k.addPerson('W1', '040 100 0001');
  k.kit.pins.set(worker, '2580', 'test');
  k.addPerson('M1', '050 111 1111', 'manager');
  expect((await k.signInAdmin('050 111 1111')).ok).toBe(true);
});

function lockPin() {
  for (let i = 0; i < 3; i++) k.kit.pins.check(worker, '0000', k.kit.scheduler.now());
}

function lockSms() {
  k.kit.registry.users.setLockState(worker, {
    consecutiveFailures: 100,
    lockedUntil: null,
    lockedIndefinitely: true,
  });
}

const pinOf = async () =>
  (
    await k.call<{ pin: { locked: boolean; lockedUntil: number | null } }>('admin.staffSecurity', {
      id: worker,
    })
  ).pin;

describe('unlocking one factor at a time from the admin screen', () => {
  it('opens a locked PIN with the PIN channel only, audited', async () => {
    lockPin();
    expect(await pinOf()).toEqual({
      set: true,
      locked: true,
      lockedUntil: k.kit.scheduler.now() + 15 * MIN,
    });
    // The SMS unlock leaves the PIN locked.
    await k.call('admin.staffUnlock', { id: worker });
    expect(await pinOf()).toMatchObject({ locked: true });
    expect(k.kit.pins.check(worker, '2580', k.kit.scheduler.now())).toMatchObject({
      reason: 'locked',
    });

    expect(await k.call('admin.staffUnlockPin', { id: worker })).toMatchObject({
      personId: worker,
      pin: { set: true, locked: false, lockedUntil: null },
    });
    expect(k.kit.pins.check(worker, '2580', k.kit.scheduler.now())).toEqual({ ok: true });
    expect(k.kit.audit.list().filter((r) => r.action === 'pin.unlock')).toEqual([
      expect.objectContaining({ actor: 'manager:M1', target: 'user:W1' }),
    ]);
  });

  it('opens the SMS lock with its own channel only', async () => {
    lockSms();
    await k.call('admin.staffUnlockPin', { id: worker });
    expect(await k.call('admin.staffGet', { id: worker })).toMatchObject({ locked: true });
    expect(k.kit.audit.list().some((r) => r.action === 'user.unlock')).toBe(false);

    expect(await k.call('admin.staffUnlock', { id: worker })).toMatchObject({ locked: false });
    expect(k.kit.audit.list().find((r) => r.action === 'user.unlock')).toMatchObject({
      actor: 'manager:M1',
      target: 'user:W1',
    });
  });

  it('shows the manager-only rung as no date, which only the unlock ends', async () => {
    for (const minutes of [15, 30, 60, 120]) {
      lockPin();
      k.kit.scheduler.advance(minutes * MIN);
    }
    lockPin();
    k.kit.scheduler.advance(365 * 24 * 60 * MIN);
    // A year on, the admin session has long ended: sign in again.
    expect((await k.signInAdmin('050 111 1111')).ok).toBe(true);
    expect(await pinOf()).toEqual({ set: true, locked: true, lockedUntil: null });
    expect(await k.call('admin.staffUnlockPin', { id: worker })).toMatchObject({
      pin: { locked: false },
    });
  });

  it('refuses without a signed-in manager and changes nothing', async () => {
    lockPin();
    for (let i = 0; i < 3; i++) {
      await k.send('enrol.start', { employeeId: `X${i}`, code: 'AAAA-BBBB' });
    }
    await k.call('admin.signOut');
    expect(await k.send('admin.staffUnlockPin', { id: worker })).toMatchObject({
      ok: false,
      error: { code: 'admin_required' },
    });
    expect(await k.send('admin.enrolmentClearKioskLock', {})).toMatchObject({
      ok: false,
      error: { code: 'admin_required' },
    });
    expect(k.kit.pins.status(worker).locked).toBe(true);
    expect(k.kit.enrolment.kioskLock(KIOSK)).not.toBeNull();
    expect(
      k.kit.audit
        .list()
        .some((r) => r.action === 'pin.unlock' || r.action === 'enrolment.kiosk_unlock'),
    ).toBe(false);
  });

  it('validates the request in main and names the field', async () => {
    expect(await k.send('admin.staffUnlockPin', { id: 'W1' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', field: 'id' },
    });
    expect(await k.send('admin.staffUnlockPin', { id: 9999 })).toMatchObject({
      ok: false,
      error: { code: 'user_not_found', field: 'id' },
    });
    // Only this kiosk's lock: no other kiosk can be named.
    expect(await k.send('admin.enrolmentClearKioskLock', { kioskId: 'k2' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });
});

describe("this kiosk's self-registration lock on the admin screen", () => {
  it('is shown while on and cleared by the manager, audited', async () => {
    expect(await k.call('admin.staffSecurity', { id: worker })).toMatchObject({
      kioskEnrolmentLock: null,
    });
    for (let i = 0; i < 3; i++) {
      await k.send('enrol.start', { employeeId: `X${i}`, code: 'AAAA-BBBB' });
    }
    expect(await k.call('admin.staffSecurity', { id: worker })).toMatchObject({
      kioskEnrolmentLock: { wrongCodes: 3, lockedUntil: k.kit.scheduler.now() + 15 * MIN },
    });
    expect(await k.call('admin.enrolmentClearKioskLock', {})).toEqual({ cleared: true });
    expect(await k.call('admin.staffSecurity', { id: worker })).toMatchObject({
      kioskEnrolmentLock: null,
    });
    expect(k.kit.audit.list().at(-1)).toMatchObject({
      action: 'enrolment.kiosk_unlock',
      actor: 'manager:M1',
      target: `kiosk:${KIOSK}`,
    });
    const { code } = k.kit.enrolment.issue(worker, 'manager:M1');
    expect(k.kit.enrolment.start({ employeeId: 'W1', code, kioskId: KIOSK }).ok).toBe(true);
  });
});
