// Builds better-sqlite3 for Electron's ABI into .electron-native/ (git-ignored), next to the
// Node build in node_modules that the tests and the CLI keep using. The Electron main process
// loads it through better-sqlite3's `nativeBinding` option (src/main/index.ts).
//
// First a prebuilt binary for this Electron version (prebuild-install, from better-sqlite3's
// GitHub releases), else a source build with node-gyp against Electron's headers. Both need
// the internet, which any machine that could download the Electron runtime has.
//
//   node scripts/electron-native.mjs                 build for the installed electron package
//   node scripts/electron-native.mjs --runtime=node --target=v20.19.0 --nodedir=/usr --out=DIR
//                                                    (checks the source build offline)
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const NATIVE_DIR = join(root, '.electron-native');
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

/** Where the Electron build of better_sqlite3.node goes (src/main/index.ts looks there too). */
export function nativeBindingPath(outDir = NATIVE_DIR) {
  return join(outDir, 'better-sqlite3', 'better_sqlite3.node');
}

function packageVersion(name) {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
}

function run(command, args, cwd, log) {
  log(`  $ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: process.env });
  return result.status === 0;
}

function nodeGypScript() {
  // npm runs scripts with npm_config_node_gyp pointing at its own node-gyp.
  const candidates = [
    process.env.npm_config_node_gyp,
    join(
      dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  ];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    return undefined;
  }
}

/**
 * Makes sure the Electron-ABI better-sqlite3 exists and matches the installed versions; returns
 * its path. Throws with a readable message when neither a prebuilt binary nor a build worked.
 */
export function ensureElectronSqlite(options = {}) {
  const log = options.log ?? ((line) => console.log(line));
  const runtime = options.runtime ?? 'electron';
  const target = (options.target ?? packageVersion('electron')).replace(/^v/, '');
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const outDir = resolve(options.outDir ?? NATIVE_DIR);
  const binding = nativeBindingPath(outDir);
  const stampFile = join(outDir, 'better-sqlite3', 'build.json');
  const stamp = JSON.stringify({
    betterSqlite3: packageVersion('better-sqlite3'),
    runtime,
    target,
    platform,
    arch,
  });

  if (existsSync(binding) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    return binding;
  }

  log(`Building better-sqlite3 for ${runtime} ${target} (${platform}-${arch}) into ${outDir} ...`);
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  const work = join(outDir, 'work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  // A private copy of the package, so node_modules keeps its Node build for the tests.
  const skipped = [join(source, 'build'), join(source, 'node_modules')];
  cpSync(source, work, {
    recursive: true,
    filter: (path) => !skipped.some((dir) => path === dir || path.startsWith(dir + sep)),
  });
  const built = join(work, 'build', 'Release', 'better_sqlite3.node');

  let ok = false;
  if (runtime === 'electron' && !options.sourceOnly) {
    const prebuild = require.resolve('prebuild-install/bin.js', { paths: [source] });
    ok =
      run(
        process.execPath,
        [
          prebuild,
          `--runtime=${runtime}`,
          `--target=${target}`,
          `--platform=${platform}`,
          `--arch=${arch}`,
        ],
        work,
        log,
      ) && existsSync(built);
    if (!ok) log('No prebuilt binary for this Electron; building from source with node-gyp.');
  }
  if (!ok) {
    const gyp = nodeGypScript();
    if (!gyp) throw new Error('node-gyp was not found (it comes with npm).');
    const args = [gyp, 'rebuild', '--release', `--target=${target}`, `--arch=${arch}`];
    if (runtime === 'electron')
      args.push('--runtime=electron', `--dist-url=${ELECTRON_HEADERS_URL}`);
    if (options.nodedir) args.push(`--nodedir=${options.nodedir}`);
    ok = run(process.execPath, args, work, log) && existsSync(built);
  }
  if (!ok) {
    throw new Error(
      `better-sqlite3 could not be built for ${runtime} ${target}. It needs the internet (prebuilt ` +
        `binaries or ${runtime} headers) and, for a source build, python3, make and a C++20 compiler.`,
    );
  }

  mkdirSync(dirname(binding), { recursive: true });
  copyFileSync(built, binding);
  writeFileSync(stampFile, stamp);
  rmSync(work, { recursive: true, force: true });
  log(`better-sqlite3 for ${runtime}: ${binding}`);
  return binding;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const flag = (name) =>
    process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  try {
    const path = ensureElectronSqlite({
      runtime: flag('runtime'),
      target: flag('target'),
      nodedir: flag('nodedir'),
      outDir: flag('out'),
      sourceOnly: process.argv.includes('--source'),
    });
    console.log(path);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
