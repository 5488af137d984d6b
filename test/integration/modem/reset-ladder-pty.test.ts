// The reset ladder over real pseudo-terminals made by socat: the modem stops answering, the
// driver resets it, the modem comes back under another device name, and the driver finds it
// there by its IMEI and sends again. Waits are on the driver's events, never on time.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import type { BindingInterface } from '@serialport/bindings-interface';
import { ModemDevice, type RecoveryEvent } from '../../../src/main/modem/device';
import { ModemSimulator } from '../../../src/main/modem/simulator';
import { servePty, type PtyServer } from '../../../src/main/modem/pty';

const native = SerialPort.binding as unknown as BindingInterface;

describe('reset ladder over socat ptys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'modem-pty-ladder-'));
  const servers: PtyServer[] = [];
  let device: ModemDevice | undefined;

  afterAll(async () => {
    await device?.close();
    for (const s of servers) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resets a hung modem and finds it again by IMEI under a new name', async () => {
    const simulator = new ModemSimulator({ latencyMs: 1, imei: '356938035643809' });
    const first = await servePty(simulator, { link: join(dir, 'ttyUSB2') });
    servers.push(first);
    const second = join(dir, 'ttyUSB3');
    // The computer's port list, as the system would give it after the re-enumeration.
    let listed = [first.link];
    const binding: BindingInterface = {
      open: (options) => native.open(options),
      list: async () =>
        listed.map((path) => ({
          path,
          manufacturer: undefined,
          serialNumber: undefined,
          pnpId: undefined,
          locationId: undefined,
          productId: undefined,
          vendorId: undefined,
        })),
    };
    // The texts waiting on the SIM are read right after connecting: freeze only after that.
    let onTrace = (_d: string, _t: string): void => undefined;
    let listing = false;
    const listed0 = new Promise<void>((resolve) => {
      onTrace = (d, t) => {
        if (d === 'tx' && t.startsWith('AT+CMGL')) listing = true;
        else if (listing && d === 'rx' && t === 'OK') resolve();
      };
    });
    device = new ModemDevice({
      binding,
      path: first.link,
      healthIntervalMs: 0,
      presenceIntervalMs: 0,
      timeouts: { commandMs: 300, probeMs: 300 },
      reconnect: { initialDelayMs: 100, maxDelayMs: 200 },
      recovery: { reconnectsPerStep: 2, sysfs: false },
      trace: (direction, text) => onTrace(direction, text),
    });
    await device.open();
    await listed0;
    const steps: RecoveryEvent[] = [];
    const recovered = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('not recovered within 20 s')), 20_000);
      device!.on('recovery', (e) => {
        steps.push(e);
        if (e.step === 'reset') {
          // The reset makes the modem leave and come back as another tty.
          void first.stop().then(async () => {
            simulator.replug();
            servers.push(await servePty(simulator, { link: second }));
            listed = [second];
          });
        }
        if (e.step === 'recovered') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    simulator.freeze();
    // Health polls (every 30 s in the kiosk) find it silent; three silent commands start the ladder.
    for (let i = 0; i < 5 && !steps.length; i++) await device.checkHealth().catch(() => undefined);
    await recovered;
    expect(steps.map((s) => s.step)).toEqual(['reset', 'rediscover', 'recovered']);
    expect(steps[1]!.outcome).toContain(second);
    expect(device.info?.path).toBe(second);
    const sent = await device.sendSms('+447700900123', 'back after a reset');
    expect(sent.references).toHaveLength(1);
  });
});
