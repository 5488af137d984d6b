// Finding a modem: probe every serial port the binding lists with `AT` and ask who answers.
import type { SerialPortStream } from '@serialport/stream';
import type { BindingInterface, PortInfo } from '@serialport/bindings-interface';
import { systemScheduler, type Scheduler } from '../../time';
import * as at from '../commands';
import { ModemError, ModemErrorCode } from '../errors';
import { listPorts } from '../port-list';
import { channelOn, closeStream, openStream } from './port';
import { DEFAULT_TIMEOUTS, type ModemTimeouts } from './types';

export interface ProbeResult {
  path: string;
  baudRate: number;
  port: PortInfo;
  manufacturer?: string;
  model?: string;
}

/**
 * Finds modems by probing every listed port with `AT`. Ports are probed in parallel; a port
 * that is busy, silent or answers garbage is skipped.
 */
export async function discoverModems(options: {
  binding: BindingInterface;
  baudRates?: number[];
  scheduler?: Scheduler;
  probeTimeoutMs?: number;
  filter?: (port: PortInfo) => boolean;
}): Promise<ProbeResult[]> {
  const scheduler = options.scheduler ?? systemScheduler;
  const timeouts = { ...DEFAULT_TIMEOUTS, commandMs: options.probeTimeoutMs ?? 1_500 };
  const ports = (await listPorts(options.binding)).filter(options.filter ?? (() => true));
  const results = await Promise.all(
    ports.map(async (port) => {
      for (const baudRate of options.baudRates ?? [115200, 9600]) {
        const found = await probe(options.binding, port, baudRate, scheduler, timeouts);
        if (found) return found;
      }
      return undefined;
    }),
  );
  return results.filter((r): r is ProbeResult => r !== undefined);
}

/** The first modem that answers at `baudRate`, or an error a site manager understands. */
export async function findModemPort(options: {
  binding: BindingInterface;
  baudRate: number;
  scheduler: Scheduler;
  probeTimeoutMs: number;
}): Promise<string> {
  const found = await discoverModems({
    binding: options.binding,
    baudRates: [options.baudRate],
    scheduler: options.scheduler,
    probeTimeoutMs: options.probeTimeoutMs,
  });
  const first = found[0];
  if (!first) {
    throw new ModemError(ModemErrorCode.NoModemFound, 'No modem was found; check the USB cable', {
      temporary: true,
    });
  }
  return first.path;
}

async function probe(
  binding: BindingInterface,
  port: PortInfo,
  baudRate: number,
  scheduler: Scheduler,
  timeouts: ModemTimeouts,
): Promise<ProbeResult | undefined> {
  let stream: SerialPortStream | undefined;
  try {
    stream = await openStream(binding, port.path, baudRate);
    const channel = channelOn(stream, scheduler, timeouts);
    stream.once('close', () =>
      channel.close(new ModemError(ModemErrorCode.Disconnected, 'Gone', { temporary: true })),
    );
    channel.writeRaw(at.ESC);
    await channel.run('AT');
    await channel.run(at.echoOff).catch(() => undefined);
    const manufacturer = await channel
      .run(at.identityQueries.manufacturer)
      .then((r) => at.parseInfoText(r.lines))
      .catch(() => undefined);
    const model = await channel
      .run(at.identityQueries.model)
      .then((r) => at.parseInfoText(r.lines))
      .catch(() => undefined);
    return { path: port.path, baudRate, port, manufacturer, model };
  } catch {
    return undefined;
  } finally {
    if (stream) await closeStream(stream);
  }
}
