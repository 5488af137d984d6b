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

describe('the reset ladder', () => {
  const ladderSetup = (sysfs: import('../../../src/main/modem/device/recovery').SysfsOptions) => {
    const scheduler = new ManualScheduler();
    const simulator = new ModemSimulator({ imei: '356938035643809' }, { scheduler });
    const binding = new SimulatorBinding();
    const tag = Math.random().toString(16).slice(2, 8);
    const path = `/dev/ttyUSB${tag}`;
    binding.plug(path, simulator);
    const device = new ModemDevice({
      binding,
      path,
      scheduler,
      healthIntervalMs: 0,
      timeouts: { commandMs: 1_000, probeMs: 500 },
      reconnect: { initialDelayMs: 100, maxDelayMs: 100 },
      recovery: { reconnectsPerStep: 2, sysfs },
    });
    const steps: string[] = [];
    device.on('recovery', (e) => steps.push(e.step));
    const problems: string[] = [];
    device.on('problem', (e) => problems.push(e.code));
    const until = (step: string) =>
      new Promise<void>((resolve) => {
        const on = (e: { step: string }) => {
          if (e.step !== step) return;
          device.off('recovery', on);
          resolve();
        };
        device.on('recovery', on);
      });
    const hang = async () => {
      simulator.freeze();
      // Three commands unanswered: the device gives up on the connection and starts the ladder.
      await drive(
        scheduler,
        device.checkHealth().catch(() => undefined),
      );
    };
    return { scheduler, simulator, binding, path, tag, device, steps, problems, until, hang };
  };

  it('resets the modem, then finds it again by its IMEI under a new device name', async () => {
    const t = ladderSetup({ root: '/nonexistent-sysfs' });
    await drive(t.scheduler, t.device.open());
    const moved = `/dev/ttyUSB${t.tag}b`;
    t.device.once('recovery', () => {
      // The reset makes the modem re-enumerate under another name.
      t.binding.unplug(t.path);
      t.binding.plug(moved, t.simulator);
    });
    const recovered = t.until('recovered');
    await t.hang();
    await drive(t.scheduler, recovered);
    expect(t.steps).toEqual(['reset', 'rediscover', 'recovered']);
    expect(t.device.state).toBe('ready');
    expect(t.device.info?.path).toBe(moved);
    await drive(t.scheduler, t.device.sendSms('+447700900123', 'back'));
    await drive(t.scheduler, t.device.close());
  });

  it('re-authorises the USB device through sysfs, then raises the alarm', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const root = mkdtempSync(join(tmpdir(), 'sysfs-'));
    const writes: Array<[string, string]> = [];
    try {
      const t = ladderSetup({ root, write: async (f, v) => void writes.push([f, v]) });
      const usb = join(root, 'devices', 'usb1', '1-1');
      const tty = join(usb, '1-1:1.0', `ttyUSB${t.tag}`);
      mkdirSync(tty, { recursive: true });
      writeFileSync(join(usb, 'idVendor'), '2c7c\n');
      writeFileSync(join(usb, 'authorized'), '1\n');
      mkdirSync(join(root, 'class', 'tty', `ttyUSB${t.tag}`), { recursive: true });
      symlinkSync(tty, join(root, 'class', 'tty', `ttyUSB${t.tag}`, 'device'));

      await drive(t.scheduler, t.device.open());
      const alarm = t.until('alarm');
      await t.hang();
      await drive(t.scheduler, alarm);
      expect(t.steps).toEqual(['reset', 'rediscover', 'reauthorise', 'alarm']);
      expect(writes).toEqual([
        [join(usb, 'authorized'), '0'],
        [join(usb, 'authorized'), '1'],
      ]);
      expect(t.problems).toContain('UNRESPONSIVE');
      // It keeps trying: the modem answering again ends the alarm.
      const recovered = t.until('recovered');
      t.simulator.replug();
      await drive(t.scheduler, recovered);
      expect(t.device.state).toBe('ready');
      await drive(t.scheduler, t.device.close());
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a sysfs the kiosk may not write to is reported as not permitted', async () => {
    const { reauthoriseUsb } = await import('../../../src/main/modem/device/recovery');
    const { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const root = mkdtempSync(join(tmpdir(), 'sysfs-'));
    try {
      const usb = join(root, 'devices', 'usb1', '1-2');
      mkdirSync(join(usb, '1-2:1.0'), { recursive: true });
      writeFileSync(join(usb, 'idVendor'), '12d1\n');
      writeFileSync(join(usb, 'authorized'), '1\n');
      mkdirSync(join(root, 'class', 'tty', 'ttyACM0'), { recursive: true });
      symlinkSync(join(usb, '1-2:1.0'), join(root, 'class', 'tty', 'ttyACM0', 'device'));
      const denied = async () => {
        throw Object.assign(new Error('denied'), { code: 'EACCES' });
      };
      expect(await reauthoriseUsb('/dev/ttyACM0', { root, write: denied })).toBe('not-permitted');
      expect(await reauthoriseUsb('/dev/ttyUSB9', { root })).toBe('not-usb');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
