// The simulator on its own: bytes in, bytes out, inbox contents.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PassThrough } from 'node:stream';
import { buildSubmitPdus, decodeDeliverPdu } from '../../../src/main/sms/pdu';
import { toUcs2Hex } from '../../../src/main/modem/commands';
import {
  ModemSimulator,
  serveStream,
  type SimulatorProfile,
} from '../../../src/main/modem/simulator';
import { ManualScheduler } from '../../support/manual-scheduler';

function harness(profile: Partial<SimulatorProfile> = {}) {
  const scheduler = new ManualScheduler();
  const sim = new ModemSimulator({ echo: false, ...profile }, { scheduler });
  let output = '';
  sim.attach({ write: (b) => (output += b.toString('latin1')) });
  const send = (text: string) => sim.receive(Buffer.from(text, 'latin1'));
  const take = () => {
    const o = output;
    output = '';
    return o;
  };
  return { sim, scheduler, send, take };
}

const TO = '+447700900123';

describe('ModemSimulator', () => {
  it('echoes when echo is on and ends lines as configured', () => {
    const h = harness({ echo: true, lineEnding: '\r\r\n' });
    h.send('AT\r');
    expect(h.take()).toBe('AT\r\r\r\nOK\r\r\n');
    h.send('ATE0\r');
    h.take();
    h.send('AT+CSQ\r');
    expect(h.take()).toBe('\r\r\n+CSQ: 20,99\r\r\n\r\r\nOK\r\r\n');
  });

  it('answers after its latency, in order', () => {
    const h = harness({ latencyMs: (c) => (c === 'AT+CSQ' ? 500 : 100) });
    h.send('AT+CSQ\r');
    h.send('AT\r');
    h.scheduler.advance(499);
    expect(h.take()).toBe('');
    h.scheduler.advance(1);
    expect(h.take()).toBe('\r\n+CSQ: 20,99\r\n\r\nOK\r\n\r\nOK\r\n');
  });

  it('leaves out the OK after +CPIN when told to', () => {
    const h = harness({ missingOkAfterCpin: true });
    h.send('AT+CPIN?\r');
    expect(h.take()).toBe('\r\n+CPIN: READY\r\n');
  });

  it('reports errors as CMEE says', () => {
    const h = harness({ pin: '0000' });
    h.send('AT+CIMI\r');
    expect(h.take()).toBe('\r\nERROR\r\n');
    h.send('AT+CMEE=1\r');
    h.send('AT+CIMI\r');
    expect(h.take()).toBe('\r\nOK\r\n\r\n+CME ERROR: 11\r\n');
    h.send('AT+CMEE=2\r');
    h.send('AT+CIMI\r');
    expect(h.take()).toBe('\r\nOK\r\n\r\n+CME ERROR: SIM PIN required\r\n');
    h.send('AT+CPIN="0000"\r');
    h.send('AT+CIMI\r');
    expect(h.take()).toBe('\r\nOK\r\n\r\n001010123456789\r\n\r\nOK\r\n');
  });

  it('reassembles concatenated parts in any order, per number', () => {
    const h = harness();
    const pdus = buildSubmitPdus({ to: TO, text: 'Z'.repeat(400), concatReference: 9 });
    const other = buildSubmitPdus({ to: '+15551234567', text: 'other' })[0]!;
    const answers: string[] = [];
    for (const p of [pdus[2]!, other, pdus[0]!, pdus[1]!]) {
      h.send(`AT+CMGS=${p.tpduLength}\r`);
      expect(h.take()).toBe('\r\n> ');
      h.send(`${p.hex}\x1a`);
      answers.push(h.take());
    }
    expect(answers).toEqual([0, 1, 2, 3].map((r) => `\r\n+CMGS: ${r}\r\n\r\nOK\r\n`));
    expect(h.sim.inbox(TO)).toEqual([
      expect.objectContaining({ text: 'Z'.repeat(400), parts: 3, references: [2, 3, 0] }),
    ]);
    expect(h.sim.inbox('+15551234567').map((m) => m.text)).toEqual(['other']);
  });

  it('rejects a PDU whose length does not match AT+CMGS', () => {
    const h = harness();
    h.send('AT+CMEE=1\r');
    const p = buildSubmitPdus({ to: TO, text: 'hi' })[0]!;
    h.send(`AT+CMGS=${p.tpduLength + 1}\r`);
    h.send(`${p.hex}\x1a`);
    expect(h.take()).toBe('\r\nOK\r\n\r\n> \r\n+CMS ERROR: 304\r\n');
    expect(h.sim.inbox()).toEqual([]);
  });

  it('ESC leaves text entry without sending', () => {
    const h = harness();
    h.send('AT+CMGS=10\r');
    h.send('0011\x1b');
    expect(h.take()).toBe('\r\n> \r\nOK\r\n');
    expect(h.sim.inbox()).toEqual([]);
  });

  it('takes text-mode messages in IRA and UCS2', () => {
    const h = harness();
    h.send('AT+CMGF=1\r');
    h.send(`AT+CMGS="${TO}",145\r`);
    h.send('plain text\x1a');
    h.send('AT+CSCS="UCS2"\r');
    h.send(`AT+CMGS="${toUcs2Hex(TO)}",145\r`);
    h.send(`${toUcs2Hex('Код 😀')}\x1a`);
    expect(h.sim.inbox(TO).map((m) => [m.mode, m.text])).toEqual([
      ['text', 'plain text'],
      ['text', 'Код 😀'],
    ]);
  });

  it('sends status reports as +CDS (PDU or text mode) or +CDSI', () => {
    const h = harness({ cnmi: 'cdsi' });
    h.send('AT+CNMI=2,1,0,1,0\r');
    expect(h.take()).toBe('\r\nERROR\r\n');
    h.send('AT+CNMI=2,1,0,2,0\r');
    h.take();
    h.sim.sendStatusReport(7, TO);
    expect(h.take()).toBe('\r\n+CDSI: "SM",1\r\n');
    h.send('AT+CMGR=1\r');
    expect(h.take()).toMatch(/^\r\n\+CMGR: 0,,25\r\n[0-9A-F]+\r\n\r\nOK\r\n$/);

    const t = harness();
    t.send('AT+CNMI=2,1,0,1,0\r');
    t.send('AT+CMGF=1\r');
    t.take();
    t.sim.sendStatusReport(7, TO, 0);
    expect(t.take()).toMatch(/^\r\n\+CDS: 6,7,"\+447700900123",145,"[^"]+","[^"]+",0\r\n$/);
  });

  it('delivers inbound messages as +CMT with a decodable PDU', () => {
    const h = harness();
    h.sim.receiveSms('+358401234567', 'STOP', { direct: true });
    const m = /^\r\n\+CMT: ,(\d+)\r\n([0-9A-F]+)\r\n$/.exec(h.take());
    expect(m).not.toBeNull();
    expect(decodeDeliverPdu(m![2]!)).toMatchObject({ from: '+358401234567', text: 'STOP' });
  });

  it('goes silent when unplugged and reboots on replug', () => {
    const h = harness({ echo: true });
    let unplugged = 0;
    h.sim.on('unplug', () => unplugged++);
    h.sim.unplugDuringNextSend('after-prompt');
    h.send('AT+CMGS=10\r');
    expect(unplugged).toBe(1);
    h.take();
    h.send('AT\r');
    expect(h.take()).toBe('');
    h.sim.replug();
    h.send('AT\r');
    expect(h.take()).toBe('AT\r\r\nOK\r\n');
  });

  it('serves any duplex stream', async () => {
    const toModem = new PassThrough();
    const fromModem = new PassThrough();
    const sim = new ModemSimulator({ echo: false });
    serveStream(sim, { write: (b) => fromModem.write(b), on: (e, l) => toModem.on(e, l) });
    const got = new Promise<string>((resolve) =>
      fromModem.once('data', (b: Buffer) => resolve(b.toString())),
    );
    toModem.write('AT\r');
    expect(await got).toBe('\r\nOK\r\n');
  });

  it('never throws on random input (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.uint8Array({ maxLength: 40 }),
            fc.constantFrom(
              'AT+CMGS=5\r',
              'AT+CMGF=1\r',
              'AT+CSCS="UCS2"\r',
              'AT+CMGS="00"\r',
              '\x1a',
              '\x1b',
              'AT+CPIN="1"\r',
            ),
          ),
          { maxLength: 30 },
        ),
        (chunks) => {
          const h = harness({ pin: '1' });
          for (const c of chunks)
            h.sim.receive(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
          h.scheduler.advance(10_000);
        },
      ),
      { numRuns: 300 },
    );
  });
});
