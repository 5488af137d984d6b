// Issue 6 items 2 and 3: self-service phone registration with a manager's enrolment code,
// authenticator-app (TOTP) enrolment by QR code, and signing in with the app while the modem is
// unplugged. App codes are computed here with otplib from the key shown on screen and the
// fixture's clock (which stands still until kiosk.advance).
import type { Page } from '@playwright/test';
import { test, expect, openKiosk, PEOPLE, START, type Kiosk } from './support/fixtures';
import { enterPhoneOnKeyboard, expectCodeScreen, signIn, typeCode } from './support/flows';
import { checkScreen, saveScreenshot } from './support/screens';
import { MANAGER, nextCode, openAdmin, searchStaff } from './support/admin';
import { totpCode } from '../../src/main/auth/totp';

const NEW_WORKER = {
  name: 'Ville Nieminen',
  employeeId: 'E900',
  typed: '040 555 0101',
  e164: '+358405550101',
};

/** The app's code at the fixture's current time (`elapsed` ms after START). */
const appCode = (secret: string, elapsed: number) =>
  totpCode(secret, Math.floor((START + elapsed) / 1000));

const MANAGER_PIN = '2580';

/** The admin entry: number, SMS code, then the manager's PIN. */
async function signInAsManagerWithPin(page: Page, kiosk: Kiosk): Promise<void> {
  const code = nextCode(kiosk, MANAGER.e164);
  await page.getByTestId('admin-phone-input').fill(MANAGER.typed);
  await page.getByTestId('admin-send-code').click();
  await page.getByTestId('admin-code-input').fill(await code());
  await page.getByTestId('admin-verify').click();
  await page.getByTestId('admin-factor-input').fill(MANAGER_PIN);
  await page.getByTestId('admin-factor-submit').click();
  await expect(page.getByTestId('admin-who')).toContainText(MANAGER.name);
}

function logReasons(kiosk: Kiosk): string[] {
  return kiosk.harness.app.services.signInLog.list({ limit: 100 }).map((r) => r.reason);
}

