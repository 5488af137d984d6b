// The CLI keeps the last-manager rule: disable, set-role and import refuse to leave the site with
// no active manager unless --force, which prints a warning.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliCaptured } from '../../support/cli';

let dir: string;
let db: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-cli-mgr-'));
  db = join(dir, 'kiosk.db');
  await cli('users', 'add', '--employee-id', 'M1', '--name', 'Maria', '--role', 'manager');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function cli(...argv: string[]) {
  return runCliCaptured(['--db', db, ...argv]);
}

async function status() {
  const [m] = JSON.parse((await cli('users', 'list', '--json')).out) as Array<{
    role: string;
    status: string;
  }>;
  return `${m!.role}/${m!.status}`;
}

describe('the last manager from the CLI', () => {
  it('refuses users disable and set-role without --force', async () => {
    for (const argv of [
      ['users', 'disable', 'M1'],
      ['users', 'set-role', 'M1', 'worker'],
    ]) {
      const refused = await cli(...argv);
      expect(refused.code, argv.join(' ')).toBe(1);
      expect(refused.err).toMatch(/no active manager left.*--force/);
    }
    expect(await status()).toBe('manager/active');
  });

  it('allows it with --force and prints a warning', async () => {
    const forced = await cli('users', 'disable', 'M1', '--force');
    expect(forced.code).toBe(0);
    expect(forced.err).toMatch(/^WARNING: the site has no active manager now/);
    expect(await status()).toBe('manager/disabled');
    expect((await cli('users', 'enable', 'M1')).code).toBe(0);
    const demoted = await cli('users', 'set-role', 'M1', 'worker', '--force');
    expect(demoted.err).toMatch(/WARNING/);
    expect(await status()).toBe('worker/active');
  });

  it('judges an import by the whole file', async () => {
    const csv = join(dir, 'staff.csv');
    writeFileSync(csv, 'employee_id,name,status\nM1,Maria,disabled\n');
    const refused = await cli('users', 'import', csv);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/Cannot import this file: the site would have no active manager/);
    expect(await status()).toBe('manager/active');
    const forced = await cli('users', 'import', csv, '--force');
    expect(forced.err).toMatch(/WARNING/);
    expect(await status()).toBe('manager/disabled');
  });
});

describe('users unlock-enrolment', () => {
  it("clears this kiosk's self-registration lock, audited", async () => {
    const result = await cli('users', 'unlock-enrolment', '--kiosk', 'kiosk-1');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/self-registration on kiosk-1 was not locked/);
  });
});
