// Issue 5's "done when", through createKioskApp (the same services the Electron shell and the
// browser demo run) with the simulated modem: from an empty database, set the kiosk up, register
// a worker with their phone, the worker signs in, and a manager finds that sign-in in the log
// and exports it. Codes are read from the simulated phones' inboxes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createKioskApp, type KioskApp } from '../../../src/main/kiosk-app';
import type { IpcResult } from '../../../src/shared/ipc/contract';
import type {
  CsvExport,
  ModemPanelView,
  SetupDone,
  SignInLogPage,
} from '../../../src/shared/admin';

let dir: string;
let app: KioskApp;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-admin-'));
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

async function call<T>(channel: string, payload: unknown = {}): Promise<T> {
  const result: IpcResult<unknown> = await app.dispatcher.dispatch(channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** The code in the next text message the simulated modem sends to `e164`. */
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

it('sets the kiosk up from an empty database; a registered worker signs in and shows in the log', async () => {
  expect(await call('setup.status')).toMatchObject({ needed: true });
  const managerCode = nextCode('+358405550100');
  const setup = await call<{ setupId: string }>('setup.start', {
    siteName: 'North Pier',
    kioskName: 'Gate 2',
    defaultCountry: 'FI',
    manager: { displayName: 'Maija Manager', employeeId: 'M100', phone: '040 555 0100' },
  });
  const done = await call<SetupDone>('setup.complete', {
    setupId: setup.setupId,
    code: await managerCode,
    // The first manager's PIN (issue 6): every manager gives it after the SMS code.
    pin: '4827',
  });
  expect(done.admin).toMatchObject({ employeeId: 'M100' });
  expect(await call('kiosk.info')).toMatchObject({ siteName: 'North Pier' });

  await call('admin.staffAdd', {
    employeeId: 'W1',
    displayName: 'Aino Worker',
    phone: '040 100 0001',
  });
  const panel = await call<ModemPanelView>('admin.modemPanel', { refresh: true });
  expect(panel.health).toMatchObject({ canSend: true, registration: 'home' });
  expect(panel.outbox[0]).toMatchObject({ test: false });
  await call('admin.signOut');

  const workerCode = nextCode('+358401000001');
  const started = await call<{ challengeId: string }>('signin.start', { phone: '040 100 0001' });
  await call('signin.verify', { challengeId: started.challengeId, code: await workerCode });
  await call('session.signOut');

  const adminCode = nextCode('+358405550100');
  const admin = await call<{ challengeId: string }>('admin.start', { phone: '040 555 0100' });
  expect(
    await call('admin.verify', { challengeId: admin.challengeId, code: await adminCode }),
  ).toMatchObject({ state: 'factor_required', factor: 'pin' });
  expect(await call('admin.factor', { factor: 'pin', proof: '4827' })).toMatchObject({
    state: 'signed_in',
    admin: { employeeId: 'M100' },
  });

  const log = await call<SignInLogPage>('admin.signInLog', { employeeId: 'W1' });
  expect(log.rows[0]).toMatchObject({ result: 'success', userName: 'Aino Worker' });
  const exported = await call<CsvExport>('admin.signInLogExport', { employeeId: 'W1' });
  expect(exported.csv).toMatch(/Aino Worker,.*,success,signed_in/);
  expect(app.services.audit.verify()).toMatchObject({ ok: true });
});
