import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AtFramer, AtFrameParser, type Frame } from '../../../src/main/modem/framer';

function frame(input: string | Uint8Array, promptExpected = true): Frame[] {
  const framer = new AtFramer({ promptExpected: () => promptExpected });
  return framer.push(typeof input === 'string' ? Buffer.from(input, 'latin1') : input);
}

function frameChunks(bytes: Uint8Array, cuts: number[]): Frame[] {
  const framer = new AtFramer();
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const frames: Frame[] = [];
  let start = 0;
  for (const p of [...points, bytes.length]) {
    frames.push(...framer.push(bytes.subarray(start, p)));
    start = p;
  }
  return frames;
}

const line = (text: string): Frame => ({ type: 'line', text });
const prompt: Frame = { type: 'prompt' };

describe('AtFramer', () => {
  it('splits lines on \\r\\n and drops the empty ones', () => {
    expect(frame('\r\n+CSQ: 20,99\r\n\r\nOK\r\n')).toEqual([line('+CSQ: 20,99'), line('OK')]);
  });

  it('treats \\r\\r\\n line ends like \\r\\n', () => {
    expect(frame('\r\r\n+CSQ: 20,99\r\r\n\r\r\nOK\r\r\n')).toEqual([
      line('+CSQ: 20,99'),
      line('OK'),
    ]);
  });

  it('keeps a command echo as its own line', () => {
    expect(frame('AT+CSQ\r\r\n+CSQ: 20,99\r\n\r\nOK\r\n')).toEqual([
      line('AT+CSQ'),
      line('+CSQ: 20,99'),
      line('OK'),
    ]);
  });

  it.each([
    ['> ', '\r\n> '],
    ['>', '\r\n>'],
    ['>\\r\\n', '\r\n>\r\n'],
  ])('sees the prompt variant %s', (_name, bytes) => {
    expect(frame(bytes)).toEqual([prompt]);
  });

  it('sees the prompt after the echoed command and keeps the echoed PDU as a line', () => {
    expect(
      frame('AT+CMGS=18\r\r\n> 0011000B916407281553F80000AA0AE8329BFD4697D9EC37\x1a\r\n'),
    ).toEqual([
      line('AT+CMGS=18'),
      prompt,
      line('0011000B916407281553F80000AA0AE8329BFD4697D9EC37\x1a'),
    ]);
  });

  it('keeps a leading > as text when no prompt is expected', () => {
    expect(frame('\r\n> quoted\r\n', false)).toEqual([line('> quoted')]);
  });

  it('cuts endless garbage into bounded lines', () => {
    const framer = new AtFramer({ maxLineLength: 100 });
    const frames = framer.push(Buffer.alloc(1000, 0x41));
    expect(frames).toHaveLength(10);
  });

  it('works as a stream parser', async () => {
    const parser = new AtFrameParser();
    const frames: Frame[] = [];
    parser.on('data', (f: Frame) => frames.push(f));
    parser.write(Buffer.from('\r\nO'));
    parser.write(Buffer.from('K\r\n> '));
    parser.end();
    await new Promise((resolve) => parser.on('end', resolve).resume());
    expect(frames).toEqual([line('OK'), prompt]);
  });

  it('frames any chunking of a byte stream the same (fuzz)', () => {
    const pieces = fc.constantFrom(
      '\r\n',
      '\r\r\n',
      'OK',
      '+CMTI: "SM",3',
      '> ',
      '>',
      'AT+CMGS=23\r',
      '\x1a',
      ' ',
      '\x00',
      'ERROR',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(pieces, fc.string()), { maxLength: 30 }),
        fc.array(fc.nat(2000), { maxLength: 20 }),
        (parts, cuts) => {
          const bytes = Buffer.from(parts.join(''), 'latin1');
          expect(frameChunks(bytes, cuts)).toEqual(frame(bytes));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on random bytes in random chunks (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.nat(3000), { maxLength: 30 }),
        (bytes, cuts) => {
          const frames = frameChunks(bytes, cuts);
          expect(frames).toEqual(frame(bytes));
          for (const f of frames) if (f.type === 'line') expect(f.text.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
