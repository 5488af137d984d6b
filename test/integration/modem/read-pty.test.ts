// `modem read` over a socat pty to the simulator: what a site manager sees of the texts on the
// SIM (sender, time with its zone, text, parts joined), nothing deleted unless asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import type { BindingInterface } from '@serialport/bindings-interface';
import { createModemCommands } from '../../../src/main/cli/modem-commands';
import { ModemSimulator } from '../../../src/main/modem/simulator';
import { servePty, type PtyServer } from '../../../src/main/modem/pty';

const binding = SerialPort.binding as unknown as BindingInterface;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

const LONG = 'Your balance is 12.50 EUR. '.repeat(8).trim();

describe('modem read over a socat pty to the simulator', () => {
  let dir: string;
  let simulator: ModemSimulator;
  let server: PtyServer;
  const commands = createModemCommands({ binding: async () => binding });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'modem-read-'));
    simulator = new ModemSimulator({ echo: true, lineEnding: '\r\r\n' });
    simulator.storeOnSim('+358401234567', 'Hei, koodi 123456', {
      timestamp: new Date('2026-12-04T08:15:00Z'),
      offsetMinutes: 120,
    });
    simulator.storeOnSim('Operator', LONG, {
      timestamp: new Date('2026-12-04T09:00:00Z'),
      offsetMinutes: -300,
    });
    simulator.storeOutgoing('+46701234567', 'a draft');
    server = await servePty(simulator, { link: join(dir, 'modem') });
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the texts, decoded, and leaves the SIM as it was', async () => {
    const before = simulator.storedIndexes();
    expect(before).toEqual([1, 2, 3, 4]);
    const c = capture();
    expect(
      await commands.read({
        argv: ['--port', server.link, '--json'],
        io: c.io,
        dbPath: ':memory:',
      }),
    ).toBe(0);
    const result = JSON.parse(c.out.join('\n')) as {
      texts: Array<Record<string, unknown>>;
      other: Array<Record<string, unknown>>;
      deleted: number[];
    };
    expect(result.texts).toEqual([
      {
        indexes: [1],
        from: '+358401234567',
        time: '2026-12-04T10:15:00+02:00',
        encoding: 'gsm7',
        text: 'Hei, koodi 123456',
        parts: 1,
        complete: true,
      },
      {
        indexes: [2, 3],
        from: 'Operator',
        time: '2026-12-04T04:00:00-05:00',
        encoding: 'gsm7',
        text: LONG,
        parts: 2,
        complete: true,
      },
    ]);
    expect(result.other).toEqual([
      {
        index: 4,
        kind: 'stored-outgoing',
        detail: 'saved to send to +46701234567 (not a received text; left on the SIM)',
      },
    ]);
    expect(result.deleted).toEqual([]);
    expect(simulator.storedIndexes()).toEqual(before);

    const text = capture();
    expect(
      await commands.read({ argv: ['--port', server.link], io: text.io, dbPath: ':memory:' }),
    ).toBe(0);
    expect(text.out[0]).toBe('[1] from +358401234567 at 2026-12-04T10:15:00+02:00:');
    expect(text.out[1]).toBe('    Hei, koodi 123456');
    expect(text.out[2]).toBe('[2,3] from Operator at 2026-12-04T04:00:00-05:00, 2 parts:');
    expect(simulator.storedIndexes()).toEqual(before);
  });

  it('deletes the received texts with --delete, never a message saved to send', async () => {
    const c = capture();
    expect(
      await commands.read({
        argv: ['--port', server.link, '--delete'],
        io: c.io,
        dbPath: ':memory:',
      }),
    ).toBe(0);
    expect(c.out.at(-1)).toBe('Deleted 3 message(s) from the SIM.');
    expect(simulator.storedIndexes()).toEqual([4]);
  });
});
