// `npm start`: fetch the Electron runtime on first start (where the machine can download it),
// then build and launch the kiosk. Where it cannot be fetched, say so and what to use instead.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    return require('electron'); // the package exports the path of the downloaded binary
  } catch {
    return undefined;
  }
}

let binary = electronBinary();
if (!binary) {
  console.log('Fetching the Electron runtime (first start only)...');
  const fetched = spawnSync(process.execPath, [require.resolve('electron/install.js')], {
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' },
  });
  binary = fetched.status === 0 ? electronBinary() : undefined;
}
if (!binary) {
  console.error(`
The Electron runtime could not be downloaded on this machine (no internet access to its
release files), so the kiosk window cannot open here.

What you can do instead:
  - manage staff, policy and logs with the admin tool:  npm run -s cli -- help
  - run npm start on a machine that can reach the Electron downloads.
`);
  process.exit(1);
}

const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(binary, ['.'], { stdio: 'inherit' });
process.exit(run.status ?? 0);
