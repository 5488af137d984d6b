// One open serial port with its AT channel, and the modem settings that commands depend on for
// as long as that connection lasts (message format, character set).
import { SerialPortStream } from '@serialport/stream';
import type { BindingInterface } from '@serialport/bindings-interface';
import type { Scheduler } from '../../time';
import { AtChannel } from '../channel';
import * as at from '../commands';
import { ModemError, ModemErrorCode, portBusyError } from '../errors';
import type { ModemDeviceOptions, ModemTimeouts } from './types';

export class OpenPort {
  /** AT+CMGF as last set on this connection: 0 PDU, 1 text; undefined until known. */
  cmgf?: 0 | 1;
  /** AT+CSCS as last set by a text-mode send; undefined: the modem's default. */
  charset?: string;

  constructor(
    readonly stream: SerialPortStream,
    readonly channel: AtChannel,
  ) {}

  async setCmgf(value: 0 | 1): Promise<void> {
    if (this.cmgf === value) return;
    await this.channel.run(value === 0 ? at.cmgfPdu : at.cmgfText);
    this.cmgf = value;
  }
}

export function openStream(binding: BindingInterface, path: string, baudRate: number) {
  return new Promise<SerialPortStream>((resolve, reject) => {
    const stream = new SerialPortStream({ binding, path, baudRate, autoOpen: false });
    stream.open((error) => {
      if (error) {
        reject(
          portBusyError(path, error) ??
            new ModemError(
              ModemErrorCode.OpenFailed,
              `The modem port ${path} could not be opened`,
              {
                temporary: true,
                cause: error,
              },
            ),
        );
      } else resolve(stream);
    });
  });
}

export function closeStream(stream: SerialPortStream): Promise<void> {
  return new Promise((resolve) => {
    if (!stream.isOpen) return resolve();
    stream.close(() => resolve());
  });
}

/** An AT channel reading from and writing to `stream`. */
export function channelOn(
  stream: SerialPortStream,
  scheduler: Scheduler,
  timeouts: ModemTimeouts,
  trace?: ModemDeviceOptions['trace'],
): AtChannel {
  const channel = new AtChannel(stream, {
    scheduler,
    defaultTimeoutMs: timeouts.commandMs,
    promptTimeoutMs: timeouts.promptMs,
    resultTimeoutMs: timeouts.resultMs,
    okGraceMs: timeouts.okGraceMs,
  });
  stream.on('data', (chunk: Buffer) => channel.receive(chunk));
  // Errors also arrive as 'close'; without a listener an 'error' event would crash the process.
  stream.on('error', () => undefined);
  if (trace) channel.on('trace', (t) => trace(t.direction, t.text));
  return channel;
}

/** Commands whose meaning depends on modem state run one sequence at a time (see exclusive()). */
export class CommandLock {
  private tail: Promise<void> = Promise.resolve();

  /**
   * Runs command sequences that depend on modem state (CMGF, CSCS, CSMP) one after another, so
   * a text-mode send and a PDU-mode send never interleave their settings.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}
