// The items of Electron's security checklist that no other test covers, and a check that the
// table in docs/ELECTRON.md names, for all 20 items, a test that exists.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../shell/fake-electron'));

import * as electron from '../shell/fake-electron';
import { CONTENT_SECURITY_POLICY } from '../../../src/shared/csp';
import {
  createMainWindow,
  openResourceWindow,
  resourcePartition,
  secureWebPreferences,
} from '../../../src/main/window';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mjs|js)$/.test(name) ? [path] : [];
  });
}

describe('Electron security checklist: items without a test elsewhere', () => {
  it('#1 only secure content: the kiosk page is local, and its CSP lets it load nothing remote', () => {
    createMainWindow({ windowed: false, devTools: false, outDir: '/opt/kiosk/out' });
    const window = electron.BrowserWindow.instances.at(-1)!;
    expect(window.loadURL).toHaveBeenCalledWith('app://kiosk/index.html');
    for (const directive of CONTENT_SECURITY_POLICY.split(';')) {
      expect(directive).not.toMatch(/https?:|wss?:|\*/);
    }
    expect(openResourceWindow('ftp://files.example/', resourcePartition('x'))).toBeNull();
  });

  it('#10 enableBlinkFeatures is never set, on any window', () => {
    const prefs = [
      secureWebPreferences({ devTools: false, preload: '/p.js' }),
      secureWebPreferences({ devTools: false, partition: 'kiosk-resources-x' }),
    ];
    for (const p of prefs) {
      expect(p).not.toHaveProperty('enableBlinkFeatures');
      expect(p).not.toHaveProperty('disableBlinkFeatures');
      expect(p.experimentalFeatures).toBe(false);
    }
    const sources = sourceFiles('src').map((file) => readFileSync(file, 'utf8'));
    expect(sources.filter((text) => /enableBlinkFeatures/.test(text))).toEqual([]);
  });

  it('#15 shell.openExternal is never called (resources open in a locked-down window)', () => {
    const offenders = sourceFiles('src').filter((file) =>
      /\bopenExternal\b|\bopenPath\b/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('#16 a current Electron: exactly pinned 45.x, installed as pinned, tests on its Node major', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const pinned: string = pkg.devDependencies.electron;
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Number(pinned.split('.')[0])).toBeGreaterThanOrEqual(45);
    const installed = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8'));
    expect(installed.version).toBe(pinned);
    // Electron 45 embeds Node 24: the main-process code is tested on the Node it runs on.
    expect(process.versions.node.split('.')[0]).toBe('24');
  });

  it('#20 the preload exposes one name, never ipcRenderer itself', () => {
    const preload = readFileSync('src/preload/index.ts', 'utf8');
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
  });
});

describe('docs/ELECTRON.md: the checklist table', () => {
  const doc = readFileSync('docs/ELECTRON.md', 'utf8');
  const rows = doc
    .split('\n')
    .filter((line) => /^\| *\d+ *\|/.test(line))
    .map((line) => line.split('|').map((cell) => cell.trim()));

  it('has all 20 items, in order', () => {
    expect(rows.map((row) => Number(row[1]))).toEqual(
      Array.from({ length: 20 }, (_, index) => index + 1),
    );
  });

  it('names for every item a test file that exists and a test name found in it', () => {
    for (const row of rows) {
      const proof = row[4] ?? '';
      const refs = [...proof.matchAll(/`(test\/[^`]+\.test\.ts)` › "([^"]+)"/g)];
      expect(refs.length, `item ${row[1]} names no test`).toBeGreaterThan(0);
      for (const [, file, name] of refs) {
        // Test titles only (it('…')), not comments or assertions.
        const titles = [...readFileSync(file!, 'utf8').matchAll(/\bit\(\s*(['"`])(.*?)\1/gs)].map(
          (match) => match[2]!,
        );
        expect(
          titles.some((title) => title.includes(name!)),
          `item ${row[1]}: "${name}" in ${file}`,
        ).toBe(true);
      }
    }
  });
});
