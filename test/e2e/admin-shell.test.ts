// The admin screen's shell end to end: first-run setup from an empty database, manager sign-in
// from the discreet entry, staff (add, import, unlock), the recovery code, the idle sign-out,
// and issue 5's "done when" (a worker registered on the admin screen signs in, and the manager
// sees and exports that sign-in).
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, PEOPLE, type Kiosk } from './support/fixtures';
import { expectAccessible, checkScreen } from './support/screens';
import {
  signIn,
  enterPhoneOnKeyboard,
  expectCodeScreen,
  typeCode,
  wrongCodeFor,
} from './support/flows';
import {
  MANAGER,
  MANAGER_PIN,
  acceptRecoveryCode,
  nextCode,
  openAdmin,
  searchStaff,
  signInAsManager,
} from './support/admin';

const NEW_WORKER = {
  name: 'Ville Nieminen',
  employeeId: 'E900',
  typed: '040 555 0101',
  e164: '+358405550101',
};

/** The wizard from the first step to the admin screen; returns the recovery code shown. */
async function runSetup(page: Page, kiosk: Kiosk, screenshot = false): Promise<string> {
  const wizard = page.getByTestId('setup-wizard');
  await expect(wizard).toBeVisible();
  await expect(page.getByTestId('setup-progress')).toHaveText('Step 1 of 5');
  // The worker screens are not shown while the kiosk has no manager.
  await expect(page.getByTestId('phone-input')).toHaveCount(0);

  // An empty answer is caught beside its field.
  await page.getByTestId('setup-site-name').fill('');
  await page.getByTestId('setup-next').click();
  await expect(page.getByTestId('setup-site-name-error')).toHaveText('Fill this in.');
  await page.getByTestId('setup-site-name').fill('Harbour Depot');
  await page.getByTestId('setup-kiosk-name').fill('Gate 2');
  await page.getByTestId('setup-country').fill('fi');
  await expect(page.getByTestId('setup-country')).toHaveValue('FI');
  // The site's time zone: the machine's by default (the browser runs in UTC here), from Intl's list.
  await expect(page.getByTestId('setup-time-zone')).toHaveValue('UTC');
  await page.getByTestId('setup-time-zone').selectOption('Europe/Helsinki');
  await expect(page.getByTestId('setup-site-name-error')).toHaveText('');
  if (screenshot) {
    await page.getByTestId('admin-app').evaluate((el) => el.scrollIntoView());
    await checkScreen(page, 'admin-setup');
  }
  await page.getByTestId('setup-next').click();

  // The modem step: whatever the port channels answer, the wizard goes on.
  await expect(page.getByTestId('setup-modem')).toBeVisible();
  await page.getByTestId('setup-next').click();

  await expect(page.getByTestId('setup-manager')).toBeVisible();
  await page.getByTestId('setup-manager-name').fill(MANAGER.name);
  await page.getByTestId('setup-manager-employee').fill(MANAGER.employeeId);
  // A landline is refused by main, and the words appear beside the phone field.
  await page.getByTestId('setup-manager-phone').fill('09 123 4567');
  await page.getByTestId('setup-send-code').click();
  await expect(page.getByTestId('setup-manager-phone-error')).toContainText(/mobile/i);
  await page.getByTestId('setup-manager-phone').fill(MANAGER.typed);
  const code = nextCode(kiosk, MANAGER.e164);
  await page.getByTestId('setup-send-code').click();

  await expect(page.getByTestId('setup-code')).toBeVisible();
  await expect(page.getByTestId('setup-code')).toContainText('Type the code');
  const right = await code();
  await page.getByTestId('setup-pin').fill(MANAGER_PIN);
  await page.getByTestId('setup-pin-again').fill(MANAGER_PIN);
  await page.getByTestId('setup-code-input').fill(wrongCodeFor(right));
  await page.getByTestId('setup-complete').click();
  await expect(page.getByTestId('setup-code-input-error')).toContainText('not right');
  // An obvious PIN is refused before the code is spent; then a good one finishes.
  await page.getByTestId('setup-code-input').fill(right);
  await page.getByTestId('setup-pin').fill('1234');
  await page.getByTestId('setup-pin-again').fill('1234');
  await page.getByTestId('setup-complete').click();
  await expect(page.getByTestId('setup-pin-error')).toContainText('too easy');
  await page.getByTestId('setup-pin').fill(MANAGER_PIN);
  await page.getByTestId('setup-pin-again').fill(MANAGER_PIN);
  await page.getByTestId('setup-complete').click();

  await expect(page.getByTestId('recovery-code')).toBeVisible();
  await expectAccessible(page, 'setup recovery code');
  const recovery = await acceptRecoveryCode(page);
  await expect(page.getByTestId('admin-who')).toContainText(MANAGER.name);
  return recovery;
}

