// The PIN through createKioskApp (the services the Electron shell and the demo run) with the
// simulated modem and the production scrypt cost: a worker whose group requires a PIN sets one
// after the SMS code, gives it next time, and changes it from the home screen.
import { expect, it } from 'vitest';
import { useKioskApp } from '../../support/kiosk-app-harness';

const kiosk = useKioskApp('kiosk-pin-');
const { send, call, nextCode } = kiosk;

async function codeStep(): Promise<{ state: string; pendingId?: string; setUp?: boolean }> {
  const code = nextCode('+358401000001');
  const started = await call<{ challengeId: string }>('signin.start', { phone: '040 100 0001' });
  return call('signin.verify', { challengeId: started.challengeId, code: await code });
}

it('sets a PIN at the first sign-in, asks for it next time, and changes it', async () => {
  const { registry, config, pins } = kiosk.app.services;
  const worker = registry.addUser(
    { employeeId: 'W1', displayName: 'Aino', phone: '040 100 0001', groups: ['Dock'] },
    'test',
  );
  config.updatePolicy(
    { groupFactors: [{ groupId: registry.groups.byName('Dock')!.id, factors: ['pin'] }] },
    'test',
  );

  const first = await codeStep();
  expect(first).toMatchObject({ state: 'factor_required', setUp: true });
  expect(
    await send('signin.setPin', { pendingId: first.pendingId, pin: '2580', confirm: '2850' }),
  ).toMatchObject({ ok: false, error: { code: 'pin_invalid' } });
  expect(
    await call('signin.setPin', { pendingId: first.pendingId, pin: '2580', confirm: '2580' }),
  ).toMatchObject({ state: 'signed_in', session: { user: { displayName: 'Aino' } } });
  expect(
    await send('session.changePin', { old: '0000', pin: '3691', confirm: '3691' }),
  ).toMatchObject({ ok: false, error: { code: 'wrong_pin', attemptsLeft: 4 } });
  expect(await call('session.changePin', { old: '2580', pin: '3691', confirm: '3691' })).toEqual({
    changed: true,
  });
  await call('session.signOut');

  const next = await codeStep();
  expect(next).toMatchObject({ state: 'factor_required', setUp: false });
  expect(
    await call('signin.factor', { pendingId: next.pendingId, factor: 'pin', proof: '3691' }),
  ).toMatchObject({ state: 'signed_in' });
  expect(await call('session.current')).toMatchObject({ user: { displayName: 'Aino' } });
  expect(pins.status(worker.id)).toEqual({ set: true, locked: false, lockedUntil: null });
  // Nothing of the PIN in the database in clear, nor in the audit log.
  const dump = JSON.stringify(kiosk.app.services.db.prepare('SELECT * FROM audit_log').all());
  expect(dump).not.toMatch(/2580|3691/);
}, 60_000);
