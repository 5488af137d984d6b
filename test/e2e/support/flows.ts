// Steps the sign-in tests share, written the way a worker does them.
import type { Page } from '@playwright/test';
import { expect, type Kiosk } from './fixtures';

/** Types the number with the on-screen keypad (digits, spaces skipped) and continues. */
export async function enterPhoneOnKeypad(page: Page, typed: string): Promise<void> {
  for (const ch of typed.replace(/\s/g, '')) {
    await page.getByTestId(ch === '+' ? 'key-plus' : `key-${ch}`).click();
  }
  await page.getByTestId('continue').click();
}

/** Types the number on a physical keyboard and presses Enter. */
export async function enterPhoneOnKeyboard(page: Page, typed: string): Promise<void> {
  const input = page.getByTestId('phone-input');
  await input.focus();
  await page.keyboard.type(typed);
  await page.keyboard.press('Enter');
}

/** Waits for the code screen. */
export async function expectCodeScreen(page: Page): Promise<void> {
  await expect(page.getByTestId('code-box-0')).toBeVisible();
}

/** Types a code into the boxes from the first one (a complete code is checked at once). */
export async function typeCode(page: Page, code: string): Promise<void> {
  await page.getByTestId('code-box-0').focus();
  await page.keyboard.type(code);
}

/** A code of the same length that is not `code`. */
export function wrongCodeFor(code: string): string {
  return code
    .split('')
    .map((d) => String((Number(d) + 1) % 10))
    .join('');
}

/** From the first screen to the signed-in home screen. */
export async function signIn(
  page: Page,
  kiosk: Kiosk,
  person: { typed: string; e164: string; name: string },
): Promise<void> {
  await enterPhoneOnKeyboard(page, person.typed);
  await expectCodeScreen(page);
  await typeCode(page, await kiosk.code(person.e164));
  await expect(page.getByTestId('home-greeting')).toContainText(person.name.split(' ')[0]!);
}
