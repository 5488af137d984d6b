// Field failures the driver reports in words a site manager acts on: a modem on 2G, a port
// another program holds or probes (ModemManager), and the reset ladder of a modem that stops
// answering. The simulator over serialport's MockBinding on a ManualScheduler: no real waiting.
import { describe, expect, it } from 'vitest';
import * as at from '../../../src/main/modem/commands';
import { ModemDevice, type ModemHealth } from '../../../src/main/modem/device';
import {
  ModemSimulator,
  SimulatorBinding,
  type SimulatorProfile,
} from '../../../src/main/modem/simulator';
import { ManualScheduler } from '../../support/manual-scheduler';
import { drive } from './helpers';

function setup(profile: Partial<SimulatorProfile> = {}) {
  const scheduler = new ManualScheduler();
  const simulator = new ModemSimulator(profile, { scheduler });
  const binding = new SimulatorBinding();
  const path = `/dev/ttyFF${Math.random().toString(16).slice(2, 8)}`;
  binding.plug(path, simulator);
  const device = new ModemDevice({ binding, path, scheduler, healthIntervalMs: 0 });
  return { scheduler, simulator, binding, path, device };
}

describe('2G', () => {
  it('maps <AcT> to a generation', () => {
    expect([0, 1, 3].map(at.radioGeneration)).toEqual(['2G', '2G', '2G']);
    expect(at.radioGeneration(2)).toBe('3G');
    expect(at.radioGeneration(7)).toBe('4G');
    expect(at.radioGeneration(undefined)).toBeUndefined();
  });

  it('a modem that fell back to GSM is warned about, and sending still works', async () => {
    const t = setup({ accessTechnology: 0 });
    await drive(t.scheduler, t.device.open());
    const health: ModemHealth = await drive(t.scheduler, t.device.checkHealth());
    expect(health).toMatchObject({ canSend: true, radio: '2G', warning: { code: 'radio_2g' } });
    expect(health.warning?.message).toMatch(/2G \(GSM\)/);
    await drive(t.scheduler, t.device.close());
  });

  it('no warning on LTE', async () => {
    const t = setup({ accessTechnology: 7 });
    await drive(t.scheduler, t.device.open());
    const health = await drive(t.scheduler, t.device.checkHealth());
    expect(health.radio).toBe('4G');
    expect(health.warning).toBeUndefined();
    await drive(t.scheduler, t.device.close());
  });
});

describe('a port another program holds or probes', () => {
  it('EBUSY and EACCES are told in words naming the udev rule', async () => {
    for (const code of ['EBUSY', 'EACCES'] as const) {
      const t = setup();
      t.binding.heldByAnother.set(t.path, code);
      const error = await drive(t.scheduler, t.device.open()).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'PORT_BUSY', temporary: true });
      expect((error as Error).message).toContain('ID_MM_DEVICE_IGNORE');
      expect((error as Error).message).toContain('deploy/linux/70-sms-kiosk-modem.rules');
      expect((error as Error).message).toMatch(
        code === 'EBUSY' ? /Another program .*ModemManager/ : /not allowed .*dialout/,
      );
    }
  });

  it('another program probing the open port is reported once and warned about', async () => {
    const t = setup();
    const problems: string[] = [];
    t.device.on('problem', (e) => problems.push(e.code));
    await drive(t.scheduler, t.device.open());
    expect(t.device.health?.warning).toBeUndefined();
    t.simulator.probeFromAnotherProgram();
    t.simulator.probeFromAnotherProgram();
    await drive(t.scheduler, Promise.resolve());
    expect(problems).toEqual(['PORT_SHARED']);
    expect(t.device.health?.warning).toMatchObject({ code: 'port_shared' });
    expect(t.device.health?.warning?.message).toContain('ID_MM_DEVICE_IGNORE');
    // The next reading keeps the warning, and sending still works.
    const health = await drive(t.scheduler, t.device.checkHealth());
    expect(health.warning?.code).toBe('port_shared');
    await drive(t.scheduler, t.device.sendSms('+447700900123', 'still works'));
    await drive(t.scheduler, t.device.close());
  });

  it('ordinary unsolicited codes are not mistaken for another program', async () => {
    const t = setup();
    const problems: string[] = [];
    t.device.on('problem', (e) => problems.push(e.code));
    await drive(t.scheduler, t.device.open());
    for (let i = 0; i < 5; i++) t.simulator.injectUrc('RING');
    t.simulator.injectUrc('+CSQ: 20,99');
    await drive(t.scheduler, Promise.resolve());
    expect(problems).toEqual([]);
    await drive(t.scheduler, t.device.close());
  });
});
