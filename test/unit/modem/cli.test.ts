// `modem list | info | send` in-process, against simulators behind serialport's MockBinding.
import { afterEach, describe, expect, it } from 'vitest';
import { MockBinding } from '@serialport/binding-mock';
import { createModemCommands } from '../../../src/main/cli/modem-commands';
import { UsageError } from '../../../src/main/cli/types';
import { ModemSimulator, SimulatorBinding } from '../../../src/main/modem/simulator';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

function setup() {
  const binding = new SimulatorBinding();
  const simulator = new ModemSimulator({ model: 'EC25' });
  binding.plugSilent('/dev/ttyUSB0');
  binding.plug('/dev/ttyUSB2', simulator);
  const commands = createModemCommands({ binding: async () => binding });
  return { binding, simulator, commands };
}

afterEach(() => MockBinding.reset());

describe('modem CLI', () => {
  it('list shows every port and which one is a modem', async () => {
    const { commands } = setup();
    const { io, out } = capture();
    expect(
      await commands.list({
        argv: ['--json', '--baud', '115200', '--probe-timeout', '200'],
        io,
        dbPath: '',
      }),
    ).toBe(0);
    const rows = JSON.parse(out[0]!) as Array<{ path: string; modem: unknown }>;
    expect(rows.map((r) => [r.path, r.modem !== null])).toEqual([
      ['/dev/ttyUSB0', false],
      ['/dev/ttyUSB2', true],
    ]);
  });

  it('info prints health in words', async () => {
    const { commands } = setup();
    const { io, out } = capture();
    expect(await commands.info({ argv: ['--port', '/dev/ttyUSB2'], io, dbPath: '' })).toBe(0);
    expect(out).toContain('Signal:     -73 dBm (5/5)');
    expect(out).toContain('Can send:   yes');
  });

  it('info exits 1 and says why the modem cannot send', async () => {
    const { commands, simulator } = setup();
    simulator.setNetwork('none');
    const { io, out } = capture();
    expect(await commands.info({ argv: ['--port', '/dev/ttyUSB2'], io, dbPath: '' })).toBe(1);
    expect(out).toContain('Can send:   no: No mobile network');
  });

  it('send prints the message references', async () => {
    const { commands, simulator } = setup();
    const { io, out } = capture();
    const code = await commands.send({
      argv: ['--port', '/dev/ttyUSB2', '--to', '+447700900123', '--text', 'y'.repeat(200)],
      io,
      dbPath: '',
    });
    expect(code).toBe(0);
    expect(out).toEqual(['Sent to +447700900123 in 2 part(s); message references: 0, 1']);
    expect(simulator.inbox('+447700900123')[0]!.text).toBe('y'.repeat(200));
  });

  it('send reports a failure as JSON with its classification', async () => {
    const { commands, simulator } = setup();
    simulator.failNextSends([{ cms: 42 }]);
    const { io, out } = capture();
    const code = await commands.send({
      argv: ['--port', '/dev/ttyUSB2', '--to', '+447700900123', '--text', 'x', '--json'],
      io,
      dbPath: '',
    });
    expect(code).toBe(1);
    expect(JSON.parse(out[0]!)).toMatchObject({
      ok: false,
      error: {
        code: 'CMS_ERROR',
        temporary: true,
        cms: 42,
        message: 'The mobile network is congested',
      },
    });
  });

  it('send on a port with no modem fails in words', async () => {
    const { commands } = setup();
    const { io, err } = capture();
    const code = await commands.send({
      argv: ['--port', '/dev/ttyUSB9', '--to', '+447700900123', '--text', 'x'],
      io,
      dbPath: '',
    });
    expect(code).toBe(1);
    expect(err).toEqual(['The modem port /dev/ttyUSB9 could not be opened']);
  });

  it('usage errors', async () => {
    const { commands } = setup();
    const { io } = capture();
    await expect(commands.send({ argv: ['--port', 'x'], io, dbPath: '' })).rejects.toBeInstanceOf(
      UsageError,
    );
    await expect(
      commands.send({
        argv: ['--port', 'x', '--to', '1', '--text', 't', '--mode', 'fax'],
        io,
        dbPath: '',
      }),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(commands.simulate({ argv: [], io, dbPath: '' })).rejects.toBeInstanceOf(
      UsageError,
    );
  });
});
