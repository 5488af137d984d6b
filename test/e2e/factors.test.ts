// Second factors and access conditions at the kiosk (issue 6): the PIN set at the first sign-in
// and asked for after it, the PIN's own lockout, and the refusals for hours and kiosks.
import { expect, test, PEOPLE, type Kiosk } from './support/fixtures';
import { expectCodeScreen, enterPhoneOnKeyboard, typeCode } from './support/flows';
import { checkScreen } from './support/screens';

const aino = PEOPLE.aino;

function groupId(kiosk: Kiosk, name: string): number {
  return kiosk.harness.app.services.registry.groups.byName(name)!.id;
}

function reasons(kiosk: Kiosk): string[] {
  return kiosk.harness.app.services.signInLog.list({ limit: 100 }).map((r) => r.reason);
}

async function throughCode(page: import('@playwright/test').Page, kiosk: Kiosk, nth: number) {
  await enterPhoneOnKeyboard(page, aino.typed);
  await expectCodeScreen(page);
  await typeCode(page, await kiosk.code(aino.e164, nth));
}

async function typePin(page: import('@playwright/test').Page, testId: string, pin: string) {
  await page.getByTestId(testId).focus();
  await page.keyboard.type(pin);
}

test('PIN required: set at the first sign-in, asked for next time, wrong PINs lock it', async ({
  page,
  kiosk,
}) => {
  await kiosk.open();
  kiosk.setPolicy({
    groupFactors: [{ groupId: groupId(kiosk, 'Dock'), factors: ['pin'] }],
    pinMaxWrong: 3,
    pinLockoutMinutes: 15,
  });

  // First sign-in: no PIN yet, so the kiosk asks for one after the code.
  await throughCode(page, kiosk, 1);
  await expect(page.getByTestId('factor-set-pin')).toBeVisible();
  await expect(page.getByTestId('setpin-rules')).toContainText('1234');
  await checkScreen(page, 'pin-set');
  // An obvious PIN is refused with the reason.
  await typePin(page, 'setpin-new', '1234');
  await typePin(page, 'setpin-confirm', '1234');
  await page.getByTestId('setpin-save').click();
  await expect(page.getByTestId('setpin-error')).toContainText(/in a row|peräkkäisiä/);
  // Two different PINs are caught on screen.
  await typePin(page, 'setpin-new', '2580');
  await typePin(page, 'setpin-confirm', '2581');
  await page.getByTestId('setpin-save').click();
  await expect(page.getByTestId('setpin-error')).not.toBeEmpty();
  // The keypad types into the field in focus.
  await page.getByTestId('setpin-new').fill('');
  await page.getByTestId('setpin-new').focus();
  for (const d of '2580') await page.getByTestId(`key-${d}`).click();
  await typePin(page, 'setpin-confirm', '2580');
  await page.getByTestId('setpin-save').click();
  await expect(page.getByTestId('home-greeting')).toContainText('Aino');
  // Change PIN from the home screen: the PIN now, then the new one twice.
  await page.getByTestId('change-pin').click();
  await checkScreen(page, 'change-pin');
  // The old PIN through the on-screen keypad (gloves).
  await page.getByTestId('change-pin-old').focus();
  for (const digit of '1111') await page.getByTestId(`key-${digit}`).click();
  await expect(page.getByTestId('change-pin-old')).toHaveValue('1111');
  await typePin(page, 'change-pin-new', '3691');
  await typePin(page, 'change-pin-confirm', '3691');
  await page.getByTestId('change-pin-save').click();
  await expect(page.getByTestId('change-pin-error')).toContainText('2');
  await page.getByTestId('change-pin-old').fill('2580');
  await page.getByTestId('change-pin-save').click();
  await expect(page.getByTestId('change-pin-done')).toBeVisible();
  await page.getByTestId('sign-out').click();

  // Next sign-in: the PIN screen, with tries counted down.
  await throughCode(page, kiosk, 2);
  await expect(page.getByTestId('factor-pin')).toBeVisible();
  await expect(page.getByTestId('factor-tries')).toContainText('3');
  await checkScreen(page, 'pin-entry');
  await typePin(page, 'factor-input', '1111');
  await page.getByTestId('factor-submit').click();
  await expect(page.getByTestId('factor-error')).toContainText('2');
  await typePin(page, 'factor-input', '2222');
  await page.getByTestId('factor-submit').click();
  await expect(page.getByTestId('factor-error')).toContainText('1');
  await typePin(page, 'factor-input', '3333');
  await page.getByTestId('factor-submit').click();
  await expect(page.getByTestId('screen-pin_locked')).toBeVisible();
  await checkScreen(page, 'pin-locked');
  expect(reasons(kiosk).slice(0, 3)).toEqual(['pin_locked', 'wrong_pin', 'wrong_pin']);

  // Locked: even the right PIN does not get in until the lockout ends.
  await page.getByTestId('start-again').click();
  await throughCode(page, kiosk, 3);
  await typePin(page, 'factor-input', '3691');
  await page.getByTestId('factor-submit').click();
  await expect(page.getByTestId('screen-pin_locked')).toBeVisible();
});

