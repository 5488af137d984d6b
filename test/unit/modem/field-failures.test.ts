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
