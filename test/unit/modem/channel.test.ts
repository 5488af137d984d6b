// Recorded transcripts for each quirk in DESIGN.md "Modem", replayed against the channel.
// Replies are given as the chunks they arrived in; a fuzz test re-chunks them at random.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MockBinding } from '@serialport/binding-mock';
import { SerialPortStream } from '@serialport/stream';
import { AtChannel } from '../../../src/main/modem/channel';
import { ModemError } from '../../../src/main/modem/errors';
import { ManualScheduler } from '../../support/manual-scheduler';
import { drive, scriptedChannel, settle, type Exchange } from './helpers';

const PDU = '0011000B916407281553F80000AA0AE8329BFD4697D9EC37';

describe('AtChannel transcripts', () => {
  it('echo on, \\r\\r\\n endings: the echo is not part of the answer', async () => {
    const s = new ManualScheduler();
    const { channel } = scriptedChannel(s, [
      { expect: 'AT+CSQ\r', reply: ['AT+CSQ\r\r', '\n+CSQ: 1', '8,99\r\r\n\r\r\nOK\r\r\n'] },
    ]);
    await expect(channel.run('AT+CSQ')).resolves.toEqual({
      command: 'AT+CSQ',
      lines: ['+CSQ: 18,99'],
    });
  });

  it.each([
    ['> ', ['\r\n> ']],
    ['>', ['\r\n>']],
    ['>\\r\\n', ['\r\n>\r\n']],
    ['prompt after echoed command', ['AT+CMGS=23\r\r\n> ']],
    ['prompt split from its space', ['\r\n>', ' ']],
  ])('CMGS with the prompt variant %s', async (_name, promptChunks) => {
    const s = new ManualScheduler();
    const { channel, written } = scriptedChannel(s, [
      { expect: 'AT+CMGS=23\r', reply: promptChunks },
      { expect: `${PDU}\x1a`, reply: ['\r\n+CMGS: 12\r\n\r\nOK\r\n'] },
    ]);
    const reply = await channel.runWithPayload('AT+CMGS=23', PDU);
    expect(reply.lines).toEqual(['+CMGS: 12']);
    expect(written.join('')).toBe(`AT+CMGS=23\r${PDU}\x1a`);
  });

  it('echo of the PDU on the prompt line is dropped', async () => {
    const s = new ManualScheduler();
    const { channel } = scriptedChannel(s, [
      { expect: 'AT+CMGS=23\r', reply: ['AT+CMGS=23\r\r\n> '] },
      { expect: `${PDU}\x1a`, reply: [`${PDU}\x1a`, '\r\n+CMGS: 7\r\n\r\nOK\r\n'] },
    ]);
    expect((await channel.runWithPayload('AT+CMGS=23', PDU)).lines).toEqual(['+CMGS: 7']);
  });

  it('URCs between the prompt and +CMGS go to listeners, not into the answer', async () => {
    const s = new ManualScheduler();
    const { channel, urcs } = scriptedChannel(s, [
      { expect: 'AT+CMGS=23\r', reply: ['\r\n> ', '\r\n+CMTI: "SM",4\r\n'] },
      {
        expect: `${PDU}\x1a`,
        reply: [
          '\r\n^RSSI: 14\r\n\r\nRING\r\n',
          '\r\n+CDS: 25\r\n0006000C91447700091032621172125101006211721251010000\r\n',
          '\r\n+CMGS: 9\r\n\r\nOK\r\n',
        ],
      },
    ]);
    expect((await channel.runWithPayload('AT+CMGS=23', PDU)).lines).toEqual(['+CMGS: 9']);
    expect(urcs.map((u) => u.name)).toEqual(['+CMTI', '^RSSI', 'RING', '+CDS']);
    expect(urcs[0]!.params).toEqual(['SM', '4']);
    expect(urcs[3]!.body).toBe('0006000C91447700091032621172125101006211721251010000');
  });

  it('URCs during an ordinary command are routed away; the command keeps its lines', async () => {
    const s = new ManualScheduler();
    const { channel, urcs } = scriptedChannel(s, [
      {
        expect: 'AT+COPS?\r',
        reply: [
          '\r\n+CREG: 1,"00C3","0010AAD1",7\r\n',
          '\r\n+COPS: 0,0,"Elisa",7\r\n',
          '\r\n#STN: 1\r\n\r\n+ZDONR: "x",1\r\n^BOOT:1,0,0\r\n\r\nOK\r\n',
        ],
      },
    ]);
    expect((await channel.run('AT+COPS?')).lines).toEqual(['+COPS: 0,0,"Elisa",7']);
    expect(urcs.map((u) => u.name)).toEqual(['+CREG', '#STN', '+ZDONR', '^BOOT']);
  });

  it('two-line +CMT keeps its PDU line, even when it arrives mid-command', async () => {
    const s = new ManualScheduler();
    const { channel, urcs } = scriptedChannel(s, [
      {
        expect: 'AT+CGMI\r',
        reply: [
          '\r\n+CMT: ,24\r\n07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07\r\nQuectel\r\n\r\nOK\r\n',
        ],
      },
    ]);
    expect((await channel.run('AT+CGMI')).lines).toEqual(['Quectel']);
    expect(urcs).toHaveLength(1);
    expect(urcs[0]!.body).toMatch(/^07911326/);
  });

  it('a missing OK after +CPIN is tolerated after a grace period', async () => {
    const s = new ManualScheduler();
    const { channel } = scriptedChannel(
      s,
      [
        { expect: 'AT+CPIN?\r', reply: ['\r\n+CPIN: READY\r\n'] },
        { expect: 'AT\r', reply: ['\r\nOK\r\n'] },
      ],
      { okGraceMs: 300 },
    );
    const cpin = channel.run('AT+CPIN?', { okOptionalAfter: '+CPIN' });
    const at = channel.run('AT');
    await settle();
    s.advance(299);
    await settle();
    expect(channel.busy).toBe(true);
    s.advance(1);
    await expect(cpin).resolves.toEqual({ command: 'AT+CPIN?', lines: ['+CPIN: READY'] });
    await expect(drive(s, at)).resolves.toEqual({ command: 'AT', lines: [] });
  });

  it('+CPIN followed by OK completes at once', async () => {
    const s = new ManualScheduler();
    const { channel } = scriptedChannel(s, [
      { expect: 'AT+CPIN?\r', reply: ['\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n'] },
    ]);
    await expect(channel.run('AT+CPIN?', { okOptionalAfter: '+CPIN' })).resolves.toMatchObject({
      lines: ['+CPIN: SIM PIN'],
    });
    expect(s.pendingTimers()).toBe(0);
  });

  it.each([
    ['ERROR', 'AT_ERROR', false],
    ['+CME ERROR: 10', 'SIM_MISSING', false],
    ['+CME ERROR: SIM PIN required', 'SIM_LOCKED', false],
    ['+CMS ERROR: 500', 'CMS_ERROR', true],
    ['+CMS ERROR: 1', 'INVALID_NUMBER', false],
    ['COMMAND NOT SUPPORT', 'NOT_SUPPORTED', false],
  ])('final result %s rejects with %s', async (final, code, temporary) => {
    const s = new ManualScheduler();
    const { channel } = scriptedChannel(s, [{ expect: 'AT+X\r', reply: [`\r\n${final}\r\n`] }]);
    const error = await channel.run('AT+X').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModemError);
    expect(error).toMatchObject({ code, temporary });
  });

  it('an error instead of the prompt fails the send', async () => {
    const s = new ManualScheduler();
    const { channel } = scriptedChannel(s, [
      { expect: 'AT+CMGS=23\r', reply: ['\r\n+CMS ERROR: 331\r\n'] },
    ]);
    await expect(channel.runWithPayload('AT+CMGS=23', PDU)).rejects.toMatchObject({
      code: 'NO_NETWORK',
      temporary: true,
      cms: 331,
    });
  });

  it('times out a silent command and runs the next one', async () => {
    const s = new ManualScheduler();
    const { channel } = scriptedChannel(s, [
      { expect: 'AT+SLOW\r', reply: [] },
      { expect: 'AT\r', reply: ['\r\nOK\r\n'] },
    ]);
    const slow = channel.run('AT+SLOW', { timeoutMs: 1000 });
    const next = channel.run('AT');
    s.advance(999);
    await settle();
    expect(channel.busy).toBe(true);
    s.advance(1);
    await expect(slow).rejects.toMatchObject({ code: 'TIMEOUT', temporary: true });
    await expect(drive(s, next)).resolves.toMatchObject({ lines: [] });
  });

  it('a late answer to a timed-out command is not taken for the next one', async () => {
    const s = new ManualScheduler();
    const { channel, stray, written } = scriptedChannel(s, [
      { expect: 'AT+COPS=?\r', reply: [] },
      { expect: 'AT+CSQ\r', reply: ['\r\n+CSQ: 9,99\r\n\r\nOK\r\n'] },
    ]);
    const slow = channel.run('AT+COPS=?', { timeoutMs: 1000 });
    const next = channel.run('AT+CSQ');
    s.advance(1000);
    await expect(slow).rejects.toMatchObject({ code: 'TIMEOUT' });
    channel.receive(Buffer.from('\r\n+COPS: (2,"Elisa","Elisa","24405",7)\r\n\r\nOK\r\n'));
    expect(stray).toEqual(['OK']);
    expect(written).toEqual(['AT+COPS=?\r']);
    await expect(drive(s, next)).resolves.toEqual({ command: 'AT+CSQ', lines: ['+CSQ: 9,99'] });
  });

  it('times out a missing prompt, then leaves text entry with ESC', async () => {
    const s = new ManualScheduler();
    const { channel, written } = scriptedChannel(s, [{ expect: 'AT+CMGS=23\r', reply: [] }]);
    const send = channel.runWithPayload('AT+CMGS=23', PDU, { promptTimeoutMs: 5000 });
    s.advance(5000);
    await expect(send).rejects.toMatchObject({ code: 'PROMPT_TIMEOUT', temporary: true });
    expect(written).toEqual(['AT+CMGS=23\r', '\x1b']);
  });

  it('waits up to the long result timeout for +CMGS, separately from the prompt', async () => {
    const s = new ManualScheduler();
    const { channel } = scriptedChannel(s, [
      { expect: 'AT+CMGS=23\r', reply: ['\r\n> '] },
      { expect: `${PDU}\x1a`, reply: [] },
    ]);
    const send = channel.runWithPayload('AT+CMGS=23', PDU, {
      promptTimeoutMs: 1000,
      resultTimeoutMs: 60_000,
    });
    await settle();
    s.advance(59_999);
    await settle();
    expect(channel.busy).toBe(true);
    channel.receive(Buffer.from('\r\n+CMGS: 200\r\n\r\nOK\r\n'));
    await expect(send).resolves.toMatchObject({ lines: ['+CMGS: 200'] });
  });

  it('the result timeout says the outcome is unknown', async () => {
    const s = new ManualScheduler();
    const { channel } = scriptedChannel(s, [
      { expect: 'AT+CMGS=23\r', reply: ['\r\n> '] },
      { expect: `${PDU}\x1a`, reply: [] },
    ]);
    const send = channel.runWithPayload('AT+CMGS=23', PDU, { resultTimeoutMs: 60_000 });
    const result = drive(s, send, { stepMs: 1000 }).catch((e: unknown) => e);
    expect(await result).toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringMatching(/may or may not/),
    });
  });

  it('reports final results nobody waits for as stray, URCs with nothing in flight as URCs', () => {
    const s = new ManualScheduler();
    const { channel, urcs, stray } = scriptedChannel(s, []);
    channel.receive(Buffer.from('\r\nOK\r\n\r\n+CMTI: "ME",1\r\nRDY\r\n'));
    expect(stray).toEqual(['OK']);
    expect(urcs.map((u) => u.name)).toEqual(['+CMTI', 'RDY']);
  });

  it('close() fails the command in flight and those queued', async () => {
    const s = new ManualScheduler();
    const { channel } = scriptedChannel(s, [{ expect: 'AT\r', reply: [] }]);
    const a = channel.run('AT');
    const b = channel.run('AT+CSQ');
    const gone = new ModemError('DISCONNECTED', 'gone', { temporary: true });
    channel.close(gone);
    await expect(a).rejects.toBe(gone);
    await expect(b).rejects.toBe(gone);
    await expect(channel.run('AT')).rejects.toBe(gone);
  });

  it('answers the same for any chunking of a recorded session (fuzz)', async () => {
    const transcript: Exchange[] = [
      {
        expect: 'AT+CSQ\r',
        reply: ['AT+CSQ\r\r\n+CSQ: 18,99\r\r\n\r\n+CMTI: "SM",2\r\n\r\r\nOK\r\r\n'],
      },
      { expect: 'AT+CMGS=23\r', reply: ['AT+CMGS=23\r\r\n> \r\n^RSSI: 3\r\n'] },
      {
        expect: `${PDU}\x1a`,
        reply: [`${PDU}\x1a\r\n+CDS: 25\r\n00060A\r\n\r\n+CMGS: 44\r\n\r\nOK\r\n`],
      },
    ];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(200), { maxLength: 12 }), async (cuts) => {
        const rechunked = transcript.map((ex) => {
          const text = ex.reply.join('');
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks: string[] = [];
          let start = 0;
          for (const p of [...points, text.length]) {
            chunks.push(text.slice(start, p));
            start = p;
          }
          return { expect: ex.expect, reply: chunks };
        });
        const s = new ManualScheduler();
        const { channel, urcs } = scriptedChannel(s, rechunked);
        const csq = await channel.run('AT+CSQ');
        const cmgs = await channel.runWithPayload('AT+CMGS=23', PDU);
        expect(csq.lines).toEqual(['+CSQ: 18,99']);
        expect(cmgs.lines).toEqual(['+CMGS: 44']);
        expect(urcs.map((u) => [u.name, u.body])).toEqual([
          ['+CMTI', undefined],
          ['^RSSI', undefined],
          ['+CDS', '00060A'],
        ]);
      }),
      { numRuns: 200 },
    );
  });

  it('never crashes or hangs on garbage from the modem (fuzz)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }),
        async (chunks) => {
          const s = new ManualScheduler();
          const { channel } = scriptedChannel(s, []);
          const results = [
            channel.run('AT+CSQ', { timeoutMs: 1000 }).catch((e: unknown) => e),
            channel.runWithPayload('AT+CMGS=23', PDU).catch((e: unknown) => e),
            channel.run('AT+CPIN?', { okOptionalAfter: '+CPIN' }).catch((e: unknown) => e),
          ];
          for (const c of chunks) channel.receive(c);
          // Whatever the garbage did, every command settles once time runs out.
          for (let i = 0; i < 10; i++) {
            s.advance(61_000);
            await settle(2);
          }
          const settled = await Promise.all(results);
          expect(settled).toHaveLength(3);
          expect(channel.busy).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('AtChannel over serialport MockBinding', () => {
  afterEach(() => MockBinding.reset());

  it('writes commands to the port and reads answers from it', async () => {
    MockBinding.createPort('/dev/ttyMOCK', { record: true });
    const port = new SerialPortStream({
      binding: MockBinding,
      path: '/dev/ttyMOCK',
      baudRate: 115200,
    });
    await new Promise((resolve) => port.on('open', resolve));
    const s = new ManualScheduler();
    const channel = new AtChannel(port, { scheduler: s });
    port.on('data', (chunk: Buffer) => channel.receive(chunk));
    const csq = channel.run('AT+CSQ');
    await settle();
    expect(port.port!.recording.toString()).toBe('AT+CSQ\r');
    port.port!.emitData('\r\n+CSQ: 31,0\r\n');
    port.port!.emitData('\r\nOK\r\n');
    await expect(csq).resolves.toEqual({ command: 'AT+CSQ', lines: ['+CSQ: 31,0'] });
    await new Promise((resolve) => port.close(resolve));
  });
});
