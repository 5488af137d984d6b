import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeGsm7,
  encodeGsm7,
  Gsm7Error,
  gsm7Length,
  isGsm7,
  packSeptets,
  unpackSeptets,
} from '../../../src/main/sms/gsm7';
import { referencePath } from '../../support/reference';

// The Unicode Consortium's mapping, kept beside DESIGN.md.
const TABLE_PATH = referencePath('GSM0338.TXT');

interface Mapping {
  septets: number[];
  char: string;
}

function readTable(): Mapping[] {
  const mappings: Mapping[] = [];
  for (const line of readFileSync(TABLE_PATH, 'utf8').split(/\r?\n/)) {
    const match = /^0x([0-9A-F]{2}|1B[0-9A-F]{2})\t0x([0-9A-F]{4})\t/i.exec(line);
    if (!match) continue;
    const code = parseInt(match[1]!, 16);
    const septets = match[1]!.length === 4 ? [code >> 8, code & 0xff] : [code];
    mappings.push({ septets, char: String.fromCharCode(parseInt(match[2]!, 16)) });
  }
  return mappings;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase();
const fromHex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));

// An independent packer for the properties: a bit string, septet i at bits fill+7i, LSB first.
function referencePack(septets: number[], fillBits: number): Uint8Array {
  let bits = '0'.repeat(fillBits);
  for (const s of septets) bits += s.toString(2).padStart(7, '0').split('').reverse().join('');
  bits = bits.padEnd(Math.ceil(bits.length / 8) * 8, '0');
  const out: number[] = [];
  for (let i = 0; i < bits.length; i += 8) {
    out.push(
      parseInt(
        bits
          .slice(i, i + 8)
          .split('')
          .reverse()
          .join(''),
        2,
      ),
    );
  }
  return Uint8Array.from(out);
}

const table = readTable();
const encodable = table.filter((m) => !(m.septets.length === 1 && m.septets[0] === 0x1b));
const gsmChars = encodable.map((m) => m.char);

describe('GSM 03.38 alphabet against GSM0338.TXT', () => {
  it('has the 128 default and 10 extension mappings', () => {
    expect(table.filter((m) => m.septets.length === 1)).toHaveLength(128);
    expect(table.filter((m) => m.septets.length === 2)).toHaveLength(10);
  });

  it('decodes every mapping of the table', () => {
    for (const { septets, char } of table) expect(decodeGsm7(septets)).toBe(char);
  });

  it('encodes every character of the table back to its code', () => {
    for (const { septets, char } of encodable) {
      expect(encodeGsm7(char)).toEqual(septets);
      expect(gsm7Length(char)).toBe(septets.length);
    }
  });

  it('encodes nothing outside the table (every BMP character checked)', () => {
    const allowed = new Set(gsmChars);
    const wrong: string[] = [];
    for (let cp = 0; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCharCode(cp);
      if (isGsm7(ch) !== allowed.has(ch)) wrong.push(`U+${cp.toString(16)}`);
    }
    expect(wrong).toEqual([]);
    expect(isGsm7('😀')).toBe(false);
  });

  it("follows the table's small c-cedilla at 0x09; capital Ç is not encodable", () => {
    expect(decodeGsm7([0x09])).toBe('ç');
    expect(encodeGsm7('ç')).toEqual([0x09]);
    expect(isGsm7('Ç')).toBe(false);
  });

  it('keeps the traps apart: @ is 0x00, LF is 0x0A, form feed is 1B 0A', () => {
    expect(encodeGsm7('@')).toEqual([0x00]);
    expect(encodeGsm7('\n')).toEqual([0x0a]);
    expect(encodeGsm7('\f')).toEqual([0x1b, 0x0a]);
    expect(decodeGsm7([0x1b, 0x0a, 0x0a, 0x00])).toBe('\f\n@');
  });

  it('decodes escapes the table does not list as TS 23.038 says', () => {
    expect(decodeGsm7([0x1b])).toBe('\u00a0'); // lone escape at the end: NBSP (table note)
    expect(decodeGsm7([0x41, 0x1b])).toBe('A\u00a0');
    expect(decodeGsm7([0x1b, 0x41])).toBe('A'); // unknown extension: default character
    expect(decodeGsm7([0x1b, 0x1b, 0x41])).toBe(' A'); // escape to a future table: a space
    expect(isGsm7('\u00a0')).toBe(false);
  });

  it('round-trips € [ ] { } ~ \\ ^ | with two septets each', () => {
    const text = '€[]{}~\\^|';
    const septets = encodeGsm7(text);
    expect(septets).toEqual([
      0x1b, 0x65, 0x1b, 0x3c, 0x1b, 0x3e, 0x1b, 0x28, 0x1b, 0x29, 0x1b, 0x3d, 0x1b, 0x2f, 0x1b,
      0x14, 0x1b, 0x40,
    ]);
    expect(gsm7Length(text)).toBe(18);
    expect(decodeGsm7(septets)).toBe(text);
    expect(decodeGsm7(unpackSeptets(packSeptets(septets), septets.length))).toBe(text);
  });

  it('throws Gsm7Error with the index of the first character it cannot encode', () => {
    const attempt = (): number[] => encodeGsm7('ok 😀 Ç');
    expect(attempt).toThrow(Gsm7Error);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ code: 'UNENCODABLE_CHARACTER', index: 3 });
      expect((error as Error).message).toContain('U+1F600');
    }
    expect(() => gsm7Length('Ç')).toThrow(Gsm7Error);
    expect(() => decodeGsm7([0x80])).toThrow(Gsm7Error);
    expect(() => packSeptets([1], 7)).toThrow(Gsm7Error);
  });
});

