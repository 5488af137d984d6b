// At 1280 px, beside the demo's virtual phone (a common kiosk and laptop width), the admin screen
// fits: the sign-in and audit tables are not cut on the right, staff names and numbers are whole
// (no "…"), the sidebar's language buttons are not clipped, and a "Save changes" with nothing to
// save looks unavailable.
import type { Locator, Page } from '@playwright/test';
import { test, expect, PEOPLE, type Kiosk } from './support/fixtures';
import { checkScreen } from './support/screens';

const MANAGER = { e164: '+358401000001', name: 'Maria Lindqvist' };
const MANAGER_PIN = '271828';

test.use({ viewport: { width: 1280, height: 800 } });

async function dispatch<T>(kiosk: Kiosk, channel: string, payload: unknown = {}): Promise<T> {
  const result = await kiosk.harness.app.dispatcher.dispatch(channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function openAdmin(page: Page, kiosk: Kiosk): Promise<void> {
  const challenge = await dispatch<{ challengeId: string }>(kiosk, 'admin.start', {
    phone: MANAGER.e164,
  });
  let step = await dispatch<{ state: string; setUp?: boolean }>(kiosk, 'admin.verify', {
    challengeId: challenge.challengeId,
    code: await kiosk.code(MANAGER.e164),
  });
  for (let n = 0; step.state === 'factor_required' && n < 2; n++) {
    step = step.setUp
      ? await dispatch(kiosk, 'admin.setPin', { pin: MANAGER_PIN, confirm: MANAGER_PIN })
      : await dispatch(kiosk, 'admin.factor', { factor: 'pin', proof: MANAGER_PIN });
  }
  await page.goto(`${kiosk.url}#/admin`);
  await expect(page.getByTestId('admin-who')).toContainText(MANAGER.name);
}

// The node typings have no DOM: the page's objects are described by the little used here.
interface Box {
  tagName: string;
  dataset: { testid?: string };
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
  getBoundingClientRect(): { right: number };
}
interface PageDocument {
  documentElement: { clientWidth: number; scrollWidth: number };
}

/** Content wider than its box (cut on the right, or ending in "…"), and boxes past the window. */
async function overflow(locator: Locator): Promise<string[]> {
  return locator.evaluateAll((elements) => {
    const doc = (globalThis as unknown as { document: PageDocument }).document;
    const width = doc.documentElement.clientWidth;
    const found: string[] = [];
    for (const el of elements as unknown as Box[]) {
      const box = el.getBoundingClientRect();
      const name = `${el.tagName.toLowerCase()}[data-testid=${el.dataset.testid ?? ''}] "${(el.textContent ?? '').trim().slice(0, 40)}"`;
      if (el.scrollWidth > el.clientWidth + 1) {
        found.push(`${name} is cut (${el.scrollWidth} > ${el.clientWidth})`);
      }
      if (box.right > width + 1)
        found.push(`${name} ends past the window (${box.right} > ${width})`);
    }
    return found;
  });
}

test('at 1280 px the admin tables, staff names and language buttons fit beside the phone', async ({
  page,
  kiosk,
}) => {
  // Rows for both logs: sign-ins and refusals, and the audit entries of the sign-in.
  for (const person of [PEOPLE.aino, PEOPLE.jussi, PEOPLE.lucia]) {
    await dispatch(kiosk, 'signin.start', { phone: person.e164 });
    await kiosk.code(person.e164);
  }
  await openAdmin(page, kiosk);
  await expect(page.getByTestId('virtual-phone')).toBeVisible();
  // The page itself never scrolls sideways.
  const pageWidth = await page.evaluate(() => {
    const doc = (globalThis as unknown as { document: PageDocument }).document;
    return { scroll: doc.documentElement.scrollWidth, client: doc.documentElement.clientWidth };
  });
  expect(pageWidth.scroll).toBeLessThanOrEqual(pageWidth.client);

  // Sidebar language buttons: whole, inside the sidebar.
  const languages = page.getByTestId('admin-app').locator('[data-testid^="lang-"]');
  expect(await languages.count()).toBeGreaterThan(0);
  expect(await overflow(languages)).toEqual([]);

  // Staff: names and numbers are whole.
  await page.getByTestId('nav-staff').click();
  const cells = page.locator('[data-testid="staff-row"] [data-testid^="staff-cell-"]');
  await expect(cells.first()).toBeVisible();
  expect(await overflow(cells)).toEqual([]);

  // Logs: neither table is cut on the right, and no heading breaks inside a word.
  await page.getByTestId('nav-logs').click();
  await expect(page.getByTestId('logs')).toBeVisible();
  for (const [tab, table] of [
    ['signin', 'signin-log-table'],
    ['audit', 'audit-log-table'],
  ] as const) {
    await page.getByTestId(`logs-tab-${tab}`).click();
    const shown = page.getByTestId(table);
    await expect(shown.locator('tbody tr').first()).toBeVisible();
    expect(await overflow(page.getByTestId('logs').locator('.sec-table-wrap, table, th'))).toEqual(
      [],
    );
    if (tab === 'signin') {
      await shown.scrollIntoViewIfNeeded();
      await checkScreen(page, 'admin-logs-1280');
    }
  }

  // Policy: with nothing changed, "Save changes" is plainly unavailable.
  await page.getByTestId('nav-policy').click();
  const save = page.getByTestId('policy-save');
  await expect(save).toHaveAttribute('aria-disabled', 'true');
  const look = (l: Locator) =>
    l.evaluate((el) => {
      const style = (
        globalThis as unknown as {
          getComputedStyle(e: unknown): { backgroundColor: string };
        }
      ).getComputedStyle;
      return style(el).backgroundColor;
    });
  const idle = await look(save);
  await page.getByTestId('policy-codeLength-up').click();
  await expect(save).toHaveAttribute('aria-disabled', 'false');
  expect(await look(save)).not.toBe(idle);
});