async function addWorker(page: Page, worker: typeof NEW_WORKER): Promise<void> {
  await page.getByTestId('nav-staff').click();
  await page.getByTestId('staff-add').click();
  await expect(page.getByTestId('person-editor')).toBeVisible();
  await page.getByTestId('person-name').fill(worker.name);
  await page.getByTestId('person-employee-id').fill(worker.employeeId);
  await page.getByTestId('person-phone').fill(worker.typed);
  await page.getByTestId('person-save').click();
  await expect(page.getByTestId('person-saved')).toHaveText('Added.');
  await expect(page.getByRole('heading', { name: worker.name })).toBeVisible();
}

test.describe('from an empty database', () => {
  test.use({ emptyDatabase: true });

  test('the first-run wizard sets the kiosk up; the recovery code signs a manager in once', async ({
    page,
    kiosk,
  }) => {
    await kiosk.open();
    await expectAccessible(page, 'setup site');
    const recovery = await runSetup(page, kiosk, true);
    // The site name reached the kiosk; the manager exists in the registry with the right role.
    const manager = kiosk.harness.app.services.registry.users.byEmployeeId(MANAGER.employeeId);
    expect(manager).toMatchObject({ role: 'manager', phone: MANAGER.e164 });

    // Sign out; the recovery code path (no text message needed).
    await page.getByTestId('admin-sign-out').click();
    await expect(page.getByTestId('admin-notice')).toHaveText('You signed out.');
    await page.getByTestId('admin-use-recovery').click();
    await page.getByTestId('admin-recover-employee').fill(MANAGER.employeeId);
    await page.getByTestId('admin-recover-code').fill('AAAA-BBBB-CCCC-DDDD-EEEE');
    await page.getByTestId('admin-recover-submit').click();
    await expect(page.getByTestId('admin-recover-error')).toContainText('not right');
    await expectAccessible(page, 'recovery sign-in');
    await page.getByTestId('admin-recover-code').fill(recovery.toLowerCase());
    await page.getByTestId('admin-recover-submit').click();
    // A new code, shown once; the one just used is spent.
    await expect(page.getByTestId('recovery-code')).toBeVisible();
    const replacement = await acceptRecoveryCode(page);
    expect(replacement).not.toBe(recovery);
    await expect(page.getByTestId('admin-who')).toContainText(MANAGER.name);

    await page.getByTestId('admin-sign-out').click();
    await page.getByTestId('admin-use-recovery').click();
    await page.getByTestId('admin-recover-employee').fill(MANAGER.employeeId);
    await page.getByTestId('admin-recover-code').fill(recovery);
    await page.getByTestId('admin-recover-submit').click();
    await expect(page.getByTestId('admin-recover-error')).toContainText('not right');

    // Exit goes back to the kiosk, which is no longer in setup.
    await page.getByTestId('admin-exit').click();
    await expect(page.getByTestId('phone-input')).toBeVisible();
    await expect(page.getByTestId('site-name')).toHaveText('Harbour Depot');
  });

  test('done when: set up, register a worker, the worker signs in, the manager sees and exports it', async ({
    page,
    kiosk,
  }) => {
    await kiosk.open();
    await runSetup(page, kiosk);
    await addWorker(page, NEW_WORKER);

    await page.getByTestId('admin-exit').click();
    await expect(page.getByTestId('phone-input')).toBeVisible();
    await signIn(page, kiosk, NEW_WORKER);
    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('phone-input')).toBeVisible();

    await page.keyboard.press('Control+Alt+KeyA');
    await signInAsManager(page, kiosk);
    await page.getByTestId('nav-logs').click();
    const log = page.getByTestId('signin-log-table');
    const signedIn = log
      .getByRole('row')
      .filter({ hasText: NEW_WORKER.name })
      .filter({ hasText: 'Signed in' });
    await expect(signedIn).toHaveCount(1);

    const download = page.waitForEvent('download');
    await page.getByTestId('signin-log-export').click();
    const file = await download;
    const csv = readFileSync(await file.path(), 'utf8');
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    expect(csv).toContain(NEW_WORKER.employeeId);
    expect(csv).toMatch(/success/);
  });
});

