import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module without type declarations
import builderConfig from '../../../electron-builder.config.mjs';

const read = (name: string) => readFileSync(join('deploy/linux', name), 'utf8');

/** A systemd unit file as sections of key → values (a key may repeat). */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | null = null;
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[([A-Za-z]+)\]$/.exec(line);
    if (section) {
      current = new Map();
      sections.set(section[1]!, current);
      continue;
    }
    const pair = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(line);
    if (!pair || !current)
      throw new Error(`line ${index + 1} is not key=value in a section: ${raw}`);
    current.set(pair[1]!, [...(current.get(pair[1]!) ?? []), pair[2]!]);
  }
  return sections;
}

describe('deploy/linux/sms-kiosk.service', () => {
  const unit = parseUnit(read('sms-kiosk.service'));
  const get = (section: string, key: string) => unit.get(section)?.get(key) ?? [];

  it('has the three sections and nothing else', () => {
    expect([...unit.keys()]).toEqual(['Unit', 'Service', 'Install']);
  });

  it('runs the kiosk under cage, without VT switching, as the kiosk user', () => {
    const [exec] = get('Service', 'ExecStart');
    expect(exec).toMatch(/^\/usr\/bin\/cage (-\w+ )*-- \/usr\/bin\/sms-kiosk-sign-in( |$)/);
    expect(exec!.split(' -- ')[0]).not.toMatch(/ -s\b/);
    expect(get('Service', 'User')).toEqual(['kiosk']);
    expect(get('Service', 'PAMName')).toEqual(['login']);
    expect(get('Service', 'TTYPath')).toEqual(['/dev/tty1']);
    expect(get('Unit', 'Conflicts')).toEqual(['getty@tty1.service']);
    expect(get('Service', 'Environment')).toContain('KIOSK_DB=/var/lib/sms-kiosk/kiosk.db');
  });

  it('starts at boot and restarts whatever the exit, without a start limit', () => {
    expect(get('Install', 'WantedBy')).toEqual(['graphical.target']);
    expect(get('Service', 'Restart')).toEqual(['always']);
    expect(Number(get('Service', 'RestartSec')[0])).toBeGreaterThan(0);
    expect(get('Unit', 'StartLimitIntervalSec')).toEqual(['0']);
  });

  it('the parser rejects a broken unit (so the checks above mean something)', () => {
    expect(() => parseUnit('ExecStart=/x')).toThrow(/not key=value in a section/);
    expect(() => parseUnit('[Service]\nRestart always')).toThrow();
  });
});

/** One udev rule line as its key/operator/value triples. */
function parseRule(line: string) {
  const parts: Array<{ key: string; op: string; value: string }> = [];
  const pattern = /\s*([A-Z_]+(?:\{[^}]+\})?)\s*(==|!=|\+=|-=|:=|=)\s*"([^"]*)"\s*(,|$)/gy;
  let match: RegExpExecArray | null;
  let end = 0;
  while ((match = pattern.exec(line))) {
    parts.push({ key: match[1]!, op: match[2]!, value: match[3]! });
    end = pattern.lastIndex;
    if (match[4] === '') break;
  }
  if (end !== line.length) throw new Error(`cannot parse udev rule: ${line}`);
  return parts;
}

