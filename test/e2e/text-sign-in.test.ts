// Text-to-sign-in (issue 6 item 5): the kiosk shows a code and its number, the worker texts the
// code from their registered phone, the simulated modem receives it (+CMTI, AT+CMGR) and the
// worker is signed in. Texts from unknown numbers and with wrong codes are logged and ignored.
import { test, expect, openKiosk, PEOPLE, type Kiosk } from './support/fixtures';
import { wrongCodeFor } from './support/flows';
import { checkScreen } from './support/screens';

const KIOSK_NUMBER = '+358451112223';
const MINUTE = 60_000;

// The PIN after a text (on by default) is covered by the unit tests; these show the text path.
function enable(kiosk: Kiosk): void {
  kiosk.setPolicy({
    textSignInEnabled: true,
    textCodeLifetimeMinutes: 3,
    textSignInRequiresPin: false,
  });
  kiosk.harness.app.services.config.updateSite({ smsNumber: KIOSK_NUMBER }, 'e2e');
}

function logReasons(kiosk: Kiosk): string[] {
  return kiosk.harness.app.services.signInLog.list({ limit: 100 }).map((r) => r.reason);
}

test('a text with the code from the registered phone signs the worker in; an unknown number and a wrong code are ignored', async ({
  page,
  kiosk,
}) => {
  enable(kiosk);
  await openKiosk(page, kiosk);
  await page.getByTestId('text-sign-in').click();
  const shown = page.getByTestId('text-code');
  await expect(shown).toBeVisible();
  const code = (await shown.getAttribute('data-code'))!;
  expect(code).toMatch(/^\d{6}$/);
  await expect(shown).toHaveText(`${code.slice(0, 3)} ${code.slice(3)}`);
  await expect(page.getByTestId('text-number')).toContainText('+358 45 1112223');
  await checkScreen(page, 'text-sign-in');

  const simulator = kiosk.harness.app.simulator!;
  // Someone else's phone texts the right code: nothing happens on screen, the log says why.
  simulator.receiveSms('+358409999911', code);
  await expect.poll(() => logReasons(kiosk)).toContain('text_not_registered');
  // The registered phone texts a wrong code: ignored too, and counted toward its lockout.
  simulator.receiveSms(PEOPLE.aino.e164, wrongCodeFor(code));
  await expect.poll(() => logReasons(kiosk)).toContain('text_wrong_code');
  await expect(shown).toBeVisible();
  await expect(page.getByTestId('home-greeting')).toHaveCount(0);
  const aino = kiosk.harness.app.services.registry.users.byActivePhone(PEOPLE.aino.e164)!;
  expect(aino.consecutiveFailures).toBe(1);

  // The registered phone texts the code (with a space, as people do): signed in.
  simulator.receiveSms(PEOPLE.aino.e164, `${code.slice(0, 3)} ${code.slice(3)}`);
  await expect(page.getByTestId('home-greeting')).toContainText('Aino');
  // The modem's copies were read and deleted from the SIM.
  expect(simulator.storedIndexes()).toEqual([]);
});

test('the code runs out on screen; a late text is ignored and logged as expired', async ({
  page,
  kiosk,
}) => {
  enable(kiosk);
  await openKiosk(page, kiosk);
  await page.getByTestId('text-sign-in').click();
  const code = (await page.getByTestId('text-code').getAttribute('data-code'))!;
  await kiosk.advance(3 * MINUTE);
  await expect(page.getByTestId('text-expired')).toBeVisible();
  kiosk.harness.app.simulator!.receiveSms(PEOPLE.aino.e164, code);
  await expect.poll(() => logReasons(kiosk)).toContain('text_code_expired');
  await expect(page.getByTestId('home-greeting')).toHaveCount(0);

  // A new code works; leaving the screen goes back to the number.
  await page.getByTestId('text-new-code').click();
  await expect(page.getByTestId('text-code')).toBeVisible();
  await page.getByTestId('text-back').click();
  await expect(page.getByTestId('phone-input')).toBeVisible();
});

test('the offer is not shown while the policy leaves text-to-sign-in off', async ({
  page,
  kiosk,
}) => {
  kiosk.harness.app.services.config.updateSite({ smsNumber: KIOSK_NUMBER }, 'e2e');
  await openKiosk(page, kiosk);
  await expect(page.getByTestId('phone-input')).toBeVisible();
  await expect(page.getByTestId('text-sign-in')).toHaveCount(0);
});

test('in the demo, the virtual phone texts the kiosk, whose number comes from the SIM (AT+CNUM)', async ({
  page,
  kiosk,
}) => {
  kiosk.setPolicy({ textSignInEnabled: true, textSignInRequiresPin: false });
  await openKiosk(page, kiosk);
  await page.getByTestId('text-sign-in').click();
  const code = (await page.getByTestId('text-code').getAttribute('data-code'))!;
  // No number in the site settings: the simulated SIM's own number is shown.
  await expect(page.getByTestId('text-number')).toContainText('+358 45 0000000');
  await page.getByTestId('phone-send-from').selectOption(PEOPLE.jussi.e164);
  await page.getByTestId('phone-send-text').fill(code);
  await page.getByTestId('phone-send').click();
  await expect(page.getByTestId('home-greeting')).toContainText('Jussi');
});