test('a manager issues an enrolment code; the worker registers their phone alone and signs in', async ({
  page,
  kiosk,
}) => {
  kiosk.harness.app.services.registry.addUser(
    { employeeId: NEW_WORKER.employeeId, displayName: NEW_WORKER.name, language: 'en' },
    'e2e',
  );
  const { services } = kiosk.harness.app;
  services.pins.set(
    services.registry.users.byEmployeeId(MANAGER.employeeId)!.id,
    MANAGER_PIN,
    'e2e',
  );
  // The worker's PIN locked by wrong tries (issue 11.5): the manager unlocks it on the panel.
  const worker = services.registry.users.byEmployeeId(NEW_WORKER.employeeId)!.id;
  services.pins.set(worker, '4827', 'e2e');
  for (let i = 0; i < services.config.policy().pinMaxWrong; i++) {
    services.pins.check(worker, '0000', START);
  }
  expect(services.pins.status(worker).locked).toBe(true);
  await openKiosk(page, kiosk);

  // The manager: admin screen → the person → "Issue enrolment code", shown once with a slip.
  await openAdmin(page);
  await signInAsManagerWithPin(page, kiosk);
  await searchStaff(page, NEW_WORKER.name);
  await page.getByTestId('staff-row').first().click();
  const panel = page.getByTestId('staff-security');
  await expect(panel.getByTestId('security-pin')).toContainText('Locked until');
  await panel.getByTestId('security-unlock-pin').click();
  await expect(panel.getByTestId('security-message')).toHaveText('The PIN was unlocked.');
  await expect(panel.getByTestId('security-pin')).toContainText('Set');
  await expect(panel.getByTestId('security-unlock-pin')).toHaveCount(0);
  expect(services.pins.status(worker).locked).toBe(false);
  expect(services.audit.list().find((r) => r.action === 'pin.unlock')).toMatchObject({
    actor: `manager:${MANAGER.employeeId}`,
  });
  await expect(panel.getByTestId('security-kiosk-enrolment')).toHaveText('Open');
  await expect(panel.getByTestId('security-enrolment')).toHaveText('No code outstanding');
  await panel.getByTestId('enrolment-issue').click();
  const shown = panel.getByTestId('enrolment-code');
  await expect(shown).toHaveText(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
  const code = (await shown.textContent())!.trim();
  await expect(panel.getByTestId('security-enrolment')).toContainText('works until');
  await checkScreen(page, 'enrol-code');
  await page.emulateMedia({ media: 'print' });
  await saveScreenshot(page, 'enrolment-slip');
  await page.emulateMedia({ media: 'screen' });
  // Only its hash is kept: the code is nowhere in the database.
  const db = kiosk.harness.app.services.db;
  const dump = JSON.stringify(db.prepare('SELECT * FROM enrolment_codes').all());
  expect(dump).not.toContain(code.replace('-', ''));
  await page.getByTestId('admin-exit').click();

  // The worker, alone at the kiosk.
  await expect(page.getByTestId('phone-input')).toBeVisible();
  await page.getByTestId('enrol-open').click();
  await page.getByTestId('enrol-employee').fill(NEW_WORKER.employeeId);
  await page.getByTestId('enrol-code').fill('AAAAA-AAAAA');
  await page.getByTestId('enrol-next').click();
  await expect(page.getByTestId('enrol-error')).toContainText('do not match');
  await page.getByTestId('enrol-code').fill(code.toLowerCase());
  await page.getByTestId('enrol-next').click();
  await expect(page.getByTestId('enrol-phone')).toBeVisible();
  await checkScreen(page, 'enrol-phone');
  // Someone else's number is refused with words that say so.
  await page.getByTestId('enrol-phone').fill(PEOPLE.aino.typed);
  await page.getByTestId('enrol-send').click();
  await expect(page.getByTestId('enrol-error')).toContainText('registered to someone else');
  await page.getByTestId('enrol-phone').fill(NEW_WORKER.typed);
  await page.getByTestId('enrol-send').click();
  await page.getByTestId('enrol-sms').fill(await kiosk.code(NEW_WORKER.e164));
  await page.getByTestId('enrol-verify').click();
  await expect(page.getByTestId('enrol-step-done')).toContainText('Your phone is registered');
  await checkScreen(page, 'enrol-done');

  // The code is used up, and the number now signs in like any other.
  expect(
    kiosk.harness.app.services.enrolment.outstandingUntil(
      kiosk.harness.app.services.registry.users.byEmployeeId(NEW_WORKER.employeeId)!.id,
    ),
  ).toBeNull();
  await page.getByTestId('enrol-sign-in').click();
  await expect(page.getByTestId('phone-input')).toBeVisible();
  await page.getByTestId('continue').click();
  await expectCodeScreen(page);
  await typeCode(page, await kiosk.code(NEW_WORKER.e164, 2));
  await expect(page.getByTestId('home-greeting')).toContainText('Ville');
  expect(logReasons(kiosk)).toContain('enrolment_complete');
});

test('a worker sets up an authenticator app by QR code, then gives its code as the second factor', async ({
  page,
  kiosk,
}) => {
  await openKiosk(page, kiosk);
  await signIn(page, kiosk, PEOPLE.sam);
  await page.getByTestId('my-security').click();
  await expect(page.getByTestId('totp-status')).toContainText('Not set up');
  // A fresh proof first: Sam has no PIN, so a new code by text message.
  const proofCode = nextCode(kiosk, PEOPLE.sam.e164);
  await page.getByTestId('totp-setup').click();
  await expect(page.getByTestId('totp-proof-intro')).toContainText('we sent a code');
  await page.getByTestId('totp-proof').fill(await proofCode());
  await page.getByTestId('totp-proof-submit').click();
  await expect(page.getByTestId('totp-qr')).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await checkScreen(page, 'totp-enrol');

  // A wrong code saves nothing; the app's current code does.
  const now = appCode(secret, 0);
  await page.getByTestId('totp-code').fill(now === '000000' ? '000001' : '000000');
  await page.getByTestId('totp-confirm').click();
  await expect(page.getByText('That code is not right')).toBeVisible();
  // With gloves: the on-screen keypad types the code.
  await page.getByTestId('totp-code').fill('');
  for (const digit of now) await page.getByTestId(`key-${digit}`).click();
  await expect(page.getByTestId('totp-code')).toHaveValue(now);
  await page.getByTestId('totp-confirm').click();
  await expect(page.getByTestId('totp-done')).toBeVisible();
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByTestId('home-greeting')).toBeVisible();
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('phone-input')).toBeVisible();

  // The Forklift group now needs the app as a second factor: after the SMS code the kiosk asks
  // for it, and the code used to confirm the set-up (30 s ago) no longer works.
  const forklift = kiosk.harness.app.services.registry.groups.byName('Forklift')!;
  kiosk.setPolicy({ groupFactors: [{ groupId: forklift.id, factors: ['totp'] }] });
  await kiosk.advance(30_000);
  await expect(page.getByTestId('phone-input')).toBeVisible();
  const signInCode = nextCode(kiosk, PEOPLE.sam.e164);
  await enterPhoneOnKeyboard(page, PEOPLE.sam.typed);
  await expectCodeScreen(page);
  await typeCode(page, await signInCode());
  await expect(page.getByTestId('factor-input')).toBeVisible();
  await page.getByTestId('factor-input').fill(now);
  await page.getByTestId('factor-submit').click();
  await expect(page.getByTestId('factor-error')).not.toBeEmpty();
  await expect(page.getByTestId('home-greeting')).toHaveCount(0);
  await page.getByTestId('factor-input').fill(appCode(secret, 30_000));
  await page.getByTestId('factor-submit').click();
  await expect(page.getByTestId('home-greeting')).toContainText('Sam');
  expect(logReasons(kiosk)).toContain('signed_in');
});

