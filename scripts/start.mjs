// `npm start [-- --windowed] [-- --modem=/dev/ttyUSB2] [-- --demo]`: fetch the Electron runtime
// on first start (where the machine can download it), build better-sqlite3 for Electron's ABI
// into .electron-native/, build the app and launch the kiosk. Where the runtime cannot be
// fetched, say so and what to use instead. See docs/ELECTRON.md.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { ensureElectronSqlite } from './electron-native.mjs';
import { electronArgs, electronEnv } from './start-args.mjs';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    return require('electron'); // the package exports the path of the downloaded binary
  } catch {
    return undefined;
  }
}

function lastLine(text) {
  return (
    String(text ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('at '))
      .pop() ?? ''
  );
}

let binary = electronBinary();
if (!binary) {
  console.log('Fetching the Electron runtime (first start only)...');
  const fetched = spawnSync(process.execPath, [require.resolve('electron/install.js')], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' },
  });
  binary = fetched.status === 0 ? electronBinary() : undefined;
  if (!binary && fetched.stderr) console.error(`  (${lastLine(fetched.stderr)})`);
}
if (!binary) {
  console.error(`
The Electron runtime could not be downloaded on this machine (no internet access to its
release files), so the kiosk window cannot open here.

What you can do instead:
  - try the whole kiosk in a browser (simulated modem and phones):  npm run demo:web
  - manage staff, policy and logs with the admin tool:               npm run -s cli -- help
  - run npm start on a machine that can reach the Electron downloads.
`);
  process.exit(1);
}

// Electron's own build of better-sqlite3, kept apart from the Node build the tests use.
let nativeBinding;
try {
  nativeBinding = ensureElectronSqlite();
} catch (error) {
  console.error(`
${error instanceof Error ? error.message : error}

The kiosk needs better-sqlite3 built for Electron. Fix the above and run npm start again, or
use npm run demo:web, which runs on plain Node.
`);
  process.exit(1);
}

const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const run = spawnSync(binary, electronArgs(process.argv.slice(2)), {
  stdio: 'inherit',
  env: electronEnv(process.env, nativeBinding),
});
process.exit(run.status ?? 0);
