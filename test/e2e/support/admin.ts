// Steps of the admin-screen tests, done the way a site manager does them.
import type { Page } from '@playwright/test';
import { expect, type Kiosk } from './fixtures';

/** The manager of resources/sample-staff.csv. */
export const MANAGER = {
  name: 'Maria Lindqvist',
  employeeId: 'M100',
  typed: '040 100 0001',
  e164: '+358401000001',
} as const;

/** The PIN the tests give managers (issue 6: every manager types a PIN after the SMS code). */
export const MANAGER_PIN = '4827';

/** Sets a manager's PIN directly in the registry, as if they had chosen it before. */
export function givePin(kiosk: Kiosk, employeeId: string, pin = MANAGER_PIN): void {
  const { registry, pins } = kiosk.harness.app.services;
  const user = registry.users.byEmployeeId(employeeId);
  if (!user) throw new Error(`no person with employee ID ${employeeId}`);
  pins.set(user.id, pin, 'e2e');
}

/** Opens the admin screen the way other tests do: the #/admin address. */
export async function openAdmin(page: Page): Promise<void> {
  // The node typings have no DOM: the page's `location` is reached through globalThis.
  await page.evaluate(() => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = '#/admin';
  });
  await expect(page.getByTestId('admin-app')).toBeVisible();
}

/** The next code texted to `e164` from now on (earlier messages are skipped). */
export function nextCode(kiosk: Kiosk, e164: string): () => Promise<string> {
  const seen = kiosk.inbox(e164).length;
  return () => kiosk.code(e164, seen + 1);
}

/** From the admin sign-in screen to the signed-in admin screen, by number and SMS code. */
export async function signInAsManager(
  page: Page,
  kiosk: Kiosk,
  manager: { typed: string; e164: string; name: string; employeeId: string } = MANAGER,
): Promise<void> {
  givePin(kiosk, manager.employeeId);
  const code = nextCode(kiosk, manager.e164);
  await page.getByTestId('admin-phone-input').fill(manager.typed);
  await page.getByTestId('admin-send-code').click();
  await expect(page.getByTestId('admin-code-input')).toBeVisible();
  await page.getByTestId('admin-code-input').fill(await code());
  await page.getByTestId('admin-verify').click();
  // The PIN step, when main asks for it.
  const pin = page.getByTestId('admin-factor-input');
  const who = page.getByTestId('admin-who');
  await expect(pin.or(who)).toBeVisible();
  if (await pin.isVisible()) {
    await pin.fill(MANAGER_PIN);
    await page.getByTestId('admin-factor-submit').click();
  }
  await expect(who).toContainText(manager.name);
}

/** The recovery code on screen; ticks "written down" and continues. */
export async function acceptRecoveryCode(page: Page): Promise<string> {
  const code = (await page.getByTestId('recovery-code').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4})+$/);
  // Continue is not available until the manager says it is written down.
  await expect(page.getByTestId('recovery-continue')).toHaveAttribute('aria-disabled', 'true');
  await page.getByTestId('recovery-written').check();
  await page.getByTestId('recovery-continue').click();
  await expect(page.getByTestId('recovery-code')).toBeHidden();
  return code;
}

/** Searches the staff list at once (Enter skips the typing pause). */
export async function searchStaff(page: Page, text: string): Promise<void> {
  const search = page.getByTestId('staff-search');
  await search.fill(text);
  await search.press('Enter');
}