test('while the modem is unplugged a worker with an app signs in with employee ID and app code', async ({
  page,
  kiosk,
}) => {
  const { services } = kiosk.harness.app;
  // Sam set up his app earlier (the set-up screen is covered above).
  const sam = services.registry.users.byEmployeeId('E104')!;
  const offer = services.totp.offer(sam);
  const secret = offer.secretGroups.replace(/\s/g, '');
  services.totp.confirm(offer.enrolmentId, sam.id, appCode(secret, 0), 'e2e');
  kiosk.setPolicy({ totpWhenModemDown: true });
  await openKiosk(page, kiosk);
  await kiosk.advance(30_000);

  kiosk.unplugModem();
  await expect(page.getByTestId('app-sign-in')).toBeVisible();
  await checkScreen(page, 'app-sign-in');
  // An unknown employee ID gets the same words as a wrong code.
  await page.getByTestId('app-employee').fill('E999');
  await page.getByTestId('app-code').fill(appCode(secret, 30_000));
  await page.getByTestId('app-submit').click();
  await expect(page.getByText('That employee ID and code do not match')).toBeVisible();
  await page.getByTestId('app-employee').fill('E104');
  await page.getByTestId('app-code').fill(appCode(secret, 30_000));
  await page.getByTestId('app-submit').click();
  await expect(page.getByTestId('home-greeting')).toContainText('Sam');
  expect(logReasons(kiosk)).toContain('app_wrong_code');
  kiosk.replugModem();
});

test('registration asks for a PIN where the group requires one, then the PIN is asked at sign-in', async ({
  page,
  kiosk,
}) => {
  const { services } = kiosk.harness.app;
  const worker = services.registry.addUser(
    {
      employeeId: NEW_WORKER.employeeId,
      displayName: NEW_WORKER.name,
      language: 'en',
      groups: ['Forklift'],
    },
    'e2e',
  );
  const forklift = services.registry.groups.byName('Forklift')!;
  kiosk.setPolicy({ groupFactors: [{ groupId: forklift.id, factors: ['pin'] }] });
  // The manager's part is covered above; here the code comes straight from the service.
  const { code } = services.enrolment.issue(worker.id, 'manager:M100');
  await openKiosk(page, kiosk);

  await page.getByTestId('enrol-open').click();
  await page.getByTestId('enrol-employee').fill(NEW_WORKER.employeeId);
  await page.getByTestId('enrol-code').fill(code);
  await page.getByTestId('enrol-next').click();
  // The number, the code and the PIN each have the on-screen keypad.
  for (const digit of NEW_WORKER.typed.replace(/\D/g, '')) {
    await page.getByTestId(`key-${digit}`).click();
  }
  await expect(page.getByTestId('enrol-phone')).toHaveValue(NEW_WORKER.typed.replace(/\D/g, ''));
  await page.getByTestId('enrol-send').click();
  const smsCode = await kiosk.code(NEW_WORKER.e164);
  for (const digit of smsCode) await page.getByTestId(`key-${digit}`).click();
  await expect(page.getByTestId('enrol-sms')).toHaveValue(smsCode);
  await page.getByTestId('enrol-verify').click();
  await expect(page.getByTestId('enrol-step-pin')).toBeVisible();
  await page.getByTestId('enrol-pin').focus();
  for (const digit of '25') await page.getByTestId(`key-${digit}`).click();
  await expect(page.getByTestId('enrol-pin')).toHaveValue('25');
  // Not registered until the PIN is set.
  expect(services.registry.users.byId(worker.id)!.phone).toBeNull();
  await page.getByTestId('enrol-pin').fill('2580');
  await page.getByTestId('enrol-pin2').fill('2581');
  await page.getByTestId('enrol-save-pin').click();
  await expect(page.getByTestId('enrol-error')).toContainText('not the same');
  await page.getByTestId('enrol-pin2').fill('2580');
  await page.getByTestId('enrol-save-pin').click();
  await expect(page.getByTestId('enrol-step-done')).toBeVisible();
  expect(services.pins.status(worker.id).set).toBe(true);

  await page.getByTestId('enrol-sign-in').click();
  await page.getByTestId('continue').click();
  await expectCodeScreen(page);
  await typeCode(page, await kiosk.code(NEW_WORKER.e164, 2));
  await page.getByTestId('factor-input').fill('2580');
  await page.getByTestId('factor-submit').click();
  await expect(page.getByTestId('home-greeting')).toContainText('Ville');
});
