import { beforeEach, describe, expect, it } from 'vitest';
import { KioskSession, type SignOutReason } from '../../../src/main/auth/kiosk-session';
import { makeKit, type TestKit } from '../../support/harness';

const HOUR = 3_600_000;
let kit: TestKit;
let session: KioskSession;
let signedOut: SignOutReason[];

beforeEach(async () => {
  kit = makeKit();
  kit.registry.addUser({ employeeId: 'E1', displayName: 'Aino', phone: '040 123 4567' }, 't');
  signedOut = [];
  session = new KioskSession({
    engine: kit.engine,
    config: kit.config,
    groups: kit.registry.groups,
    scheduler: kit.scheduler,
    events: { expiring: () => undefined, signedOut: (r) => signedOut.push(r) },
  });
});

async function signIn() {
  const started = await kit.engine.start({ phone: '040 123 4567', kioskId: 'k1' });
  if (!started.ok) throw new Error(started.error.code);
  const verified = kit.engine.verifyNow({
    challengeId: started.value.challengeId,
    code: kit.outbound.lastCodeTo('+358401234567'),
    kioskId: 'k1',
  });
  if (!verified.ok) throw new Error(verified.error.code);
  if (verified.value.state !== 'signed_in') throw new Error(verified.value.state);
  return session.begin(verified.value.signedIn);
}

describe('kiosk session', () => {
  it('tells the home screen whether the person has a PIN to change', async () => {
    const pins = new Set<number>();
    session = new KioskSession({
      engine: kit.engine,
      config: kit.config,
      groups: kit.registry.groups,
      scheduler: kit.scheduler,
      hasPin: (id) => pins.has(id),
      events: { expiring: () => undefined, signedOut: () => undefined },
    });
    expect((await signIn()).user.hasPin).toBe(false);
    pins.add(kit.registry.findByEmployeeId('E1')!.id);
    expect(session.view()!.user.hasPin).toBe(true);
  });

  it('ends after one shift (12 h) however active the worker is', async () => {
    const view = await signIn();
    expect(view.expiresAt).toBe(kit.scheduler.now() + 12 * HOUR);
    for (let i = 0; i < 12 * 60 - 1; i++) {
      kit.scheduler.advance(60_000);
      session.touch();
    }
    expect(signedOut).toEqual([]);
    // Near the end the idle deadline is capped by the shift's end.
    expect(session.view()!.idleEndsAt).toBe(view.expiresAt);
    kit.scheduler.advance(60_000);
    expect(signedOut).toEqual(['max_length']);
  });

  it('records how the session ended', async () => {
    await signIn();
    kit.scheduler.advance(120_000);
    expect(signedOut).toEqual(['idle']);
    const row = kit.db.prepare('SELECT end_reason, ended_at FROM sessions').get();
    expect(row).toEqual({ end_reason: 'idle', ended_at: kit.scheduler.now() });
  });

  it('follows the policy idle time', async () => {
    kit.config.updatePolicy({ idleSignOutSeconds: 300, idleWarningSeconds: 60 }, 't');
    await signIn();
    kit.scheduler.advance(299_999);
    expect(signedOut).toEqual([]);
    kit.scheduler.advance(1);
    expect(signedOut).toEqual(['idle']);
  });
});
