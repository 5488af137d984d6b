// The worker's sign-in flows against the real main-process services and the simulated modem
// (issue 4, item 8). Each test has its own kiosk: fresh database with the sample staff, its own
// simulator, and a clock moved with kiosk.advance() instead of waiting.
import { test, expect, openKiosk, PEOPLE } from './support/fixtures';
import {
  enterPhoneOnKeyboard,
  enterPhoneOnKeypad,
  expectCodeScreen,
  signIn,
  typeCode,
  wrongCodeFor,
} from './support/flows';
import { checkScreen } from './support/screens';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

test('signs in with the code from the virtual phone, shows the resources, signs out', async ({
  page,
  kiosk,
}) => {
  await openKiosk(page, kiosk);
  await expect(page.getByTestId('virtual-phone')).toContainText(PEOPLE.aino.e164);
  await checkScreen(page, 'phone-entry');

  await enterPhoneOnKeypad(page, PEOPLE.aino.typed);
  await expectCodeScreen(page);
  const code = await kiosk.code(PEOPLE.aino.e164);
  // The worker reads it on the (virtual) phone, in their own language.
  const sms = page.getByTestId('phone-message').first();
  await expect(sms.getByTestId('phone-code')).toHaveText(code);
  await expect(sms).toContainText('kirjautumiskoodisi');
  await expect(page.getByTestId('code-sent-to')).toContainText('02');
  await checkScreen(page, 'code-entry');

  await typeCode(page, code);
  await expect(page.getByTestId('home-greeting')).toContainText('Aino');
  // Aino has no PIN: nothing to change.
  await expect(page.getByTestId('my-security')).toBeVisible();
  await expect(page.getByTestId('change-pin')).toHaveCount(0);
  await expect(page.getByTestId('resource-link')).toContainText(['Dock rota']);
  await checkScreen(page, 'home');

  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('phone-input')).toBeVisible();
  await expect(page.getByTestId('phone-input')).toHaveValue('');
  expect(kiosk.harness.app.services.engine).toBeTruthy();
});

test('a wrong code says how many tries are left; the right one still works', async ({
  page,
  kiosk,
}) => {
  await openKiosk(page, kiosk);
  await enterPhoneOnKeyboard(page, PEOPLE.jussi.typed);
  await expectCodeScreen(page);
  const code = await kiosk.code(PEOPLE.jussi.e164);

  await typeCode(page, wrongCodeFor(code));
  await expect(page.getByTestId('code-error')).toContainText('4');
  await expect(page.getByTestId('code-box-0')).toBeFocused();
  await checkScreen(page, 'wrong-code');

  await typeCode(page, code);
  await expect(page.getByTestId('home-greeting')).toContainText('Jussi');
});

test('resend waits for its cooldown, then sends a new code that replaces the old', async ({
  page,
  kiosk,
}) => {
  await openKiosk(page, kiosk);
  await enterPhoneOnKeyboard(page, PEOPLE.sam.typed);
  await expectCodeScreen(page);
  const first = await kiosk.code(PEOPLE.sam.e164, 1);

  const resend = page.getByTestId('resend');
  await expect(resend).toBeDisabled();
  await expect(resend).toContainText(/\d/);
  await kiosk.advance(30 * SECOND);
  await expect(resend).toBeEnabled();
  await resend.click();
  const second = await kiosk.code(PEOPLE.sam.e164, 2);
  expect(kiosk.inbox(PEOPLE.sam.e164)).toHaveLength(2);
  await expect(page.getByTestId('phone-message')).toHaveCount(2);
  // The cooldown starts again.
  await expect(resend).toBeDisabled();

  if (first !== second) {
    await typeCode(page, first);
    // Wait for the answer (the boxes are cleared for the next try) before typing again.
    await expect(page.getByTestId('code-error')).toContainText('4');
    await expect(page.getByTestId('home-greeting')).toHaveCount(0);
  }
  await typeCode(page, second);
  await expect(page.getByTestId('home-greeting')).toContainText('Sam');
});

test('a code that runs out of time shows the expired screen', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await enterPhoneOnKeyboard(page, PEOPLE.aino.typed);
  await expectCodeScreen(page);
  await kiosk.code(PEOPLE.aino.e164);
  await expect(page.getByTestId('code-expiry')).toContainText('5:00');

  await kiosk.advance(5 * MINUTE);
  await expect(page.getByTestId('screen-code_expired')).toBeVisible();
  await checkScreen(page, 'code-expired');

  await page.getByTestId('start-again').click();
  await expect(page.getByTestId('phone-input')).toBeVisible();
});

