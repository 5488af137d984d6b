// `modem balance` on a real database file: shows, sets (validated, audited) and turns off the
// scheduled balance check the kiosk reads at start.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliCaptured } from '../../support/cli';
import { openCoreServices } from '../../../src/main/services';
import { readBalanceSettings } from '../../../src/main/modem-host';

let dir: string;
let db: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-balance-'));
  db = join(dir, 'kiosk.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function cli(...argv: string[]) {
  return runCliCaptured(['--db', db, 'modem', 'balance', ...argv]);
}

function saved() {
  const core = openCoreServices(db);
  try {
    return {
      settings: readBalanceSettings(core.db, () => undefined),
      audit: core.audit.list().filter((r) => r.action === 'modem.balance'),
    };
  } finally {
    core.close();
  }
}

it('sets, shows and turns off the balance check, auditing each change', async () => {
  expect(await cli()).toMatchObject({ code: 0, out: 'No balance check is set.' });
  const set = await cli(
    '--code',
    '*100#',
    '--low-below',
    '5',
    '--pattern',
    'Saldo (?<amount>\\S+)',
  );
  expect(set.code).toBe(0);
  expect(saved().settings).toEqual({
    code: '*100#',
    lowBelow: 5,
    pattern: 'Saldo (?<amount>\\S+)',
    intervalMinutes: 1440,
  });
  expect((await cli()).out).toContain('"code":"*100#"');
  expect((await cli('--off')).out).toBe('The balance check is off.');
  const after = saved();
  expect(after.settings).toBeUndefined();
  expect(after.audit).toHaveLength(2);
});

it('refuses settings that could not work', async () => {
  expect((await cli('--code', 'balance', '--low-below', '5')).code).toBe(2);
  expect((await cli('--code', '*100#')).code).toBe(2);
  expect((await cli('--code', '*100#', '--low-below', '5', '--pattern', '(')).err).toContain(
    'The reply pattern is not a valid regular expression',
  );
  expect(saved().settings).toBeUndefined();
});
