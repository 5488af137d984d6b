// Checks and pictures of a screen: axe (no serious or critical violation) and a screenshot in
// docs/screenshots/<name>.png for the README.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

export const SCREENSHOT_DIR = resolve(__dirname, '..', '..', '..', 'docs', 'screenshots');

const TIMERS = [
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'requestAnimationFrame',
  'cancelAnimationFrame',
] as const;

/**
 * Init script, added before page.clock.install: keeps the real timer functions aside, so that
 * axe (which waits on timers) can run while the page's fake clock stands still.
 */
export function keepRealTimers(): void {
  const w = globalThis as unknown as Record<string, unknown>;
  const names = [
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'requestAnimationFrame',
    'cancelAnimationFrame',
  ];
  const real: Record<string, unknown> = {};
  for (const name of names) real[name] = (w[name] as () => unknown).bind(globalThis);
  w.__e2eRealTimers = real;
}

/** Runs `fn` with the page's real timers in place (the app's paused clock is left alone). */
async function withRealTimers<T>(page: Page, fn: () => Promise<T>): Promise<T> {
  const swap = (names: readonly string[]) => {
    const w = globalThis as unknown as Record<string, unknown>;
    const real = w.__e2eRealTimers as Record<string, unknown> | undefined;
    if (!real) return;
    const saved: Record<string, unknown> = {};
    for (const name of names) {
      saved[name] = w[name];
      w[name] = real[name];
    }
    w.__e2eRealTimers = saved;
  };
  await page.evaluate(swap, TIMERS);
  try {
    return await fn();
  } finally {
    // The same swap again puts the fake timers back.
    await page.evaluate(swap, TIMERS);
  }
}

export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await withRealTimers(page, () => analyze(page));
  const blocking = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  expect(blocking, `accessibility of the ${screen} screen`).toEqual([]);
}

function analyze(page: Page) {
  return (
    new AxeBuilder({ page })
      // Only violations are read; skipping the details of passes saves seconds per screen.
      .options({ resultTypes: ['violations'] })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
      .analyze()
  );
}

export interface ScreenshotOptions {
  /**
   * What shows real time the test clock does not drive (the modem's "last checked"): painted
   * over, so the picture is the same on every run.
   */
  mask?: Locator[];
}

export async function saveScreenshot(
  page: Page,
  name: string,
  options: ScreenshotOptions = {},
): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({
    path: join(SCREENSHOT_DIR, `${name}.png`),
    animations: 'disabled',
    caret: 'hide',
    mask: options.mask,
  });
}

/** Both: every screen the suite reaches is checked and pictured the same way. */
export async function checkScreen(
  page: Page,
  name: string,
  options: ScreenshotOptions = {},
): Promise<void> {
  // The picture first: it shows the countdowns as close to where they started as possible.
  await saveScreenshot(page, name, options);
  const started = Date.now();
  await expectAccessible(page, name);
  if (process.env.E2E_TIMING) console.log(`axe ${name}: ${Date.now() - started} ms`);
}