test('too many wrong codes lock the account and say when it opens again', async ({
  page,
  kiosk,
}) => {
  // The smallest lockout threshold the policy allows, so the test needs three tries, not ten.
  kiosk.setPolicy({ lockoutThreshold: 3, lockoutBaseMinutes: 15 });
  await openKiosk(page, kiosk);
  await enterPhoneOnKeyboard(page, PEOPLE.aino.typed);
  await expectCodeScreen(page);
  const wrong = wrongCodeFor(await kiosk.code(PEOPLE.aino.e164));

  await typeCode(page, wrong);
  await expect(page.getByTestId('code-error')).toContainText('4');
  await typeCode(page, wrong);
  await expect(page.getByTestId('code-error')).toContainText('3');
  await typeCode(page, wrong);
  await expect(page.getByTestId('screen-locked')).toBeVisible();
  await expect(page.getByTestId('reopens-at')).toContainText(/\b0?8[:.]15\b.*\b15\b/);
  await checkScreen(page, 'locked');

  // Asking for a new code does not get round it.
  await page.getByTestId('start-again').click();
  await enterPhoneOnKeyboard(page, PEOPLE.aino.typed);
  await expect(page.getByTestId('screen-locked')).toBeVisible();
  expect(kiosk.inbox(PEOPLE.aino.e164)).toHaveLength(1);
});

test('an idle session warns, then signs out by itself', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, kiosk, PEOPLE.sam);

  await kiosk.advance(90 * SECOND);
  await expect(page.getByTestId('idle-warning')).toBeVisible();
  await expect(page.getByTestId('idle-stay')).toBeFocused();
  await checkScreen(page, 'idle-warning');

  await kiosk.advance(30 * SECOND);
  await expect(page.getByTestId('phone-input')).toBeVisible();
  await expect(page.getByTestId('signed-out-notice')).toBeVisible();
  await checkScreen(page, 'signed-out-idle');
  const current = await kiosk.harness.app.dispatcher.dispatch('session.current', {});
  expect(current).toEqual({ ok: true, value: null });
});

test('"I\'m still here" keeps the session', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, kiosk, PEOPLE.aino);
  await kiosk.advance(90 * SECOND);
  await page.getByTestId('idle-stay').click();
  await expect(page.getByTestId('idle-warning')).toBeHidden();
  await kiosk.advance(60 * SECOND);
  await expect(page.getByTestId('home-greeting')).toBeVisible();
});

test('a modem that goes away shows the SMS-unavailable screen until it is back', async ({
  page,
  kiosk,
}) => {
  await openKiosk(page, kiosk);
  kiosk.unplugModem();
  await expect(page.getByTestId('screen-sms_unavailable')).toBeVisible();
  await checkScreen(page, 'sms-unavailable');
  const refused = await kiosk.harness.app.dispatcher.dispatch('signin.start', {
    phone: PEOPLE.aino.typed,
  });
  expect(refused).toMatchObject({ ok: false, error: { code: 'sms_unavailable' } });

  // Plugged back in, the device reconnects on its own and the kiosk takes numbers again.
  kiosk.replugModem();
  await expect(page.getByTestId('phone-input')).toBeVisible({ timeout: 10_000 });
  await enterPhoneOnKeyboard(page, PEOPLE.aino.typed);
  await expectCodeScreen(page);
  await kiosk.code(PEOPLE.aino.e164);
});

test('an SMS the network refuses is reported, not waited for', async ({ page, kiosk }) => {
  // Helpful mode: in private mode a refusal that may be the number's fault is not told, since
  // an unregistered number (no SMS) could never show it.
  kiosk.setPolicy({ enumerationMode: 'helpful' });
  await openKiosk(page, kiosk);
  // +CMS ERROR: 21, "short message transfer rejected": permanent, so no retry.
  kiosk.harness.app.simulator!.failNextSends([{ cms: 21 }]);
  await enterPhoneOnKeyboard(page, PEOPLE.jussi.typed);
  // The outbox gives up at once; the code screen learns it on its first or next delivery check.
  const outbox = kiosk.harness.app.services.db.prepare('SELECT status FROM outbox');
  await expect.poll(() => (outbox.get() as { status: string } | undefined)?.status).toBe('failed');
  await kiosk.advance(2_000);
  await expect(page.getByTestId('screen-sms_not_delivered')).toBeVisible();
  expect(kiosk.inbox(PEOPLE.jussi.e164)).toHaveLength(0);
  await checkScreen(page, 'sms-not-delivered');
});

test('the language picker switches the screens, and a Spanish speaker gets the SMS in Spanish', async ({
  page,
  kiosk,
}) => {
  await openKiosk(page, kiosk);
  const heading = page.getByRole('heading', { level: 1 });
  const english = await heading.textContent();
  await page.getByTestId('lang-es').click();
  await expect(page.getByTestId('lang-es')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(heading).not.toHaveText(english ?? '');
  await checkScreen(page, 'phone-entry-es');

  await enterPhoneOnKeyboard(page, PEOPLE.lucia.typed);
  await expectCodeScreen(page);
  await kiosk.code(PEOPLE.lucia.e164);
  await expect(page.getByTestId('phone-message').first()).toContainText('codigo de acceso');
});