describe('deploy/linux/70-sms-kiosk-modem.rules', () => {
  const lines = read('70-sms-kiosk-modem.rules')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'));
  const rules = lines.map(parseRule);
  const KNOWN_KEYS =
    /^(ACTION|SUBSYSTEM|SUBSYSTEMS|KERNEL|ATTRS\{\w+\}|ENV\{\w+\}|GROUP|MODE|SYMLINK|GOTO|LABEL|TAG)$/;

  it('parses: known keys, match operators only on match keys', () => {
    for (const rule of rules) {
      for (const { key, op } of rule) {
        expect(key).toMatch(KNOWN_KEYS);
        if (
          ['ACTION', 'SUBSYSTEM', 'SUBSYSTEMS', 'KERNEL'].includes(key) ||
          key.startsWith('ATTRS')
        )
          expect(['==', '!=']).toContain(op);
        if (['GROUP', 'MODE', 'GOTO', 'LABEL'].includes(key)) expect(op).toBe('=');
      }
    }
    expect(() => parseRule('SUBSYSTEM=="tty" GROUP="x"')).toThrow();
  });

  it('tells ModemManager to ignore the modem, for every vendor it matches', () => {
    const ignore = rules.find((rule) =>
      rule.some((p) => p.key === 'ENV{ID_MM_DEVICE_IGNORE}' && p.op === '=' && p.value === '1'),
    );
    expect(ignore).toBeDefined();
    const vendors = (rule: typeof ignore) =>
      rule!.find((p) => p.key === 'ATTRS{idVendor}')!.value.split('|');
    const port = rules.find((rule) => rule.some((p) => p.key === 'SYMLINK'))!;
    expect(vendors(ignore)).toEqual(vendors(port));
    expect(vendors(ignore)).toEqual(expect.arrayContaining(['12d1', '19d2', '2c7c', '1199']));
  });

  it('gives the tty ports a stable name and the dialout group', () => {
    const port = rules.find((rule) => rule.some((p) => p.key === 'SYMLINK'))!;
    expect(port).toEqual(
      expect.arrayContaining([
        { key: 'SUBSYSTEM', op: '==', value: 'tty' },
        { key: 'GROUP', op: '=', value: 'dialout' },
        { key: 'SYMLINK', op: '+=', value: 'kiosk-modem-if$env{ID_USB_INTERFACE_NUM}' },
      ]),
    );
  });

  it('every GOTO has its LABEL, and it runs before ModemManager reads it (80-mm-*)', () => {
    const gotos = rules
      .flat()
      .filter((p) => p.key === 'GOTO')
      .map((p) => p.value);
    const labels = rules
      .flat()
      .filter((p) => p.key === 'LABEL')
      .map((p) => p.value);
    for (const target of gotos) expect(labels).toContain(target);
    expect(Number('70-sms-kiosk-modem.rules'.split('-')[0])).toBeLessThan(80);
  });
});

describe('shipped in the deb', () => {
  it('the unit and the rule go in with the app, the scripts install them', () => {
    expect(builderConfig.linux.extraFiles).toEqual([
      {
        from: 'deploy/linux',
        to: 'deploy/linux',
        filter: ['sms-kiosk.service', '70-sms-kiosk-modem.rules'],
      },
    ]);
    expect(builderConfig.deb.depends).toContain('cage');
    const install = read('after-install.sh');
    expect(install).toContain('/etc/systemd/system/sms-kiosk.service');
    expect(install).toContain('/etc/udev/rules.d/70-sms-kiosk-modem.rules');
    expect(install).toContain('systemctl enable sms-kiosk.service');
    expect(builderConfig.deb.afterInstall).toBe('deploy/linux/after-install.sh');
    expect(builderConfig.deb.afterRemove).toBe('deploy/linux/after-remove.sh');
  });

  for (const script of ['after-install.sh', 'after-remove.sh']) {
    it(`${script} is valid bash once electron-builder fills in its macros`, () => {
      // electron-builder's own substitution (FpmTarget writeConfigFile): an unknown ${name} fails.
      const macros: Record<string, string> = {
        executable: 'sms-kiosk-sign-in',
        sanitizedProductName: 'SMS Kiosk Sign-In',
      };
      const filled = read(script).replace(/\$\{([a-zA-Z]+)\}/g, (_m, name: string) => {
        if (!(name in macros)) throw new Error(`Macro ${name} is not defined`);
        return macros[name]!;
      });
      expect(filled).not.toContain('${');
      const file = join(mkdtempSync(join(tmpdir(), 'kiosk-deb-')), script);
      writeFileSync(file, filled);
      const check = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
    });
  }

  it('after-remove.sh does nothing during an upgrade', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-deb-'));
    const file = join(dir, 'after-remove.sh');
    writeFileSync(file, read('after-remove.sh').replaceAll('${executable}', 'sms-kiosk-test-none'));
    const run = spawnSync('bash', [file, 'upgrade', '0.1.0'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });
});
