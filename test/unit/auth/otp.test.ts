import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { codeMac, codeMatches, generateCode } from '../../../src/main/auth/otp';
import { cryptoRandom, type RandomSource } from '../../../src/main/auth/random';

const fixed = (value: number): RandomSource => ({
  int: () => value,
  bytes: (n) => Buffer.alloc(n),
});

describe('one-time codes', () => {
  it('draws from the whole range and keeps leading zeros', () => {
    expect(generateCode(fixed(42), 6)).toBe('000042');
    expect(generateCode(fixed(99_999_999), 8)).toBe('99999999');
  });

  it('asks the random source for exactly 10^length values (uniform, no modulo bias)', () => {
    const asked: number[] = [];
    generateCode({ int: (max) => (asked.push(max), 0), bytes: Buffer.alloc }, 7);
    expect(asked).toEqual([10_000_000]);
  });

  it('refuses lengths outside 6-8', () => {
    expect(() => generateCode(cryptoRandom, 5)).toThrow(RangeError);
    expect(() => generateCode(cryptoRandom, 9)).toThrow(RangeError);
  });

  it('always gives exactly `length` digits (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 6, max: 8 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (length, u) => {
          const value = Math.floor(u * 10 ** length);
          const code = generateCode(fixed(value), length);
          return code.length === length && /^\d+$/.test(code) && Number(code) === value;
        },
      ),
    );
  });

  it('crypto codes are spread over the range', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => generateCode(cryptoRandom, 6)));
    expect(codes.size).toBeGreaterThan(1990);
    const firstDigits = new Set([...codes].map((c) => c[0]));
    expect(firstDigits.size).toBe(10);
  });

  it('stores a MAC bound to the challenge, never the code', () => {
    const key = Buffer.alloc(32, 1);
    const mac = codeMac(key, 'challenge-a', '123456');
    expect(mac).toMatch(/^[0-9a-f]{64}$/);
    expect(mac).not.toContain('123456');
    expect(codeMatches(key, 'challenge-a', '123456', mac)).toBe(true);
    expect(codeMatches(key, 'challenge-a', '123457', mac)).toBe(false);
    expect(codeMatches(key, 'challenge-b', '123456', mac)).toBe(false);
    expect(codeMatches(Buffer.alloc(32, 2), 'challenge-a', '123456', mac)).toBe(false);
  });
});
