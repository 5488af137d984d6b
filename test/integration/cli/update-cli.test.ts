import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliCaptured } from '../../support/cli';
import { APP_VERSION, installCommand } from '../../../src/main/cli/update-commands';

let dir: string;
let db: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-update-cli-'));
  db = join(dir, 'kiosk.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function cli(...argv: string[]) {
  return runCliCaptured(['--db', db, ...argv]);
}

describe('update commands: vendor signs, site verifies and installs', () => {
  it('keygen → sign → trust → verify → install (staged) → audit; tampering refused', async () => {
    const keys = join(dir, 'vendor');
    expect((await cli('update', 'keygen', '--out', keys)).code).toBe(0);
    const payload = join(dir, 'sms-kiosk-sign-in_99.0.0_amd64.deb');
    writeFileSync(payload, 'a deb');
    const bundle = join(dir, 'bundle');
    const signed = await cli(
      'update',
      'sign',
      '--key',
      `${keys}.key.pem`,
      '--version',
      '99.0.0',
      '--out',
      bundle,
      payload,
    );
    expect(signed).toMatchObject({ code: 0 });

    // No key yet: refused.
    expect(await cli('update', 'verify', bundle)).toMatchObject({ code: 1 });
    const trusted = await cli('update', 'trust', `${keys}.pub.pem`);
    expect(trusted.out).toMatch(/fingerprint [0-9a-f]{4} /);

    const ok = await cli('update', 'verify', bundle);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.out).toContain(`OK: version 99.0.0 (installed ${APP_VERSION})`);

    const installed = await cli('update', 'install', bundle);
    expect(installed.code).toBe(0);
    expect(installed.out).toContain('to install run: dpkg -i ');
    expect(installed.out).toContain('verified and staged at');

    appendFileSync(join(bundle, 'sms-kiosk-sign-in_99.0.0_amd64.deb'), 'tampered');
    const refused = await cli('update', 'install', bundle);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^REFUSED \(payload_mismatch\): .*Nothing was installed/);

    const audit = await cli('logs', 'export', '--audit');
    expect(audit.out).toContain('update.key_trusted');
    expect(audit.out).toContain('update.staged');
    expect(audit.out).toContain('update.refused');
  });

  it('knows the installer of each payload kind', () => {
    expect(installCommand('/s/x.deb')).toEqual({ command: 'dpkg', args: ['-i', '/s/x.deb'] });
    expect(installCommand('C:/s/Setup.exe')).toEqual({ command: 'C:/s/Setup.exe', args: ['/S'] });
    expect(installCommand('/s/x.AppImage')).toBeNull();
  });

  it('explains its usage', async () => {
    expect((await cli('update', 'sign')).code).toBe(2);
    expect((await cli('help')).out).toContain('update install DIR [--apply]');
  });
});
