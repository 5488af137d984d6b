import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gsm7Length } from '../../../src/main/sms/gsm7';
import { chooseEncoding, splitMessage } from '../../../src/main/sms/segment';
import { decodeUcs2, encodeUcs2, ucs2Length } from '../../../src/main/sms/ucs2';

const a = (n: number): string => 'a'.repeat(n);
const zh = (n: number): string => 'ж'.repeat(n);
const lengths = (parts: string[], measure: (s: string) => number): number[] => parts.map(measure);

describe('chooseEncoding', () => {
  it('uses GSM-7 whenever every character is in the alphabet or its extension', () => {
    expect(chooseEncoding('')).toBe('gsm7');
    expect(chooseEncoding('Code 123456 {€}')).toBe('gsm7');
    expect(chooseEncoding('Älä kerro koodia kenellekään')).toBe('gsm7');
    expect(chooseEncoding('Привет')).toBe('ucs2');
    expect(chooseEncoding('Ça va')).toBe('ucs2');
    expect(chooseEncoding('ok 👍')).toBe('ucs2');
  });
});

describe('splitMessage GSM-7 boundaries', () => {
  it('keeps 160 septets in one part and splits 161 into 153 + 8', () => {
    expect(splitMessage(a(160))).toEqual({ encoding: 'gsm7', parts: [a(160)] });
    expect(lengths(splitMessage(a(161)).parts, gsm7Length)).toEqual([153, 8]);
  });

  it('fits 153 * 2 in two parts and needs a third for one more', () => {
    expect(lengths(splitMessage(a(306)).parts, gsm7Length)).toEqual([153, 153]);
    expect(lengths(splitMessage(a(307)).parts, gsm7Length)).toEqual([153, 153, 1]);
  });

  it('counts an extension character as two septets', () => {
    expect(splitMessage(a(158) + '€').parts).toHaveLength(1); // 160 septets
    expect(lengths(splitMessage(a(159) + '€').parts, gsm7Length)).toEqual([153, 8]); // 161
  });

  it('never splits an escape pair across parts', () => {
    const text = a(152) + '€' + a(10); // € would take septets 153 and 154
    const { parts } = splitMessage(text);
    expect(parts).toEqual([a(152), '€' + a(10)]);
    expect(parts.join('')).toBe(text);
  });
});

describe('splitMessage UCS-2 boundaries', () => {
  it('keeps 70 code units in one part and splits 71 into 67 + 4', () => {
    expect(splitMessage(zh(70))).toEqual({ encoding: 'ucs2', parts: [zh(70)] });
    expect(lengths(splitMessage(zh(71)).parts, ucs2Length)).toEqual([67, 4]);
  });

  it('fits 67 * 2 in two parts and needs a third for one more', () => {
    expect(lengths(splitMessage(zh(134)).parts, ucs2Length)).toEqual([67, 67]);
    expect(lengths(splitMessage(zh(135)).parts, ucs2Length)).toEqual([67, 67, 1]);
  });

  it('counts an emoji as two code units', () => {
    expect(splitMessage(zh(68) + '😀').parts).toHaveLength(1); // 70 units
    expect(lengths(splitMessage(zh(69) + '😀').parts, ucs2Length)).toEqual([67, 4]); // 71
  });

  it('never splits a surrogate pair across parts', () => {
    const text = zh(66) + '😀' + zh(10); // the pair would take units 67 and 68
    const { parts } = splitMessage(text);
    expect(parts).toEqual([zh(66), '😀' + zh(10)]);
  });

  it('splits a GSM-7 text that has one non-GSM character as UCS-2', () => {
    const { encoding, parts } = splitMessage(a(100) + 'Ç');
    expect(encoding).toBe('ucs2');
    expect(lengths(parts, ucs2Length)).toEqual([67, 34]);
  });
});

describe('splitMessage properties', () => {
  const within = (text: string): void => {
    const { encoding, parts } = splitMessage(text);
    expect(parts.join('')).toBe(text);
    expect(encoding).toBe(chooseEncoding(text));
    const measure = encoding === 'gsm7' ? gsm7Length : ucs2Length;
    const limit =
      parts.length === 1 ? (encoding === 'gsm7' ? 160 : 70) : encoding === 'gsm7' ? 153 : 67;
    for (const part of parts) {
      expect(measure(part)).toBeLessThanOrEqual(limit);
      if (parts.length > 1) expect(part.length).toBeGreaterThan(0);
    }
    // A high surrogate ending one part and a low one starting the next would be a cut pair.
    for (let i = 1; i < parts.length; i++) {
      const before = parts[i - 1]!;
      const joint = before.slice(-1) + parts[i]!.slice(0, 1);
      expect(/^[\uD800-\uDBFF][\uDC00-\uDFFF]$/.test(joint)).toBe(false);
    }
  };

  it('joins back, stays within limits and cuts no pair (any Unicode text)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400, size: 'max' }), within));
  });

  it('does the same for any code units, lone surrogates included', () => {
    const unit = fc.oneof(
      fc.nat(0xffff).map((n) => String.fromCharCode(n)),
      fc.constantFrom('\uD83D', '\uDE00', '😀'),
    );
    fc.assert(fc.property(fc.string({ unit, maxLength: 300, size: 'max' }), within));
  });

  it('does the same for GSM-7 text heavy in extension characters', () => {
    const unit = fc.constantFrom('a', '€', '{', '\f', ' ', '@', 'ä');
    fc.assert(fc.property(fc.string({ unit, maxLength: 500, size: 'max' }), within));
  });
});

describe('UCS-2 helpers', () => {
  it('writes UTF-16BE with surrogate pairs as they are', () => {
    expect(Buffer.from(encodeUcs2('Aж😀')).toString('hex').toUpperCase()).toBe('00410436D83DDE00');
    expect(decodeUcs2(Uint8Array.from(Buffer.from('00410436D83DDE00', 'hex')))).toBe('Aж😀');
  });

  it('round-trips any code units, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.nat(0xffff).map((n) => String.fromCharCode(n)) }), (s) => {
        expect(decodeUcs2(encodeUcs2(s))).toBe(s);
      }),
    );
  });

  it('refuses an odd number of octets', () => {
    expect(() => decodeUcs2(Uint8Array.of(0x00, 0x41, 0x00))).toThrow(RangeError);
  });
});
