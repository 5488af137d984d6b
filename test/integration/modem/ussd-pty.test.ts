// `modem ussd` over a socat pty to the simulator: the network's reply decoded whichever form the
// modem gives it in, and a modem without USSD saying so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import type { BindingInterface } from '@serialport/bindings-interface';
import { createModemCommands } from '../../../src/main/cli/modem-commands';
import { ModemSimulator, type SimulatorProfile } from '../../../src/main/modem/simulator';
import { servePty, type PtyServer } from '../../../src/main/modem/pty';

const binding = SerialPort.binding as unknown as BindingInterface;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

const replies: SimulatorProfile['ussdReplies'] = {
  '*100#': { text: 'Your balance is 12.50 EUR.', format: 'text' },
  '*101#': { text: 'Ваш баланс 150 руб.', format: 'ucs2-hex', delayMs: 50 },
  '*102#': { text: 'Saldo 3.10 EUR', format: 'gsm7-hex' },
};

describe('modem ussd over a socat pty to the simulator', () => {
  let dir: string;
  const servers: PtyServer[] = [];
  const commands = createModemCommands({ binding: async () => binding });
  const run = (argv: string[]) => {
    const c = capture();
    return commands.ussd({ argv, io: c.io, dbPath: ':memory:' }).then((code) => ({ code, ...c }));
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'modem-ussd-'));
    servers.push(
      await servePty(new ModemSimulator({ echo: true, ussdReplies: replies }), {
        link: join(dir, 'modem'),
      }),
      await servePty(new ModemSimulator({ ussd: 'cme-error' }), { link: join(dir, 'no-ussd') }),
    );
  });

  afterAll(async () => {
    for (const s of servers) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the decoded reply: plain text, UCS-2 hex (DCS 72), packed GSM-7 hex (DCS 15)', async () => {
    const link = join(dir, 'modem');
    expect(await run(['--port', link, '--code', '*100#'])).toMatchObject({
      code: 0,
      out: ['Your balance is 12.50 EUR.'],
    });
    const ucs2 = await run(['--port', link, '--code', '*101#', '--json']);
    expect(ucs2.code).toBe(0);
    expect(JSON.parse(ucs2.out[0]!)).toEqual({
      ok: true,
      status: 'done',
      m: 0,
      text: 'Ваш баланс 150 руб.',
      dcs: 72,
    });
    expect((await run(['--port', link, '--code', '*102#'])).out).toEqual(['Saldo 3.10 EUR']);
  });

  it('says so when the modem does not support USSD', async () => {
    const r = await run(['--port', join(dir, 'no-ussd'), '--code', '*100#']);
    expect(r.code).toBe(1);
    expect(r.err).toEqual(['This modem does not support USSD balance checks']);
  });
});
