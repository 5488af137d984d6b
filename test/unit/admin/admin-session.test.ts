import { describe, expect, it } from 'vitest';
import { channels } from '../../../src/shared/ipc/contract';
import { ADMIN_IDLE_MS, type AdminFactor } from '../../../src/main/admin/admin-session';
import { makeAdminKit } from './admin-kit';

/** Admin channels that work without a signed-in manager (they are how one signs in). */
const OPEN = new Set([
  'admin.start',
  'admin.resend',
  'admin.verify',
  'admin.factor',
  'admin.setPin',
  'admin.recover',
  'admin.current',
  'admin.activity',
  'admin.signOut',
]);

describe('admin session', () => {
  it('refuses every admin action without a signed-in manager', async () => {
    const k = makeAdminKit();
    const gated = Object.keys(channels).filter((c) => c.startsWith('admin.') && !OPEN.has(c));
    expect(gated.length).toBeGreaterThanOrEqual(30);
    for (const channel of gated) {
      // A request the schema accepts, so the answer comes from the gate, not from zod.
      const result = await k.send(channel, plausible(channel));
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'admin_required' } });
    }
    expect(await k.call('admin.current')).toBeNull();
  });

  it('signs a manager in with the SMS code and audits it with the manager as actor', async () => {
    const k = makeAdminKit();
    k.addPerson('M1', '040 111 1111', 'manager');
    const result = await k.signInAdmin('040 111 1111');
    expect(result).toMatchObject({
      ok: true,
      value: { state: 'signed_in', admin: { employeeId: 'M1', method: 'sms' } },
    });
    expect(await k.call('admin.current')).toMatchObject({
      employeeId: 'M1',
      idleEndsAt: k.kit.scheduler.now() + ADMIN_IDLE_MS,
    });
    const added = await k.call<{ id: number }>('admin.staffAdd', {
      employeeId: 'W9',
      displayName: 'Wilma',
      phone: '040 999 9999',
    });
    expect(added.id).toBeGreaterThan(0);
    const audit = k.kit.audit.list();
    expect(audit.find((r) => r.action === 'admin.signIn')).toMatchObject({
      actor: 'manager:M1',
      target: 'user:M1',
    });
    expect(audit.find((r) => r.action === 'user.add' && r.target === 'user:W9')).toMatchObject({
      actor: 'manager:M1',
    });
    expect(k.kit.audit.verify()).toMatchObject({ ok: true });
  });

  it('sends no code to a worker at the admin entry and answers as for a wrong code', async () => {
    const k = makeAdminKit();
    k.addPerson('W1', '040 222 2222');
    k.addPerson('M1', '040 111 1111', 'manager');

    // A manager's real wrong attempt, for the shape to compare with.
    const managerStart = await k.call<{ challengeId: string }>('admin.start', {
      phone: '040 111 1111',
    });
    const right = k.kit.outbound.lastCodeTo('+358401111111');
    const wrong = right === '000000' ? '000001' : '000000';
    const wrongAttempt = await k.send('admin.verify', {
      challengeId: managerStart.challengeId,
      code: wrong,
    });

    const workerStart = await k.call<{ challengeId: string }>('admin.start', {
      phone: '040 222 2222',
    });
    expect(Object.keys(workerStart).sort()).toEqual(Object.keys(managerStart).sort());
    expect(k.kit.outbound.messages.map((m) => m.to)).toEqual(['+358401111111']);
    expect(k.kit.signInLog.list({ limit: 1 })[0]).toMatchObject({
      result: 'failure',
      reason: 'method_not_allowed',
    });
    const refused = await k.send('admin.verify', {
      challengeId: workerStart.challengeId,
      code: wrong,
    });
    expect(refused).toEqual(wrongAttempt);
    expect(await k.call('admin.current')).toBeNull();
    expect(await k.send('admin.staffList', {})).toMatchObject({
      ok: false,
      error: { code: 'admin_required' },
    });
  });

  it('refuses a manager demoted while the code was on its way, as for a wrong code', async () => {
    const k = makeAdminKit();
    const m1 = k.addPerson('M1', '040 111 1111', 'manager');
    k.addPerson('M2', '040 333 3333', 'manager');
    const start = await k.call<{ challengeId: string }>('admin.start', { phone: '040 111 1111' });
    const code = k.kit.outbound.lastCodeTo('+358401111111');
    k.kit.registry.updateUser(m1, { role: 'worker' }, 'test');
    const refused = await k.send('admin.verify', { challengeId: start.challengeId, code });
    expect(refused).toMatchObject({ ok: false, error: { code: 'wrong_code', attemptsLeft: 4 } });
    // Trying the same right code again still looks wrong, down to a dead code.
    const again = await k.send('admin.verify', { challengeId: start.challengeId, code });
    expect(again).toMatchObject({ ok: false, error: { code: 'wrong_code', attemptsLeft: 3 } });
    expect(await k.call('admin.current')).toBeNull();
    expect(k.kit.signInLog.list({ limit: 1 })[0]).toMatchObject({
      result: 'failure',
      reason: 'admin_not_manager',
    });
  });

  it('does not let a disabled manager in, nor an unknown number', async () => {
    const k = makeAdminKit();
    k.addPerson('M2', '040 333 3333', 'manager', 'disabled');
    const start = await k.call<{ challengeId: string }>('admin.start', { phone: '040 333 3333' });
    expect(k.kit.outbound.messages).toHaveLength(0);
    const result = await k.send('admin.verify', { challengeId: start.challengeId, code: '123456' });
    expect(result).toMatchObject({ ok: false, error: { code: 'wrong_code' } });
    expect(await k.call('admin.current')).toBeNull();
  });

  it('only accepts challenges started at the admin entry', async () => {
    const k = makeAdminKit();
    k.addPerson('M1', '040 111 1111', 'manager');
    const started = await k.call<{ challengeId: string }>('signin.start', {
      phone: '040 111 1111',
    });
    const result = await k.send('admin.verify', {
      challengeId: started.challengeId,
      code: k.kit.outbound.lastCodeTo('+358401111111'),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'challenge_not_found' } });
  });

  it('signs the manager out after 5 minutes without activity, with an admin.signedOut event', async () => {
    const k = makeAdminKit();
    k.addPerson('M1', '040 111 1111', 'manager');
    await k.signInAdmin('040 111 1111');
    k.kit.scheduler.advance(ADMIN_IDLE_MS - 1000);
    await k.call('admin.activity'); // the screen was touched: 5 more minutes
    k.kit.scheduler.advance(ADMIN_IDLE_MS - 1000);
    await k.call('admin.groupsList'); // any admin request counts as activity too
    k.kit.scheduler.advance(ADMIN_IDLE_MS - 1);
    expect(k.signedOut).toEqual([]);
    k.kit.scheduler.advance(1);
    expect(k.signedOut).toEqual(['idle']);
    expect(await k.call('admin.current')).toBeNull();
    expect(await k.send('admin.groupsList')).toMatchObject({
      ok: false,
      error: { code: 'admin_required' },
    });
    expect(k.kit.audit.list().at(-1)).toMatchObject({
      actor: 'manager:M1',
      action: 'admin.signOut',
      details: JSON.stringify({ reason: 'idle', kioskId: 'k1' }),
    });
  });

  it('signs out on request, and at once when the manager is no longer an active manager', async () => {
    const k = makeAdminKit();
    const m1 = k.addPerson('M1', '040 111 1111', 'manager');
    k.addPerson('M2', '040 444 4444', 'manager');
    await k.signInAdmin('040 111 1111');
    expect(await k.call('admin.signOut')).toEqual({ signedOut: true });
    expect(k.signedOut).toEqual(['user']);

    await k.signInAdmin('040 111 1111');
    k.kit.registry.updateUser(m1, { role: 'worker' }, 'cli'); // e.g. from the CLI
    expect(await k.send('admin.staffList', {})).toMatchObject({
      ok: false,
      error: { code: 'admin_required' },
    });
    expect(k.signedOut).toEqual(['user', 'revoked']);
  });

  it('ends a worker session on the kiosk when a manager signs in', async () => {
    const k = makeAdminKit();
    k.addPerson('W1', '040 222 2222');
    k.addPerson('M1', '040 111 1111', 'manager');
    const started = await k.call<{ challengeId: string }>('signin.start', {
      phone: '040 222 2222',
    });
    await k.call('signin.verify', {
      challengeId: started.challengeId,
      code: k.kit.outbound.lastCodeTo('+358402222222'),
    });
    await k.signInAdmin('040 111 1111');
    expect(k.workerSignedOut).toEqual(['user']);
    expect(await k.call('session.current')).toBeNull();
  });

  it('asks for further factors before opening the session when some are required (PIN seam)', async () => {
    const pin: AdminFactor = {
      kind: 'pin',
      required: (manager) => manager.role === 'manager',
      check: (_manager, proof) => (proof === '2468' ? 'ok' : 'wrong'),
    };
    const k = makeAdminKit({ factors: [pin] });
    k.addPerson('M1', '040 111 1111', 'manager');
    const step = await k.signInAdmin('040 111 1111');
    expect(step).toMatchObject({ ok: true, value: { state: 'factor_required', factor: 'pin' } });
    expect(await k.call('admin.current')).toBeNull();
    expect(() => k.admin.session.provideFactor('pin', '0000')).toThrow(/not right/);
    expect(await k.call('admin.current')).toBeNull();

    await k.signInAdmin('040 111 1111');
    expect(k.admin.session.provideFactor('pin', '2468')).toMatchObject({
      state: 'signed_in',
      admin: { employeeId: 'M1' },
    });
  });
});

