// ui.*: the renderer's size over the wire (JS + CSS, gzip) and the time from navigation to an
// interactive sign-in screen in headless Debian chromium, served by the browser harness.
import { gzipSync } from 'node:zlib';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { ensureRendererBuilt, RENDERER_OUT } from '../../src/dev/build-renderer';
import { startHarness } from '../../src/dev/harness';
import { CHROMIUM_LAUNCH } from '../../test/e2e/support/chromium';
import { percentile, round, tempDbPath } from './stats';

// Runs in the page (a string: this file is type-checked without the DOM library).
const FIRST_SCREEN_PROBE = `
  new MutationObserver((_, observer) => {
    if (document.querySelector('[data-testid="phone-input"]') && !window.firstScreenAt) {
      window.firstScreenAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

export function bundleGzipKB(): number {
  const assets = join(RENDERER_OUT, 'assets');
  let bytes = 0;
  for (const file of readdirSync(assets)) {
    if (/\.(js|css)$/.test(file))
      bytes += gzipSync(readFileSync(join(assets, file)), { level: 9 }).length;
  }
  return round(bytes / 1024, 1);
}

export async function benchUi(runs = 10) {
  await ensureRendererBuilt();
  const harness = await startHarness({ dbPath: tempDbPath() });
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      // A fresh context each run: nothing cached, like a kiosk after a restart.
      const context = await browser.newContext();
      // Noted by the page itself, relative to its navigation start: the moment the number field
      // exists and can take input.
      await context.addInitScript(FIRST_SCREEN_PROBE);
      const page = await context.newPage();
      await page.goto(harness.url);
      await page.getByTestId('phone-input').waitFor({ state: 'visible' });
      times.push(await page.evaluate<number>('window.firstScreenAt'));
      await context.close();
    }
  } finally {
    await browser.close();
    await harness.close();
  }
  return { 'ui.bundleGzipKB': bundleGzipKB(), 'ui.firstScreenMs': percentile(times, 50) };
}
