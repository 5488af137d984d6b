// End-to-end tests: the built renderer in Debian's chromium (apt-get install chromium; the
// Electron runtime and Playwright's own browser builds cannot be downloaded on the build
// machines), against the real main-process services and the modem simulator, served by the
// browser harness (src/dev). Each test starts its own harness in the worker: fresh database,
// its own port on 127.0.0.1, a clock it can move on.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './test/e2e/support/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.test.ts',
  globalSetup: './test/e2e/global-setup.ts',
  outputDir: 'test-results',
  // Generous for loaded build machines: axe alone takes seconds per screen there.
  timeout: 90_000,
  expect: { timeout: 5_000 },
  fullyParallel: true,
  // The build machines have two cores.
  workers: 2,
  forbidOnly: !!process.env.CI,
  // One retry in CI only: a test that passes on its retry is listed as "flaky" in the output
  // (a timing race to fix, as the ones fixed so far were), without blocking the landing.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    timezoneId: 'UTC',
    trace: 'retain-on-failure',
    launchOptions: CHROMIUM_LAUNCH,
  },
});