test('a manager signs in from the discreet entry; the admin screen signs out after 5 idle minutes', async ({
  page,
  kiosk,
}) => {
  await kiosk.open();
  // Holding the site name for less than 2 seconds does nothing.
  const siteName = page.getByTestId('site-name');
  await siteName.hover();
  await page.mouse.down();
  await kiosk.advance(1_500);
  await page.mouse.up();
  await kiosk.advance(1_000);
  await expect(page.getByTestId('admin-app')).toHaveCount(0);
  // Held for 2 seconds, it opens the admin screen.
  await page.mouse.down();
  await kiosk.advance(2_000);
  await page.mouse.up();
  await expect(page.getByTestId('admin-sign-in')).toBeVisible();
  await checkScreen(page, 'admin-sign-in');

  // A worker's number is answered like a wrong code, never with the admin screen.
  await page.getByTestId('admin-phone-input').fill(PEOPLE.aino.typed);
  await page.getByTestId('admin-send-code').click();
  await expect(page.getByTestId('admin-code-input')).toBeVisible();
  expect(kiosk.inbox(PEOPLE.aino.e164)).toHaveLength(0);
  await page.getByTestId('admin-back').click();

  await signInAsManager(page, kiosk);
  await expect(page.getByTestId('staff-total')).toHaveText('7 people');
  await expect(page.getByTestId('staff-row').first()).toBeVisible();
  await checkScreen(page, 'admin-staff');

  await kiosk.advance(5 * 60_000);
  await expect(page.getByTestId('admin-notice')).toHaveText(
    'You were signed out after 5 minutes without activity.',
  );
  await expect(page.getByTestId('admin-phone-input')).toBeVisible();
});

test('a worker added with a phone on the admin screen signs in at the kiosk', async ({
  page,
  kiosk,
}) => {
  await kiosk.open();
  await openAdmin(page);
  await signInAsManager(page, kiosk);
  await page.getByTestId('staff-add').click();
  // Main's errors appear beside their fields: a number already in use.
  await page.getByTestId('person-name').fill(NEW_WORKER.name);
  await page.getByTestId('person-employee-id').fill(NEW_WORKER.employeeId);
  await page.getByTestId('person-phone').fill(PEOPLE.aino.typed);
  await page.getByTestId('person-save').click();
  await expect(page.getByTestId('person-phone-error')).toContainText('Aino Virtanen');
  await page.getByTestId('person-phone').fill(NEW_WORKER.typed);
  await page.getByTestId('person-group-Dock').check();
  await page.getByTestId('person-save').click();
  await expect(page.getByTestId('person-saved')).toHaveText('Added.');
  // The picture shows the editor from its top.
  await page.getByTestId('person-editor').evaluate((el) => el.scrollIntoView());
  await checkScreen(page, 'admin-person');

  await page.getByTestId('person-back').click();
  await searchStaff(page, '0405550101');
  await expect(page.getByTestId('staff-total')).toHaveText('1 person');
  await expect(page.getByTestId('staff-row')).toContainText(NEW_WORKER.name);

  await page.getByTestId('admin-exit').click();
  await expect(page.getByTestId('phone-input')).toBeVisible();
  await signIn(page, kiosk, NEW_WORKER);
});