describe('septet packing', () => {
  it('packs the well-known vectors', () => {
    expect(hex(packSeptets(encodeGsm7('hellohello')))).toBe('E8329BFD4697D9EC37');
    expect(hex(packSeptets(encodeGsm7('How are you?')))).toBe('C8F71D14969741F977FD07');
    expect(hex(packSeptets(encodeGsm7('The quick brown fox jumps over the lazy dog')))).toBe(
      '54741914AFA7C76B9058FEBEBB41E6371EA4AEB7E173D0DB5E9683E8E832881DD6E741E4F719',
    );
  });

  it('unpacks them', () => {
    expect(decodeGsm7(unpackSeptets(fromHex('E8329BFD4697D9EC37'), 10))).toBe('hellohello');
    expect(decodeGsm7(unpackSeptets(fromHex('C8F71D14969741F977FD07'), 12))).toBe('How are you?');
  });

  it('pads 8n-1 septets with zero bits, not CR (SMS counts septets; CR padding is for USSD)', () => {
    const packed = packSeptets(encodeGsm7('1234567'));
    expect(packed).toHaveLength(7);
    expect(packed[6]! >> 1).toBe(0);
    expect(decodeGsm7(unpackSeptets(packed, 7))).toBe('1234567');
    // Reading one septet too many shows why the count matters: the pad reads as '@'.
    expect(decodeGsm7(unpackSeptets(packed, 8))).toBe('1234567@');
  });

  it('leaves the fill bits after a user data header zero', () => {
    // One fill bit after a 6-octet concatenation header: 'a' (0x61) starts at bit 1.
    expect(hex(packSeptets(encodeGsm7('a'), 1))).toBe('C2');
    expect(hex(packSeptets(encodeGsm7('aa'), 1))).toBe('C261');
    expect(decodeGsm7(unpackSeptets(fromHex('C261'), 2, 1))).toBe('aa');
  });

  it('refuses to read past the end', () => {
    expect(() => unpackSeptets(fromHex('E832'), 3)).toThrow(Gsm7Error);
    expect(() => unpackSeptets(fromHex('E8'), 1, 2)).toThrow(Gsm7Error);
  });

  it('matches an independent bit-string packer for any septets and fill', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 127 }), { maxLength: 200, size: 'max' }),
        fc.integer({ min: 0, max: 6 }),
        (septets, fill) => {
          const packed = packSeptets(septets, fill);
          expect(hex(packed)).toBe(hex(referencePack(septets, fill)));
          expect(unpackSeptets(packed, septets.length, fill)).toEqual(septets);
        },
      ),
    );
  });

  it('round-trips any GSM-7 text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...gsmChars), maxLength: 300, size: 'max' }),
        (text) => {
          expect(isGsm7(text)).toBe(true);
          const septets = encodeGsm7(text);
          expect(septets).toHaveLength(gsm7Length(text));
          expect(decodeGsm7(septets)).toBe(text);
          expect(decodeGsm7(unpackSeptets(packSeptets(septets), septets.length))).toBe(text);
        },
      ),
    );
  });
});
