// The reset ladder for a modem that stops answering, as field operators climb it: a modem reset
// (AT+CFUN=1,1), then the same modem found again by its IMEI when it comes back under another
// device name, then a USB re-authorise through sysfs (0 then 1: the kernel re-enumerates it, as
// if unplugged) where the kiosk may write there, then an alarm for a person. Each step is
// reported; the device keeps retrying with backoff in between.
import { readdir, realpath, writeFile, access } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { BindingInterface } from '@serialport/bindings-interface';
import type { SerialPortStream } from '@serialport/stream';
import type { Scheduler } from '../../time';
import * as at from '../commands';
import { listPorts } from '../port-list';
import { channelOn, closeStream, openStream } from './port';
import { DEFAULT_TIMEOUTS } from './types';

export type LadderStep = 'reset' | 'rediscover' | 'reauthorise' | 'alarm' | 'recovered';

export interface RecoveryEvent {
  step: LadderStep;
  /** What came of it, in words for the log. */
  outcome: string;
  at: number;
}

export interface SysfsOptions {
  /** Default '/sys'; tests use a temporary folder shaped like it. */
  root?: string;
  /** Default fs.writeFile. */
  write?: (file: string, value: string) => Promise<void>;
}

/** The modem on another port whose AT+CGSN says `imei`, if any answers. */
export async function findPortByImei(options: {
  binding: BindingInterface;
  imei: string;
  baudRate: number;
  scheduler: Scheduler;
  probeMs: number;
  skip?: string;
}): Promise<string | undefined> {
  const ports = (await listPorts(options.binding)).filter((p) => p.path !== options.skip);
  for (const port of ports) {
    let stream: SerialPortStream | undefined;
    try {
      stream = await openStream(options.binding, port.path, options.baudRate);
      const channel = channelOn(stream, options.scheduler, {
        ...DEFAULT_TIMEOUTS,
        commandMs: options.probeMs,
      });
      channel.writeRaw(at.ESC);
      await channel.run('AT');
      const imei = at.parseImei((await channel.run(at.identityQueries.imei)).lines);
      if (imei === options.imei) return port.path;
    } catch {
      // Busy, silent or not a modem: not ours.
    } finally {
      if (stream) await closeStream(stream);
    }
  }
  return undefined;
}

/**
 * De-authorises and re-authorises the USB device behind the tty `devicePath`. Resolves with
 * what happened: 'done', 'not-permitted' (no write access: the ladder goes on to the alarm) or
 * 'not-usb' (no USB device behind it, e.g. a pty).
 */
export async function reauthoriseUsb(
  devicePath: string,
  sysfs: SysfsOptions = {},
): Promise<'done' | 'not-permitted' | 'not-usb'> {
  const root = sysfs.root ?? '/sys';
  const write = sysfs.write ?? ((file, value) => writeFile(file, value));
  let name: string;
  try {
    name = basename(await realpath(devicePath));
  } catch {
    name = basename(devicePath);
  }
  let dir: string;
  try {
    dir = await realpath(join(root, 'class', 'tty', name, 'device'));
  } catch {
    return 'not-usb';
  }
  // Up from the tty (or its interface) to the USB device: the folder with idVendor.
  for (; dir.startsWith(root) && dir !== root; dir = dirname(dir)) {
    const entries = await readdir(dir).catch(() => [] as string[]);
    if (!entries.includes('idVendor') || !entries.includes('authorized')) continue;
    const file = join(dir, 'authorized');
    try {
      await access(file);
      await write(file, '0');
      await write(file, '1');
      return 'done';
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'not-permitted';
      throw error;
    }
  }
  return 'not-usb';
}