test('CSV import shows every bad row and writes nothing until Import', async ({ page, kiosk }) => {
  await kiosk.open();
  await openAdmin(page);
  await signInAsManager(page, kiosk);
  const users = kiosk.harness.app.services.registry.users;
  const before = users.count();

  await page.getByTestId('staff-import').click();
  const csv = [
    'employee_id,name,phone,role,language,groups,status',
    'E201,Kalle Mäkinen,040 200 0001,worker,fi,Dock,active',
    'E202,,040 200 0002,worker,fi,Dock,active',
    'E203,Liisa Laine,09 123 4567,worker,fi,Dock,active',
    'E204,Olli Ojala,040 200 0004,chief,fi,Dock,active',
    'E101,Aino Virtanen,040 100 0002,worker,fi,Dock;Forklift,active',
  ].join('\n');
  await page.getByTestId('import-file').setInputFiles({
    name: 'staff.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await expect(page.getByTestId('import-counts')).toHaveText(
    'New: 1. Changed: 1. Unchanged: 0. With errors: 3.',
  );
  const errors = page.getByTestId('import-errors').locator('li');
  await expect(errors).toHaveCount(3);
  await expect(errors.nth(0)).toHaveText(/^line 3: /);
  await expect(errors.nth(1)).toHaveText(/^line 4: /);
  await expect(errors.nth(2)).toHaveText(/^line 5: /);
  await checkScreen(page, 'admin-import');
  // The preview wrote nothing.
  expect(users.count()).toBe(before);
  expect(users.byEmployeeId('E201')).toBeUndefined();

  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-counts')).toHaveText(
    'Added 1, changed 1, unchanged 0, not imported 3.',
  );
  expect(users.count()).toBe(before + 1);
  expect(users.byEmployeeId('E201')).toMatchObject({ phone: '+358402000001' });

  await page.getByTestId('import-back').click();
  await expect(page.getByTestId('staff-total')).toHaveText(`${before + 1} people`);
});

test('a manager unlocks a worker locked out by wrong codes', async ({ page, kiosk }) => {
  kiosk.setPolicy({ lockoutThreshold: 3, maxWrongCodesPerCode: 3 });
  await kiosk.open();
  // Three wrong codes at the kiosk lock Aino out.
  await enterPhoneOnKeyboard(page, PEOPLE.aino.typed);
  await expectCodeScreen(page);
  const right = await kiosk.code(PEOPLE.aino.e164);
  for (let i = 0; i < 3; i++) {
    await typeCode(page, wrongCodeFor(right));
    if (i < 2) await expect(page.getByTestId('code-error')).toContainText('left');
  }
  const aino = kiosk.harness.app.services.registry.users.byEmployeeId('E101')!;
  await expect
    .poll(() => kiosk.harness.app.services.registry.users.byId(aino.id)?.lockedUntil)
    .not.toBeNull();

  await page.keyboard.press('Control+Alt+KeyA');
  await signInAsManager(page, kiosk);
  await searchStaff(page, 'Aino');
  const row = page.getByTestId('staff-row');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('locked-badge')).toBeVisible();
  await row.click();
  await expect(page.getByTestId('person-locked')).toBeVisible();
  await page.getByTestId('person-unlock').click();
  await expect(page.getByTestId('person-saved')).toHaveText('Sign-in by code unlocked.');
  await expect(page.getByTestId('person-locked')).toHaveCount(0);
  expect(kiosk.harness.app.services.registry.users.byId(aino.id)).toMatchObject({
    lockedUntil: null,
    consecutiveFailures: 0,
  });

  // Exit signs the manager out; Aino can sign in again (with a new code).
  await page.getByTestId('admin-exit').click();
  await expect(page.getByTestId('phone-input')).toBeVisible();
  expect(await kiosk.harness.app.dispatcher.dispatch('admin.current', {})).toEqual({
    ok: true,
    value: null,
  });
  const code = nextCode(kiosk, PEOPLE.aino.e164);
  await enterPhoneOnKeyboard(page, PEOPLE.aino.typed);
  await expectCodeScreen(page);
  await typeCode(page, await code());
  await expect(page.getByTestId('home-greeting')).toContainText('Aino');
});

