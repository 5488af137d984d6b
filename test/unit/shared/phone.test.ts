import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskPhone, normalizeMobileNumber } from '../../../src/shared/phone';

const codeOf = (input: string, country = 'FI') => {
  const r = normalizeMobileNumber(input, country);
  return r.ok ? r.value.e164 : r.error.code;
};

describe('mobile number normalisation', () => {
  it('accepts the ways people type a Finnish mobile', () => {
    for (const typed of [
      '040 123 4567',
      '0401234567',
      '+358 40 123 4567',
      '00358401234567',
      '(040) 123-4567',
    ]) {
      expect(codeOf(typed)).toBe('+358401234567');
    }
  });

  it('uses the site default country only for national numbers', () => {
    expect(codeOf('070 123 45 67', 'SE')).toBe('+46701234567');
    expect(codeOf('+358 40 123 4567', 'SE')).toBe('+358401234567');
    expect(codeOf('612 345 678', 'ES')).toBe('+34612345678');
  });

  it('gives a specific reason for each refusal', () => {
    expect(codeOf('')).toBe('phone_empty');
    expect(codeOf('040-abc')).toBe('phone_bad_characters');
    expect(codeOf('040', 'FI')).toBe('phone_too_short');
    expect(codeOf('+35840123456789012')).toBe('phone_too_long');
    expect(codeOf('09 1234 567')).toBe('phone_landline');
    expect(codeOf('0800 123 456')).toBe('phone_not_mobile');
    expect(codeOf('0401234567', 'XX')).toBe('phone_unknown_country');
  });

  it('is idempotent: an E.164 result normalises to itself (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('40', '41', '44', '45', '46', '50'),
        fc.stringMatching(/^\d{7}$/),
        fc.constantFrom('FI', 'SE', 'US', 'ES'),
        (prefix, rest, siteCountry) => {
          const first = normalizeMobileNumber(`+358${prefix}${rest}`, siteCountry);
          if (!first.ok) return true;
          const again = normalizeMobileNumber(first.value.e164, 'FI');
          return (
            again.ok &&
            again.value.e164 === first.value.e164 &&
            /^\+[1-9]\d{6,14}$/.test(first.value.e164)
          );
        },
      ),
    );
  });

  it('never throws and always explains, whatever is typed (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.constantFrom('FI', 'SE', 'XX', ''),
        (input, country) => {
          const r = normalizeMobileNumber(input, country);
          return r.ok ? /^\+\d+$/.test(r.value.e164) : r.error.message.length > 0;
        },
      ),
    );
  });

  it('formatting characters do not change the result (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(' ', '-', '.', '(', ')'), { minLength: 10, maxLength: 10 }),
        (seps) => {
          const digits = '0401234567'.split('');
          const typed = digits.map((d, i) => d + seps[i]).join('');
          return codeOf(typed) === '+358401234567';
        },
      ),
    );
  });

  it('masks all but the country code and the last two digits', () => {
    expect(maskPhone('+358401234567')).toBe('+358 •••••••67');
    expect(maskPhone('+46701234567')).toBe('+46 •••••••67');
  });
});
