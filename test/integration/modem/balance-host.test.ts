// The scheduled balance check wired into the ModemHost: with a balance code saved in the
// settings, the host checks the SIM's credit once the modem answers (here a UCS-2 reply from a
// simulated modem), the modem panel's balance field shows it with the low-balance alarm, and
// the log says so. Unusable settings are logged and leave the check off.
import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { writeSetting } from '../../../src/main/db/settings';
import { MODEM_BALANCE_SETTING, ModemHost } from '../../../src/main/modem-host';
import { ModemSimulator, SimulatorBinding } from '../../../src/main/modem/simulator';
import { openCoreServices, type CoreServices } from '../../../src/main/services';
import type { BalanceView } from '../../../src/shared/admin';

const opened: Array<{ core: CoreServices; host: ModemHost }> = [];
afterEach(async () => {
  for (const { core, host } of opened.splice(0)) {
    await host.close();
    core.db.close();
  }
});

async function start(setting: string | undefined) {
  const core = openCoreServices(':memory:', { secret: Buffer.alloc(32, 5) });
  if (setting !== undefined) writeSetting(core.db, MODEM_BALANCE_SETTING, setting);
  const binding = new SimulatorBinding();
  const path = `/dev/ttyUSB-bal${randomBytes(3).toString('hex')}`;
  const simulator = new ModemSimulator({
    ussdReplies: { '*100#': { text: 'Ваш баланс: 3,20 руб.', format: 'ucs2-hex' } },
  });
  binding.plug(path, simulator);
  const log: string[] = [];
  const host = await ModemHost.open({
    db: core.db,
    secret: core.secret,
    audit: core.audit,
    log: (line) => log.push(line),
    modemPort: path,
    serialBinding: binding,
  });
  opened.push({ core, host });
  return { host, log };
}

function nextBalance(host: ModemHost): Promise<BalanceView> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no balance check within 5 s')), 5_000);
    host.once('balance', (view) => {
      clearTimeout(timer);
      resolve(view);
    });
  });
}

it('checks the balance once the modem answers and raises the low-balance alarm', async () => {
  const { host, log } = await start(JSON.stringify({ code: '*100#', lowBelow: 5 }));
  const checked = nextBalance(host);
  await host.start();
  expect(await checked).toMatchObject({ amount: 3.2, low: true });
  expect(log).toContain('modem: low balance alarm: 3.2 is below 5');
  expect(host.balanceView()).toMatchObject({
    amount: 3.2,
    low: true,
    lowBelow: 5,
    problem: null,
  });
});

it('leaves the check off without a balance code, and logs unusable settings', async () => {
  const none = await start(undefined);
  expect(none.host.balanceView()).toBeUndefined();
  const bad = await start(JSON.stringify({ code: 'balance', lowBelow: 5 }));
  expect(bad.host.balanceView()).toBeUndefined();
  expect(bad.log).toEqual([
    'modem: the balance check settings are not usable (A USSD code has only digits, * and #)',
  ]);
});
