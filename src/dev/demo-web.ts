// `npm run demo:web [-- --db PATH] [--port MODEM_PATH] [--http-port N] [--rebuild]`
//
// Runs the kiosk's main-process services in plain Node and serves the built renderer on
// 127.0.0.1, for machines where the Electron runtime cannot run (headless build machines) and
// for anyone who wants to try the flow. With no --port the modem is the simulator, and the page
// shows a "virtual phone" with every SMS it received. Never part of the packaged app.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { ensureRendererBuilt, PROJECT_ROOT } from './build-renderer';
import { startHarness } from './harness';

const USAGE = `Usage: npm run demo:web [-- --db PATH] [--empty] [--port MODEM_PATH] [--http-port N] [--rebuild]

  --db PATH          kiosk database (default: .data/demo-web.db, made on first run with the
                     sample staff of resources/sample-staff.csv)
  --empty            no sample staff: the kiosk opens on the first-run setup wizard (default
                     database .data/demo-web-empty.db, or --db PATH)
  --port MODEM_PATH  a real GSM modem (e.g. /dev/ttyUSB2) instead of the simulator
  --http-port N      port on 127.0.0.1 (default 5180; 0 picks a free one)
  --rebuild          build the renderer even if out/renderer looks current`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        db: { type: 'string' },
        port: { type: 'string' },
        'http-port': { type: 'string' },
        rebuild: { type: 'boolean' },
        empty: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const httpPort = Number(values['http-port'] ?? 5180);
  if (!Number.isInteger(httpPort) || httpPort < 0 || httpPort > 65535) {
    console.error(`--http-port needs a port number\n\n${USAGE}`);
    return 2;
  }

  if (await ensureRendererBuilt({ force: values.rebuild })) console.log('Renderer built.');

  const empty = values.empty === true;
  // A database of its own, so --empty never finds the sample staff of an earlier run.
  const dbPath =
    values.db ?? join(PROJECT_ROOT, '.data', empty ? 'demo-web-empty.db' : 'demo-web.db');
  const harness = await startHarness({
    dbPath,
    modemPort: values.port,
    httpPort,
    seed: !empty,
    // A simulated network that takes a moment, like a real one (a real modem: 1–6 s a message).
    simulatorProfile: { networkDelayMs: 700, autoStatusReportMs: 1_500 },
    log: (line) => console.warn(line),
  });
  const { app } = harness;
  if (harness.seeded) {
    console.log(
      `New demo database: imported ${harness.seeded.added} people from resources/sample-staff.csv.`,
    );
  }

  console.log(`
SMS Kiosk Sign-In, browser harness (not the packaged app)
  database:  ${dbPath}
  modem:     ${app.simulator ? 'simulator (codes appear on the virtual phone)' : values.port}
  kiosk id:  ${app.kioskId}

  Open ${harness.url} in a browser.`);
  if (empty && app.services.registry.users.count() === 0) {
    console.log('  Empty registry: the page opens on the first-run setup wizard.');
  }
  if (app.simulator) {
    const people = app.services.registry
      .list()
      .filter((u) => u.status === 'active' && u.phone)
      .slice(0, 4);
    if (people.length) {
      console.log('  Try one of:');
      for (const p of people) console.log(`    ${p.phone}  ${p.displayName}`);
    }
  }
  console.log('\n  Ctrl-C stops it.');

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log('\nStopping…');
  await harness.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
      console.error(
        'demo:web: that port is in use; pick another with --http-port N (0: any free one)',
      );
    } else console.error(`demo:web failed: ${(error as Error)?.stack ?? error}`);
    process.exit(1);
  },
);
