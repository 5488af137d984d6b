// The port choice's rules in ModemAdmin over the admin test kit: the setup.* twins work only
// while no manager exists, the demo's simulator is the one port, test messages count against
// the SIM's daily cap, and the saved choice round-trips through the settings table.
import { describe, expect, it } from 'vitest';
import { makeAdminKit } from './admin-kit';
import {
  readModemPortChoice,
  writeModemPortChoice,
  type ModemPortControl,
} from '../../../src/main/admin/modem-admin';
import { portRows } from '../../../src/main/modem/port-list';

function control(fixed: boolean): ModemPortControl & { used: Array<string | null> } {
  let current = '/dev/ttyUSB0';
  let chosen: string | null = null;
  const used: Array<string | null> = [];
  return {
    fixed,
    used,
    list: () =>
      Promise.resolve([
        { path: '/dev/ttyUSB0', description: 'Quectel EC25', answersAt: true },
        { path: '/dev/ttyUSB1', description: '', answersAt: false },
      ]),
    current: () => current,
    chosen: () => chosen,
    use: (port) => {
      used.push(port);
      chosen = port;
      current = port ?? '/dev/ttyUSB0';
      return Promise.resolve();
    },
  };
}

describe('modem port choice', () => {
  it('setup.* modem channels answer only while setup is needed', async () => {
    const k = makeAdminKit();
    k.modem.ports = control(false);
    const listed = await k.call<{ ports: unknown[] }>('setup.modemPorts');
    expect(listed.ports).toHaveLength(2);
    k.addPerson('M1', '+358401110001', 'manager');
    for (const [channel, payload] of [
      ['setup.modemPorts', {}],
      ['setup.modemUsePort', { port: '/dev/ttyUSB1' }],
      ['setup.testSms', { phone: '+358401110002' }],
    ] as const) {
      expect(await k.send(channel, payload)).toMatchObject({
        ok: false,
        error: { code: 'setup_not_needed' },
      });
    }
  });

  it('admin.modemUsePort needs a manager, moves the modem and audits the change', async () => {
    const k = makeAdminKit();
    const ports = control(false);
    k.modem.ports = ports;
    k.addPerson('M1', '+358401110001', 'manager');
    expect(await k.send('admin.modemUsePort', { port: '/dev/ttyUSB1' })).toMatchObject({
      ok: false,
      error: { code: 'admin_required' },
    });
    await k.signInAdmin('+358401110001');
    const view = await k.call('admin.modemUsePort', { port: '/dev/ttyUSB1' });
    expect(view).toMatchObject({ current: '/dev/ttyUSB1', chosen: '/dev/ttyUSB1' });
    expect(ports.used).toEqual(['/dev/ttyUSB1']);
    const refused = await k.send('admin.modemUsePort', { port: '/dev/ttyS9' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(ports.used).toEqual(['/dev/ttyUSB1']);
    const rows = k.kit.audit.list({ limit: 50 }).filter((r) => r.action === 'modem.port');
    expect(rows.map((r) => [r.actor, r.target])).toEqual([['manager:M1', 'port:/dev/ttyUSB1']]);
  });

  it('in the demo the simulator is the one port and stays', async () => {
    const k = makeAdminKit();
    const ports = control(true);
    k.modem.ports = ports;
    expect(await k.send('setup.modemUsePort', { port: '/dev/ttyUSB1' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await k.call('setup.modemUsePort', { port: null })).toMatchObject({
      current: '/dev/ttyUSB0',
    });
    expect(ports.used).toEqual([]);
  });

  it('test messages stop at the SIM daily cap', async () => {
    const k = makeAdminKit();
    k.kit.config.updatePolicy({ perSimDailyCap: 1 }, 'test');
    const sentToday = k.outbox.sentToday.bind(k.outbox);
    k.outbox.sentToday = () => ({ ...sentToday(), messages: 1 });
    const refused = await k.send('setup.testSms', { phone: '+358401110002' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(JSON.stringify(refused)).toContain('1 text messages for today');
  });

  it('keeps the choice in the settings table', () => {
    const k = makeAdminKit();
    expect(readModemPortChoice(k.kit.db)).toBeNull();
    writeModemPortChoice(k.kit.db, '/dev/ttyACM0');
    expect(readModemPortChoice(k.kit.db)).toBe('/dev/ttyACM0');
    writeModemPortChoice(k.kit.db, null);
    expect(readModemPortChoice(k.kit.db)).toBeNull();
  });

  it('rows: probe answers, the system description, the open port not probed', () => {
    const info = (path: string, manufacturer?: string) => ({
      path,
      manufacturer,
      serialNumber: undefined,
      pnpId: undefined,
      locationId: undefined,
      productId: undefined,
      vendorId: undefined,
    });
    expect(
      portRows(
        [info('/dev/a', 'Quectel'), info('/dev/b', 'FTDI'), info('/dev/c')],
        [{ path: '/dev/b', manufacturer: 'SIMCOM', model: 'SIM7600' }],
        { path: '/dev/a', answers: null },
      ),
    ).toEqual([
      { path: '/dev/a', description: 'Quectel', answersAt: null },
      { path: '/dev/b', description: 'SIMCOM SIM7600', answersAt: true },
      { path: '/dev/c', description: '', answersAt: false },
    ]);
  });
});
