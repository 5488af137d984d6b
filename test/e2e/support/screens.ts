// Checks and pictures of a screen: axe (no serious or critical violation) and a screenshot in
// docs/screenshots/<name>.png for the README.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const SCREENSHOT_DIR = resolve(__dirname, '..', '..', '..', 'docs', 'screenshots');

export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    // Only violations are read; skipping the details of passes saves seconds per screen.
    .options({ resultTypes: ['violations'] })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const blocking = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  expect(blocking, `accessibility of the ${screen} screen`).toEqual([]);
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({
    path: join(SCREENSHOT_DIR, `${name}.png`),
    animations: 'disabled',
    caret: 'hide',
  });
}

/** Both: every screen the suite reaches is checked and pictured the same way. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  // The picture first: it shows the countdowns as close to where they started as possible.
  await saveScreenshot(page, name);
  const started = Date.now();
  await expectAccessible(page, name);
  if (process.env.E2E_TIMING) console.log(`axe ${name}: ${Date.now() - started} ms`);
}
