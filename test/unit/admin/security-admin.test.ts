// The admin screen's security panel through the dispatcher: status, one-time enrolment codes,
// removing an authenticator app; every change audited with the manager as actor.
import { describe, expect, it } from 'vitest';
import { makeAdminKit } from './admin-kit';
import { totpCode } from '../../../src/main/auth/totp';

async function signedInKit() {
  const k = makeAdminKit();
  const worker = k.addPerson('W1', '040 100 0001');
  k.addPerson('M1', '050 111 1111', 'manager');
  await k.signInAdmin('050 111 1111');
  return { k, worker };
}

describe('admin security panel', () => {
  it('shows the factors and an outstanding code, which a new code replaces', async () => {
    const { k, worker } = await signedInKit();
    expect(await k.call('admin.staffSecurity', { id: worker })).toMatchObject({
      personId: worker,
      employeeId: 'W1',
      pinRequired: false,
      totp: { enrolled: false, enrolledAt: null, locked: false },
      enrolmentCodeUntil: null,
    });
    const first = await k.call<{ code: string; expiresAt: number }>('admin.enrolmentIssue', {
      id: worker,
    });
    expect(first.expiresAt).toBe(k.kit.scheduler.now() + 24 * 3_600_000);
    expect(await k.call('admin.staffSecurity', { id: worker })).toMatchObject({
      enrolmentCodeUntil: first.expiresAt,
    });
    // (That the new code replaces the old one is in test/unit/auth/enrolment.test.ts.)
    await k.call('admin.enrolmentIssue', { id: worker });
    const audit = k.kit.audit.list().filter((r) => r.action === 'enrolment.issue');
    expect(audit).toHaveLength(2);
    expect(audit[0]!.actor).toBe('manager:M1');
    expect(JSON.stringify(audit)).not.toContain(first.code.replace('-', ''));
  });

  it('removes an authenticator app and says so in the audit log', async () => {
    const { k, worker } = await signedInKit();
    const user = k.kit.registry.users.byId(worker)!;
    const offer = k.kit.totp.offer(user);
    const secret = offer.secretGroups.replace(/ /g, '');
    k.kit.totp.confirm(
      offer.enrolmentId,
      worker,
      totpCode(secret, Math.floor(k.kit.scheduler.now() / 1000)),
      'self:W1',
    );
    expect(await k.call('admin.staffSecurity', { id: worker })).toMatchObject({
      totp: { enrolled: true },
    });
    expect(await k.call('admin.staffResetTotp', { id: worker })).toMatchObject({
      totp: { enrolled: false },
    });
    expect(k.kit.audit.list().find((r) => r.action === 'totp.reset')).toMatchObject({
      actor: 'manager:M1',
      target: 'user:W1',
    });
  });

  it('refuses a code for a disabled person and an unknown id, in words', async () => {
    const { k } = await signedInKit();
    const disabled = k.addPerson('D1', '040 100 0009', 'worker', 'disabled');
    expect(await k.send('admin.enrolmentIssue', { id: disabled })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('disabled') },
    });
    expect(await k.send('admin.staffSecurity', { id: 9999 })).toMatchObject({
      ok: false,
      error: { code: 'user_not_found' },
    });
  });
});