test('outside hours: refused before any code is sent, with when the window opens', async ({
  page,
  kiosk,
}) => {
  await kiosk.open();
  kiosk.harness.app.services.config.updateSite({ timeZone: 'Europe/Helsinki' }, 'e2e');
  // Monday 10:00 in Helsinki; Dock works 14:00–22:00.
  kiosk.setPolicy({
    enumerationMode: 'helpful',
    shiftWindows: [
      { groupId: groupId(kiosk, 'Dock'), days: [1, 2, 3, 4, 5], from: '14:00', to: '22:00' },
    ],
  });
  await enterPhoneOnKeyboard(page, aino.typed);
  await expect(page.getByTestId('screen-outside_hours')).toBeVisible();
  await expect(page.getByTestId('screen-outside_hours')).toContainText('in 4 hours');
  expect(kiosk.inbox(aino.e164)).toHaveLength(0);
  expect(reasons(kiosk)[0]).toBe('outside_hours');
  await checkScreen(page, 'outside-hours');
});

test('not allowed at this kiosk: a person in none of its groups is refused', async ({
  page,
  kiosk,
}) => {
  await kiosk.open();
  kiosk.setPolicy({ enumerationMode: 'helpful', kioskGroupIds: [groupId(kiosk, 'Managers')] });
  await enterPhoneOnKeyboard(page, aino.typed);
  await expect(page.getByTestId('screen-not_allowed_here')).toBeVisible();
  expect(kiosk.inbox(aino.e164)).toHaveLength(0);
  expect(reasons(kiosk)[0]).toBe('not_allowed_here');
});

test('outside hours at the end: a shift that closes while the code is on its way refuses the sign-in', async ({
  page,
  kiosk,
}) => {
  await kiosk.open();
  kiosk.harness.app.services.config.updateSite({ timeZone: 'Europe/Helsinki' }, 'e2e');
  // Monday 10:00 in Helsinki; Dock's window closes at 10:03, before the code (5 min) runs out.
  kiosk.setPolicy({
    shiftWindows: [
      { groupId: groupId(kiosk, 'Dock'), days: [1, 2, 3, 4, 5], from: '09:00', to: '10:03' },
    ],
  });
  await enterPhoneOnKeyboard(page, aino.typed);
  await expectCodeScreen(page);
  const code = await kiosk.code(aino.e164);
  await kiosk.advance(4 * 60_000);
  await typeCode(page, code);
  await expect(page.getByTestId('screen-outside_hours')).toBeVisible();
  await expect(page.getByTestId('home-greeting')).toHaveCount(0);
  expect(reasons(kiosk)[0]).toBe('outside_hours');
  expect(reasons(kiosk)).not.toContain('signed_in');
});
