// A port another program holds, over a real pseudo-terminal made by socat: serialport locks the
// port it opens, so a second open fails the way it does when ModemManager holds the modem. The
// kiosk says so in words naming the udev rule that fixes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import type { BindingInterface } from '@serialport/bindings-interface';
import { ModemDevice } from '../../../src/main/modem/device';
import { ModemSimulator } from '../../../src/main/modem/simulator';
import { servePty, type PtyServer } from '../../../src/main/modem/pty';

const binding = SerialPort.binding as unknown as BindingInterface;

describe('a modem port held by another program (socat pty)', () => {
  let dir: string;
  let server: PtyServer;
  let holder: SerialPort | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'modem-pty-busy-'));
    server = await servePty(new ModemSimulator({ latencyMs: 1 }), { link: join(dir, 'modem') });
  });

  afterAll(async () => {
    if (holder?.isOpen) await new Promise<void>((resolve) => holder!.close(() => resolve()));
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names ModemManager and the udev rule when the port is locked by someone else', async () => {
    holder = new SerialPort({ path: server.link, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) =>
      holder!.open((error) => (error ? reject(error) : resolve())),
    );
    const device = new ModemDevice({
      binding,
      path: server.link,
      healthIntervalMs: 0,
      reconnect: { enabled: false },
    });
    const error = await device.open().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PORT_BUSY', temporary: true });
    expect((error as Error).message).toMatch(/Another program \(usually ModemManager\)/);
    expect((error as Error).message).toContain('ENV{ID_MM_DEVICE_IGNORE}="1"');
    await device.close();

    // Once the other program lets go, the kiosk opens the modem.
    await new Promise<void>((resolve) => holder!.close(() => resolve()));
    const info = await device.open();
    expect(info.imei).toBe('490154203237518');
    await device.close();
  });
});
