// The PIN through createKioskApp (the services the Electron shell and the demo run) with the
// simulated modem and the production scrypt cost: a worker whose group requires a PIN sets one
// after the SMS code, gives it next time, and changes it from the home screen.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createKioskApp, type KioskApp } from '../../../src/main/kiosk-app';
import type { IpcResult } from '../../../src/shared/ipc/contract';

let dir: string;
let app: KioskApp;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-pin-'));
  app = await createKioskApp({
    dbPath: join(dir, 'kiosk.db'),
    demo: true,
    minResponseMs: 0,
    log: () => undefined,
  });
});
afterEach(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

function send(channel: string, payload: unknown = {}): Promise<IpcResult<unknown>> {
  return Promise.resolve(app.dispatcher.dispatch(channel, payload));
}
async function call<T>(channel: string, payload: unknown = {}): Promise<T> {
  const result = await send(channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}
function nextCode(e164: string): Promise<string> {
  return new Promise((resolve) => {
    const listener = (message: { to: string; text: string }) => {
      if (message.to !== e164) return;
      app.simulator!.off('message', listener);
      resolve(/\d{6,8}/.exec(message.text)![0]);
    };
    app.simulator!.on('message', listener);
  });
}
async function codeStep(): Promise<{ state: string; pendingId?: string; setUp?: boolean }> {
  const code = nextCode('+358401000001');
  const started = await call<{ challengeId: string }>('signin.start', { phone: '040 100 0001' });
  return call('signin.verify', { challengeId: started.challengeId, code: await code });
}

it('sets a PIN at the first sign-in, asks for it next time, and changes it', async () => {
  const { registry, config, pins } = app.services;
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
  expect(pins.status(worker.id)).toEqual({ set: true, lockedUntil: null });
  // Nothing of the PIN in the database in clear, nor in the audit log.
  const dump = JSON.stringify(app.services.db.prepare('SELECT * FROM audit_log').all());
  expect(dump).not.toMatch(/2580|3691/);
}, 60_000);
