// Issue 5's "done when", through createKioskApp (the same services the Electron shell and the
// browser demo run) with the simulated modem: from an empty database, set the kiosk up, register
// a worker with their phone, the worker signs in, and a manager finds that sign-in in the log
// and exports it. Codes are read from the simulated phones' inboxes.
import { expect, it } from 'vitest';
import { useKioskApp } from '../../support/kiosk-app-harness';
import type {
  CsvExport,
  ModemPanelView,
  SetupDone,
  SignInLogPage,
} from '../../../src/shared/admin';

const kiosk = useKioskApp('kiosk-admin-');
const { call, nextCode } = kiosk;

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
  expect(kiosk.app.services.audit.verify()).toMatchObject({ ok: true });
});
