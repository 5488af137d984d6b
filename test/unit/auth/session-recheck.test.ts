// A session belongs to a person who may still sign in: disabled, removed or given another role,
// they are signed out (at once when the change is made here, at the next session call when it
// came from elsewhere, e.g. the CLI). Adding an authenticator app needs a fresh proof.
import { beforeEach, describe, expect, it } from 'vitest';
import { makeAdminKit, type AdminKit } from '../admin/admin-kit';

let k: AdminKit;
let worker: number;

beforeEach(() => {
  k = makeAdminKit();
  k.addPerson('M1', '040 111 1111', 'manager');
  worker = k.addPerson('W1', '040 222 2201');
  k.kit.config.updatePolicy({ totpEnrolmentEnabled: true }, 'test');
});

async function signInWorker() {
  const started = await k.call<{ challengeId: string }>('signin.start', { phone: '040 222 2201' });
  const step = await k.call<{ state: string }>('signin.verify', {
    challengeId: started.challengeId,
    code: k.kit.outbound.lastCodeTo('+358402222201'),
  });
  expect(step.state).toBe('signed_in');
  expect(await k.call('session.current')).not.toBeNull();
}

describe('session re-check', () => {
  it('signs a worker out at once when a manager disables them', async () => {
    await signInWorker();
    k.kit.registry.setStatus(worker, 'disabled', 'manager:M1');
    expect(k.workerSignedOut).toEqual(['revoked']);
    expect(await k.call('session.current')).toBeNull();
    const ended = k.kit.db.prepare('SELECT end_reason FROM sessions').all();
    expect(ended).toEqual([{ end_reason: 'revoked' }]);
  });

  it('checks the person again on every session call (a change from another process)', async () => {
    await signInWorker();
    k.kit.db.prepare("UPDATE users SET status = 'disabled' WHERE id = ?").run(worker);
    expect(await k.send('security.mine')).toMatchObject({
      ok: false,
      error: { code: 'not_signed_in' },
    });
    expect(k.workerSignedOut).toEqual(['revoked']);
  });

  it('ends the session when the role changed', async () => {
    await signInWorker();
    k.kit.db.prepare("UPDATE users SET role = 'manager' WHERE id = ?").run(worker);
    expect(await k.call('session.activity')).toBeNull();
    expect(k.workerSignedOut).toEqual(['revoked']);
  });
});

describe('adding an authenticator app', () => {
  it('asks a person with a PIN for it first; a wrong one counts', async () => {
    k.kit.pins.set(worker, '2580', 'test');
    // The PIN is a second factor only when the policy says so; signed in by SMS here.
    await signInWorker();
    expect(await k.call('security.mine')).toMatchObject({ totpProof: 'pin' });
    expect(await k.send('security.totpOffer', {})).toMatchObject({
      ok: false,
      error: { code: 'wrong_pin' },
    });
    expect(await k.send('security.totpOffer', { pin: '1111' })).toMatchObject({
      ok: false,
      error: { code: 'wrong_pin' },
    });
    const offer = await k.call<{ enrolmentId: string }>('security.totpOffer', { pin: '2580' });
    expect(offer.enrolmentId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('texts a fresh code to a person without a PIN', async () => {
    await signInWorker();
    expect(await k.call('security.mine')).toMatchObject({ totpProof: 'sms' });
    expect(await k.send('security.totpOffer', {})).toMatchObject({
      ok: false,
      error: { code: 'challenge_not_found' },
    });
    const before = k.kit.outbound.messages.length;
    expect(await k.call('security.totpProofCode')).toMatchObject({
      maskedPhone: '+358 •••••••01',
    });
    expect(k.kit.outbound.messages).toHaveLength(before + 1);
    const code = k.kit.outbound.lastCodeTo('+358402222201');
    const wrong = code === '000000' ? '000001' : '000000';
    expect(await k.send('security.totpOffer', { code: wrong })).toMatchObject({
      ok: false,
      error: { code: 'wrong_code', attemptsLeft: 4 },
    });
    expect((await k.send('security.totpOffer', { code })).ok).toBe(true);
    // Single use.
    expect(await k.send('security.totpOffer', { code })).toMatchObject({ ok: false });
  });
});
