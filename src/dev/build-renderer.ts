// Builds the renderer into out/renderer when it is missing or older than its sources, with the
// renderer section of electron.vite.config.ts (the very config `npm run build` uses), so the
// harness serves the same files the Electron app loads.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '..', '..');
export const RENDERER_OUT = join(PROJECT_ROOT, 'out', 'renderer');

/** What the built renderer depends on. */
const SOURCES = [
  'src/renderer',
  'src/shared',
  'electron.vite.config.ts',
  'package.json',
  'package-lock.json',
];

function newestMtime(path: string): number {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export function rendererIsStale(root = PROJECT_ROOT): boolean {
  const built = newestMtime(join(root, 'out', 'renderer', 'index.html'));
  if (built === 0) return true;
  return SOURCES.some((source) => newestMtime(join(root, source)) > built);
}

/** Returns true when it had to build. */
export async function ensureRendererBuilt(
  options: { force?: boolean; quiet?: boolean } = {},
): Promise<boolean> {
  if (!options.force && !rendererIsStale()) return false;
  const { resolveConfig } = await import('electron-vite');
  const { build } = await import('vite');
  const resolved = await resolveConfig(
    { root: PROJECT_ROOT, logLevel: options.quiet ? 'warn' : 'info' },
    'build',
    'production',
  );
  const renderer = resolved.config?.renderer;
  if (!renderer) throw new Error('electron.vite.config.ts has no renderer section');
  await build({ ...renderer, logLevel: options.quiet ? 'warn' : 'info' });
  return true;
}
