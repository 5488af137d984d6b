// `npm run package [-- --linux | --win | --mac] [more electron-builder flags]`: build the app and
// package it with electron-builder (electron-builder.config.mjs): AppImage + deb on Linux, NSIS
// on Windows, fuses flipped in packaging/after-pack.mjs. electron-builder downloads the
// Electron runtime for each target; where that download cannot work, say so before building.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

const DEFAULT_MIRROR = 'https://github.com/electron/electron/releases/download/';

/** Where electron-builder (through @electron/get) fetches the runtime; ELECTRON_MIRROR wins. */
export function electronZipUrl(version, platform, arch, env = {}) {
  const mirror = env.ELECTRON_MIRROR || DEFAULT_MIRROR;
  const dir = env.ELECTRON_CUSTOM_DIR || `v${version}`;
  const base = mirror.endsWith('/') ? mirror : `${mirror}/`;
  return `${base}${dir}/electron-v${version}-${platform}-${arch}.zip`;
}

/** electron-builder's target flags: the caller's, else this machine's platform. */
export function builderArgs(argv, platform) {
  const targets = ['--linux', '--win', '--mac', '-l', '-w', '-m'];
  if (argv.some((arg) => targets.includes(arg))) return argv;
  const host = { linux: '--linux', win32: '--win', darwin: '--mac' }[platform] ?? '--linux';
  return [host, ...argv];
}

/** Can the runtime be fetched? `{ ok: true }` or `{ ok: false, reason }`, never a throw. */
export async function probeRuntime(url, { fetchImpl = fetch, timeoutMs = 15_000 } = {}) {
  try {
    const response = await fetchImpl(url, {
      method: 'HEAD',
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.ok) return { ok: true };
    return { ok: false, reason: `HTTP ${response.status}` };
  } catch (error) {
    const cause = error?.cause?.code ?? error?.cause?.message ?? error?.message ?? String(error);
    return { ok: false, reason: String(cause) };
  }
}

export function cannotPackageMessage(url, reason) {
  return `
npm run package cannot build the installers on this machine: electron-builder has to
download the Electron runtime for each target, and this machine cannot reach it
  ${url}
  (${reason})

Nothing was built. What you can do:
  - run npm run package on a machine that can reach the Electron downloads (or set
    ELECTRON_MIRROR to a mirror on your network that holds electron-v*-<platform>-<arch>.zip);
  - try the kiosk in a browser here (simulated modem and phones):  npm run demo:web
  - check the build itself:                                         npm run -s build
`;
}

function run(command, args) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function main() {
  const version = require('electron/package.json').version;
  const url = electronZipUrl(version, process.platform, process.arch, process.env);
  const probe = await probeRuntime(url);
  if (!probe.ok) {
    console.error(cannotPackageMessage(url, probe.reason));
    process.exit(1);
  }
  run('npx', ['electron-vite', 'build']);
  run('npx', [
    'electron-builder',
    '--config',
    'electron-builder.config.mjs',
    ...builderArgs(process.argv.slice(2), process.platform),
  ]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