describe('the manager PIN at the admin entry (issue 6)', () => {
  it('a manager without a PIN sets one, then gives it; a reset asks for a new one', async () => {
    const k = makeAdminKit({ pinFactor: true });
    const id = k.addPerson('M1', '040 111 1111', 'manager');
    const first = await k.signInAdmin('040 111 1111');
    expect(first).toMatchObject({
      ok: true,
      value: { state: 'factor_required', factor: 'pin', setUp: true, minLength: 4 },
    });
    expect(await k.send('admin.setPin', { pin: '2580', confirm: '2581' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await k.send('admin.setPin', { pin: '1234', confirm: '1234' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/in a row/) },
    });
    expect(await k.call('admin.current')).toBeNull();
    expect(await k.call('admin.setPin', { pin: '2580', confirm: '2580' })).toMatchObject({
      state: 'signed_in',
    });
    expect(k.kit.pins.enrolled(id)).toBe(true);
    await k.call('admin.signOut');

    const second = await k.signInAdmin('040 111 1111');
    expect(second.ok && (second.value as { setUp?: boolean }).setUp).toBeFalsy();
    // Setting a PIN over an existing one is refused here (that needs the old one).
    expect((await k.send('admin.setPin', { pin: '3691', confirm: '3691' })).ok).toBe(false);
    await k.signInAdmin('040 111 1111');
    expect(await k.call('admin.factor', { factor: 'pin', proof: '2580' })).toMatchObject({
      state: 'signed_in',
    });
    expect(await k.call('admin.staffResetPin', { id })).toEqual({ reset: true });
    expect(k.kit.pins.enrolled(id)).toBe(false);
  });
});

/** A request the channel's schema accepts, where one is easy to make. */
function plausible(channel: string): unknown {
  const byChannel: Record<string, unknown> = {
    'admin.staffGet': { id: 1 },
    'admin.staffAdd': { employeeId: 'X1', displayName: 'X' },
    'admin.staffUpdate': { id: 1, displayName: 'Y' },
    'admin.staffDisable': { id: 1 },
    'admin.staffEnable': { id: 1 },
    'admin.staffDelete': { id: 1 },
    'admin.staffSetPhone': { id: 1, phone: '040 123 4567' },
    'admin.staffPhoneCode': { id: 1, phone: '040 123 4567' },
    'admin.staffClearPhone': { id: 1 },
    'admin.staffUnlock': { id: 1 },
    'admin.staffSecurity': { id: 1 },
    'admin.enrolmentIssue': { id: 1 },
    'admin.staffResetTotp': { id: 1 },
    'admin.staffUnlockPin': { id: 1 },
    'admin.staffResetPin': { id: 1 },
    'admin.staffImportPreview': { csv: 'employee_id,name\nE1,A\n' },
    'admin.staffImportCommit': { csv: 'employee_id,name\nE1,A\n' },
    'admin.groupAdd': { name: 'Dock' },
    'admin.groupRename': { id: 1, name: 'Yard' },
    'admin.groupDelete': { id: 1 },
    'admin.groupMembers': { groupId: 1, add: [1] },
    'admin.resourcesList': { groupId: 1 },
    'admin.resourceAdd': { groupId: 1, name: 'Rota', url: 'https://rota.example/' },
    'admin.resourceDelete': { id: 1 },
    'admin.policyUpdate': { patch: { codeLength: 8 } },
    'admin.modemTestSms': { phone: '040 123 4567' },
    'admin.modemUsePort': { port: null },
  };
  return byChannel[channel] ?? {};
}