test('with confirmNewPhones on, a changed phone is saved only with the code texted to it', async ({
  page,
  kiosk,
}) => {
  await kiosk.open();
  await page.keyboard.press('Control+Alt+KeyA');
  await signInAsManager(page, kiosk);
  // The setting is in the Policy section with its one-line help; off by default.
  await page.getByTestId('nav-policy').click();
  const toggle = page.getByTestId('policy-confirmNewPhones');
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByTestId('policy-confirmNewPhones-field')).toContainText(
    'Confirm new phones',
  );
  await toggle.click();
  await page.getByTestId('policy-save').click();
  await expect(page.getByTestId('policy-saved')).toContainText('saved');
  expect(kiosk.harness.app.services.config.policy().confirmNewPhones).toBe(true);
  await page.getByTestId('nav-staff').click();
  await searchStaff(page, 'Aino');
  await page.getByTestId('staff-row').click();
  await expect(page.getByTestId('person-editor')).toBeVisible();
  await page.getByTestId('person-phone').fill(NEW_WORKER.typed);
  // Save without a code: refused, and the phone stays as it was.
  await page.getByTestId('person-save').click();
  await expect(page.getByTestId('person-phone-code-error')).toContainText('not confirmed');
  const code = nextCode(kiosk, NEW_WORKER.e164);
  await page.getByTestId('person-phone-send').click();
  await expect(page.getByTestId('person-phone-sent')).toContainText('01');
  const right = await code();
  await expectAccessible(page, 'person editor, phone code step');
  await page.getByTestId('person-phone-code').fill(wrongCodeFor(right));
  await page.getByTestId('person-save').click();
  await expect(page.getByTestId('person-phone-code-error')).toContainText('not right');
  const users = kiosk.harness.app.services.registry.users;
  expect(users.byEmployeeId('E101')!.phone).toBe(PEOPLE.aino.e164);
  await page.getByTestId('person-phone-code').fill(right);
  await page.getByTestId('person-save').click();
  await expect(page.getByTestId('person-saved')).toHaveText('Saved.');
  await expect(page.getByTestId('person-phone-confirm')).toHaveCount(0);
  expect(users.byEmployeeId('E101')!.phone).toBe(NEW_WORKER.e164);

  // A new person with a phone is added without it; the editor goes on with the code step.
  await page.getByTestId('person-back').click();
  await page.getByTestId('staff-add').click();
  await page.getByTestId('person-name').fill('Veera Laine');
  await page.getByTestId('person-employee-id').fill('E901');
  await page.getByTestId('person-phone').fill('040 555 0202');
  await page.getByTestId('person-save').click();
  await expect(page.getByTestId('person-saved')).toContainText('send a code');
  expect(users.byEmployeeId('E901')!.phone).toBeNull();
  const second = nextCode(kiosk, '+358405550202');
  await page.getByTestId('person-phone-send').click();
  await page.getByTestId('person-phone-code').fill(await second());
  await page.getByTestId('person-save').click();
  await expect(page.getByTestId('person-saved')).toHaveText('Saved.');
  expect(users.byEmployeeId('E901')!.phone).toBe('+358405550202');
});
