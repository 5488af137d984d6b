// Inbound texts through a real pseudo-terminal made by socat: the simulator stores a message and
// sends +CMTI, the driver reads it with AT+CMGR, hands it on and deletes it; a message that
// waited on the SIM before the kiosk opened the port is read with AT+CMGL. Waits are on events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import type { BindingInterface } from '@serialport/bindings-interface';
import { ModemDevice, type InboundSms } from '../../../src/main/modem/device';
import { ModemSimulator } from '../../../src/main/modem/simulator';
import { servePty, type PtyServer } from '../../../src/main/modem/pty';

const binding = SerialPort.binding as unknown as BindingInterface;

function nextSms(device: ModemDevice, ms = 5_000): Promise<InboundSms> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no text within ${ms} ms`)), ms);
    device.once('sms', (message) => {
      clearTimeout(timer);
      resolve(message);
    });
  });
}

describe('inbound SMS over a socat pty', () => {
  let dir: string;
  let simulator: ModemSimulator;
  let server: PtyServer;
  let device: ModemDevice;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'modem-pty-in-'));
    // Echo on and `\r\r\n` line ends: the quirks a real modem shows at power-on.
    simulator = new ModemSimulator({ echo: true, lineEnding: '\r\r\n', latencyMs: 2 });
    server = await servePty(simulator, { link: join(dir, 'modem') });
  });

  afterAll(async () => {
    await device?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads what waited on the SIM at connect, then each new text on +CMTI', async () => {
    simulator.receiveSms('+358401000002', 'waited 111 222');
    device = new ModemDevice({ binding, path: server.link, healthIntervalMs: 0 });
    const waited = nextSms(device);
    await device.open();
    expect(await waited).toMatchObject({ from: '+358401000002', text: 'waited 111 222', parts: 1 });

    const long = 'Pitkä viesti 😀 '.repeat(10);
    const arriving = nextSms(device);
    simulator.receiveSms('+46701000107', long);
    expect(await arriving).toMatchObject({ from: '+46701000107', text: long, parts: 3 });

    // Deleted once handed on: each AT+CMGD is a command the simulator sees.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('messages were not deleted')), 5_000);
      const check = () => {
        if (simulator.storedIndexes().length > 0) return;
        clearTimeout(timer);
        simulator.off('command', afterCommand);
        resolve();
      };
      // 'command' is emitted as a line arrives, before the simulator carries it out.
      const afterCommand = () => setImmediate(check);
      simulator.on('command', afterCommand);
      check();
    });
    expect(simulator.storedIndexes()).toEqual([]);
  });
});
