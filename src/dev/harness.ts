// The browser harness as a function: the kiosk's main-process services (createKioskApp, demo
// mode) behind the HTTP/SSE transport. `npm run demo:web` (demo-web.ts) and the end-to-end tests
// (test/e2e) both start it through here.
import { createKioskApp, type KioskApp, type KioskAppOptions } from '../main/kiosk-app';
import type { ImportReport } from '../main/registry/staff-csv';
import { RENDERER_OUT } from './build-renderer';
import { seedDemo } from './demo-seed';
import { startWebServer, type WebServer } from './web-server';

export interface HarnessOptions extends Pick<
  KioskAppOptions,
  'scheduler' | 'simulatorProfile' | 'minResponseMs' | 'random' | 'log'
> {
  dbPath: string;
  /** A real modem instead of the simulator. */
  modemPort?: string;
  /** HTTP port on 127.0.0.1; 0 (default) picks a free one. */
  httpPort?: number;
  rendererDir?: string;
  /**
   * Import the sample staff into an empty registry (default true). false leaves the registry
   * empty, so the kiosk opens on the first-run setup wizard.
   */
  seed?: boolean;
}

export interface Harness {
  app: KioskApp;
  server: WebServer;
  url: string;
  /** Set when the sample staff were imported into an empty registry. */
  seeded?: ImportReport;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const app = await createKioskApp({
    dbPath: options.dbPath,
    modemPort: options.modemPort,
    demo: true,
    scheduler: options.scheduler,
    // The simulated SIM knows its own number (AT+CNUM), so text-to-sign-in works in the demo.
    simulatorProfile: { ownNumber: '+358450000000', ...options.simulatorProfile },
    minResponseMs: options.minResponseMs,
    random: options.random,
    log: options.log,
  });
  let server: WebServer;
  let seeded: ImportReport | undefined;
  try {
    // The sample numbers look real: never seed them when a real modem would text them.
    if (app.simulator && options.seed !== false) seeded = seedDemo(app.services);
    server = await startWebServer({
      app,
      rendererDir: options.rendererDir ?? RENDERER_OUT,
      port: options.httpPort ?? 0,
      log: options.log,
    });
  } catch (error) {
    await app.close();
    throw error;
  }
  return {
    app,
    server,
    url: server.url,
    seeded,
    async close() {
      await server.close();
      await app.close();
    },
  };
}
