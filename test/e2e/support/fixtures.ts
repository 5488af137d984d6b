// The kiosk under test: a browser harness (src/dev/harness.ts) started inside the Playwright
// worker for each test, with a fresh database seeded with resources/sample-staff.csv, the
// simulated modem and repeatable codes. Time stands still on both sides, the kiosk's clock and
// the page's, until the test moves both on together (kiosk.advance): expiry, cooldowns and idle
// sign-out are reached exactly, without sleeping, and every screenshot shows the same times.
// (The modem driver's own I/O timeouts run on real time; see createKioskApp.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { keepRealTimers } from './screens';
import { startHarness, type Harness } from '../../../src/dev/harness';
import { AdjustableScheduler } from '../../../src/dev/adjustable-scheduler';
import type { ReceivedMessage } from '../../../src/main/modem/simulator';
import type { Policy } from '../../../src/shared/policy';
import type { RandomSource } from '../../../src/main/auth/random';

/** Where both clocks start: a Monday morning, so screenshots show the same times every run. */
export const START = Date.UTC(2026, 0, 5, 8, 0, 0);

/** People of resources/sample-staff.csv. */
export const PEOPLE = {
  aino: { name: 'Aino Virtanen', typed: '040 100 0002', e164: '+358401000002' },
  jussi: { name: 'Jussi Korhonen', typed: '040 100 0003', e164: '+358401000003' },
  sam: { name: 'Sam Carter', typed: '050 100 0005', e164: '+358501000005' },
  lucia: { name: 'Lucía Fernández', typed: '+34 612 000 104', e164: '+34612000104' },
} as const;

/** Repeatable "random" numbers, so codes (and so screenshots) are the same on every run. */
class RepeatableRandom implements RandomSource {
  private n = 17;
  int(maxExclusive: number): number {
    this.n = (this.n * 48_271 + 12_345) % 2_147_483_647;
    return this.n % maxExclusive;
  }
  bytes(length: number): Buffer {
    return Buffer.from(Array.from({ length }, () => this.int(256)));
  }
}

export interface Kiosk {
  harness: Harness;
  url: string;
  /** Opens the kiosk page, waits for the first screen, then stops the page's clock. */
  open(): Promise<void>;
  /**
   * Moves the kiosk's clock and the page's clock on by `ms`, firing what falls due on both
   * sides (code expiry, idle sign-out, cooldowns) at once.
   */
  advance(ms: number): Promise<void>;
  /** The code in the `nth` SMS (1 = first) sent to `e164`, waiting for it to arrive. */
  code(e164: string, nth?: number): Promise<string>;
  /** Every SMS the simulated modem sent so far. */
  inbox(e164?: string): ReceivedMessage[];
  setPolicy(patch: Partial<Policy>): void;
  /** Pulls the modem's USB plug; replugModem puts it back (the device reconnects by itself). */
  unplugModem(): void;
  replugModem(): void;
}

export interface KioskOptions {
  /**
   * Start with an empty registry (no sample staff): the page opens on the first-run setup
   * wizard, and open() waits for it instead of the number field.
   * `test.use({ emptyDatabase: true })`.
   */
  emptyDatabase: boolean;
}

export const test = base.extend<{ kiosk: Kiosk } & KioskOptions>({
  emptyDatabase: [false, { option: true }],
  kiosk: async ({ page, emptyDatabase }, use, testInfo) => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
    const scheduler = new AdjustableScheduler(START, { realTime: false });
    const logs: string[] = [];
    const harness = await startHarness({
      dbPath: join(dir, 'kiosk.db'),
      scheduler,
      minResponseMs: 0,
      random: new RepeatableRandom(),
      log: (line) => logs.push(line),
      seed: !emptyDatabase,
    });
    const { app } = harness;
    const simulator = app.simulator!;
    const port = app.simulatorPort!;

    const kiosk: Kiosk = {
      harness,
      url: harness.url,
      async open() {
        await page.goto(harness.url);
        await expect(
          page.getByTestId(emptyDatabase ? 'setup-wizard' : 'phone-input'),
        ).toBeVisible();
        await page.clock.pauseAt(START);
      },
      async advance(ms) {
        scheduler.advance(ms);
        await page.clock.fastForward(ms);
      },
      code(e164, nth = 1) {
        const extract = (message: ReceivedMessage) => {
          const found = /\b\d{6,8}\b/.exec(message.text);
          if (!found) throw new Error(`no code in the SMS to ${e164}: ${message.text}`);
          return found[0];
        };
        const have = simulator.inbox(e164)[nth - 1];
        if (have) return Promise.resolve(extract(have));
        return new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => {
            simulator.off('message', onMessage);
            reject(new Error(`SMS ${nth} to ${e164} did not arrive`));
          }, 5_000);
          const onMessage = () => {
            const message = simulator.inbox(e164)[nth - 1];
            if (!message) return;
            clearTimeout(timer);
            simulator.off('message', onMessage);
            resolve(extract(message));
          };
          simulator.on('message', onMessage);
        });
      },
      inbox: (e164) => simulator.inbox(e164),
      setPolicy: (patch) => void app.services.config.updatePolicy(patch, 'e2e'),
      unplugModem: () => port.binding.unplug(port.path),
      replugModem: () => port.binding.replug(port.path),
    };

    // The page loads with its clock running (ten minutes early, so that loading never gets past
    // START even on a busy machine), and open() stops it at START, where the kiosk's clock stands.
    await page.addInitScript(keepRealTimers);
    await page.clock.install({ time: START - 600_000 });
    try {
      await use(kiosk);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus && logs.length) {
        await testInfo.attach('kiosk-log', { body: logs.join('\n'), contentType: 'text/plain' });
      }
      await page.close();
      await harness.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

export { expect };

/** Opens the kiosk and waits for the first screen (see Kiosk.open). */
export async function openKiosk(_page: Page, kiosk: Kiosk): Promise<void> {
  await kiosk.open();
}
