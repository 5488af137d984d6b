import { describe, expect, it } from 'vitest';
import {
  formatPhone,
  MAX_PHONE_DIGITS,
  pressPhoneKey,
  sanitizePhone,
} from '../../../src/renderer/src/lib/phone-input';

describe('phone keypad', () => {
  it('types digits, a leading plus only, backspace and clear', () => {
    let raw = '';
    for (const key of ['+', '3', '5', '+', '8']) raw = pressPhoneKey(raw, key);
    expect(raw).toBe('+358');
    expect(pressPhoneKey(raw, 'backspace')).toBe('+35');
    expect(pressPhoneKey(raw, 'clear')).toBe('');
    expect(pressPhoneKey('040', '+')).toBe('040');
    expect(pressPhoneKey('040', 'x')).toBe('040');
  });

  it('stops at the longest number', () => {
    const raw = '1'.repeat(MAX_PHONE_DIGITS);
    expect(pressPhoneKey(raw, '2')).toBe(raw);
  });
});

describe('sanitizePhone', () => {
  it('keeps digits and one leading plus from typed or pasted text', () => {
    expect(sanitizePhone(' +358 (40) 123-4567 ')).toBe('+358401234567');
    expect(sanitizePhone('040 123 4567')).toBe('0401234567');
    expect(sanitizePhone('12+34')).toBe('1234');
  });
});

describe('formatPhone', () => {
  it('formats as typed for the site country', () => {
    expect(formatPhone('0401234567', 'FI')).toBe('040 1234567');
    expect(formatPhone('+46701234567', 'FI')).toBe('+46 70 123 45 67');
    expect(formatPhone('612345678', 'ES')).toBe('612 34 56 78');
  });

  it('leaves empty input and a lone plus alone and survives an unknown country', () => {
    expect(formatPhone('', 'FI')).toBe('');
    expect(formatPhone('+', 'FI')).toBe('+');
    expect(formatPhone('0401234567', 'ZZ')).toBe('0401234567');
  });
});
