// The kiosk while a SIM change waits for a manager: text-to-sign-in is offered to nobody and a
// new text code is refused; once confirmed (here through the store, as the CLI does) it is back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { createKioskApp, type KioskApp } from '../../../src/main/kiosk-app';
import { ModemSimulator, SimulatorBinding } from '../../../src/main/modem/simulator';
import { ModemIdentityStore } from '../../../src/main/modem-identity';
import { systemScheduler } from '../../../src/main/time';
import type { IpcResult, KioskInfo } from '../../../src/shared/ipc/contract';

let dir: string | undefined;
let app: KioskApp | undefined;
afterEach(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('an unconfirmed SIM change turns text-to-sign-in off until it is confirmed', async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-identity-'));
  const binding = new SimulatorBinding();
  const path = `/dev/ttyUSB-id${randomBytes(3).toString('hex')}`;
  const simulator = new ModemSimulator({ ownNumber: '+358401999999' });
  binding.plug(path, simulator);
  const connected = () =>
    new Promise<void>((resolve) => app!.modem.once('connected', () => resolve()));
  app = await createKioskApp({
    dbPath: join(dir, 'kiosk.db'),
    serialBinding: binding,
    modemPort: path,
    minResponseMs: 0,
    log: () => undefined,
  });
  if (app.modem.state !== 'ready') await connected();
  app.services.config.updatePolicy({ textSignInEnabled: true }, 'test');
  app.services.config.updateSite({ smsNumber: '+358401999999' }, 'test');
  const call = async <T>(channel: string): Promise<IpcResult<T>> =>
    (await app!.dispatcher.dispatch(channel, {})) as IpcResult<T>;
  const info = async () => {
    const r = await call<KioskInfo>('kiosk.info');
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  expect((await info()).textSignIn).toEqual({ enabled: true });

  const back = connected();
  binding.unplug(path);
  simulator.swapSim({ iccid: '8935809999999999999', imsi: '244919999999999' });
  binding.replug(path);
  await back;
  expect((await info()).textSignIn).toEqual({ enabled: false });
  const refused = await call('signin.textStart');
  expect(refused.ok).toBe(false);
  if (!refused.ok) expect(refused.error.message).toMatch(/paused: the modem or its SIM card/);

  const store = new ModemIdentityStore(app.services.db, app.services.audit, systemScheduler);
  store.confirm(path, 'cli:test');
  expect((await info()).textSignIn).toEqual({ enabled: true });
  expect((await call('signin.textStart')).ok).toBe(true);
});
