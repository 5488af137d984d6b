// The kiosk channels of issue 6's TOTP and registration, through the real dispatcher: app
// enrolment after a sign-in, app sign-in while the modem is down, registration end to end.
import { beforeEach, describe, expect, it } from 'vitest';
import { makeAdminKit, type AdminKit } from '../admin/admin-kit';
import { totpCode } from '../../../src/main/auth/totp';

let k: AdminKit;
const AINO = '+358401234567';

beforeEach(() => {
  k = makeAdminKit();
  k.addPerson('E1', '040 123 4567');
});

const codeNow = (secret: string, offsetMs = 0) =>
  totpCode(secret, Math.floor((k.kit.scheduler.now() + offsetMs) / 1000));

async function signInBySms() {
  const challenge = await k.call<{ challengeId: string }>('signin.start', { phone: AINO });
  return k.call('signin.verify', {
    challengeId: challenge.challengeId,
    code: k.kit.outbound.lastCodeTo(AINO),
  });
}

async function enrolApp(): Promise<string> {
  await signInBySms();
  // A fresh proof first: this worker has no PIN, so a new code by SMS.
  await k.call('security.totpProofCode');
  const offer = await k.call<{ enrolmentId: string; secretGroups: string }>('security.totpOffer', {
    code: k.kit.outbound.lastCodeTo(AINO),
  });
  const secret = offer.secretGroups.replace(/ /g, '');
  expect(
    await k.call('security.totpConfirm', { enrolmentId: offer.enrolmentId, code: codeNow(secret) }),
  ).toEqual({ totpEnrolled: true, totpEnrolmentAllowed: true, totpProof: 'sms' });
  await k.call('session.signOut');
  // The kit's counting random source repeats every 256 bytes; one byte moves the next session
  // id off the first one's.
  k.kit.random.bytes(1);
  return secret;
}

describe('authenticator app at the kiosk', () => {
  it('needs a signed-in worker to enrol', async () => {
    expect(await k.send('security.totpOffer', {})).toMatchObject({
      ok: false,
      error: { code: 'not_signed_in' },
    });
    expect(await k.send('security.mine', {})).toMatchObject({ ok: false });
  });

  it('does not let a sign-in by SMS replace an app already set up (a manager removes it)', async () => {
    await enrolApp();
    await signInBySms();
    expect(await k.send('security.totpOffer', {})).toMatchObject({
      ok: false,
      error: { code: 'method_not_allowed', message: expect.stringContaining('manager') },
    });
    expect(await k.call('security.mine')).toMatchObject({ totpEnrolled: true });
  });

  it('is refused when the policy turns app enrolment off', async () => {
    k.kit.config.updatePolicy({ totpEnrolmentEnabled: false }, 't');
    await signInBySms();
    expect(await k.send('security.totpOffer', {})).toMatchObject({
      ok: false,
      error: { code: 'method_not_allowed' },
    });
  });

  it('signs in with employee ID + app code only while the modem is down and the policy allows', async () => {
    const secret = await enrolApp();
    k.kit.scheduler.advance(60_000);
    // Modem up: not offered, even with the policy on.
    k.kit.config.updatePolicy({ totpWhenModemDown: true }, 't');
    expect(
      await k.send('security.appSignIn', { employeeId: 'E1', code: codeNow(secret) }),
    ).toMatchObject({ ok: false, error: { code: 'method_not_allowed' } });
    k.kit.outbound.down = 'The modem is not connected';
    k.kit.config.updatePolicy({ totpWhenModemDown: false }, 't');
    expect(
      await k.send('security.appSignIn', { employeeId: 'E1', code: codeNow(secret) }),
    ).toMatchObject({ ok: false, error: { code: 'method_not_allowed' } });
    k.kit.config.updatePolicy({ totpWhenModemDown: true }, 't');
    expect(await k.call('security.options')).toEqual({ appSignInWhenModemDown: true });
    const step = await k.call('security.appSignIn', { employeeId: 'E1', code: codeNow(secret) });
    expect(step).toMatchObject({ state: 'signed_in' });
    expect(await k.call('session.current')).not.toBeNull();
  });

  it('answers unknown employee IDs exactly like wrong codes, and both lock', async () => {
    const secret = await enrolApp();
    k.kit.outbound.down = 'The modem is not connected';
    k.kit.config.updatePolicy({ totpWhenModemDown: true }, 't');
    k.kit.scheduler.advance(60_000);
    const right = codeNow(secret);
    const wrong = right === '000000' ? '000001' : '000000';
    const unknown = await k.send('security.appSignIn', { employeeId: 'NOPE', code: wrong });
    const wrongCode = await k.send('security.appSignIn', { employeeId: 'E1', code: wrong });
    expect(unknown).toEqual(wrongCode);
    expect(wrongCode).toMatchObject({ ok: false, error: { code: 'wrong_code' } });
    const threshold = k.kit.config.policy().lockoutThreshold;
    for (let i = 1; i < threshold - 1; i++) {
      await k.send('security.appSignIn', { employeeId: 'E1', code: wrong });
    }
    expect(await k.send('security.appSignIn', { employeeId: 'E1', code: wrong })).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
    expect(await k.send('security.appSignIn', { employeeId: 'E1', code: right })).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
  });

  it('asks for the app code as the second factor when the group requires it', async () => {
    const secret = await enrolApp();
    const group = k.kit.registry.addGroup('Dock', 't');
    const userId = k.kit.registry.users.byEmployeeId('E1')!.id;
    k.kit.registry.updateUser(userId, { groups: ['Dock'] }, 't');
    k.kit.config.updatePolicy({ groupFactors: [{ groupId: group.id, factors: ['totp'] }] }, 't');
    k.kit.scheduler.advance(60_000);
    const step = await signInBySms();
    expect(step).toMatchObject({ state: 'factor_required', factor: 'totp' });
    const pendingId = (step as { pendingId: string }).pendingId;
    expect(
      await k.call('signin.factor', { pendingId, factor: 'totp', proof: codeNow(secret) }),
    ).toMatchObject({ state: 'signed_in' });
  });
});

describe('self-service registration through the kiosk channels', () => {
  it('a manager issues a code; the worker registers with no manager present and signs in', async () => {
    const workerId = k.addPerson('W9', '');
    k.addPerson('M1', '050 111 1111', 'manager');
    await k.signInAdmin('050 111 1111');
    const issued = await k.call<{ code: string }>('admin.enrolmentIssue', { id: workerId });
    expect(await k.call('admin.staffSecurity', { id: workerId })).toMatchObject({
      enrolmentCodeUntil: expect.any(Number),
      totp: { enrolled: false },
    });
    await k.call('admin.signOut');

    const started = await k.call<{ flowId: string }>('enrol.start', {
      employeeId: 'W9',
      code: issued.code,
    });
    await k.call('enrol.sendCode', { flowId: started.flowId, phone: '040 765 4321' });
    const step = await k.call('enrol.verify', {
      flowId: started.flowId,
      code: k.kit.outbound.lastCodeTo('+358407654321'),
    });
    expect(step).toMatchObject({ next: 'done' });
    const challenge = await k.call<{ challengeId: string }>('signin.start', {
      phone: '040 765 4321',
    });
    expect(
      await k.call('signin.verify', {
        challengeId: challenge.challengeId,
        code: k.kit.outbound.lastCodeTo('+358407654321'),
      }),
    ).toMatchObject({ state: 'signed_in' });
  });
});
