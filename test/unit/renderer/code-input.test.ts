import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  appendCodeDigit,
  emptyCode,
  enterCodeText,
  eraseCodeDigit,
  eraseLastCodeDigit,
  extractCode,
  isComplete,
} from '../../../src/renderer/src/lib/code-input';

const code = (s: string, length = s.length) => emptyCode(length).map((_, i) => s[i] ?? '');

describe('extractCode', () => {
  it('finds the code inside a whole pasted SMS', () => {
    expect(extractCode('Your Kiosk code is 482913. It expires in 5 minutes.', 6)).toBe('482913');
    expect(extractCode('Koodisi on 482 913, voimassa 5 min', 6)).toBe('482913');
    expect(extractCode('code: 4829-1375 (10 min)', 8)).toBe('48291375');
  });

  it('falls back to the first digits', () => {
    expect(extractCode(' 12 34 5 ', 6)).toBe('12345');
    expect(extractCode('1234567890', 6)).toBe('123456');
    expect(extractCode('no digits', 6)).toBe('');
  });
});

describe('enterCodeText', () => {
  it('puts a typed digit in its box and moves on', () => {
    expect(enterCodeText(code('', 6), 0, '7')).toEqual({ digits: code('7', 6), focus: 1 });
    expect(enterCodeText(code('12', 6), 2, '3')).toEqual({ digits: code('123', 6), focus: 3 });
  });

  it('stays on the last box', () => {
    expect(enterCodeText(code('12345', 6), 5, '6')).toEqual({ digits: code('123456'), focus: 5 });
  });

  it('ignores letters', () => {
    const digits = code('12', 6);
    expect(enterCodeText(digits, 2, 'a')).toEqual({ digits, focus: 2 });
  });

  it('fills every box from a paste into any box', () => {
    expect(enterCodeText(code('', 6), 3, 'Your code is 482913.')).toEqual({
      digits: code('482913'),
      focus: 5,
    });
  });

  it('fills from the box when a partial paste fits there', () => {
    expect(enterCodeText(code('12', 6), 2, '34')).toEqual({ digits: code('1234', 6), focus: 4 });
  });

  it('starts over from the first box when a partial paste does not fit', () => {
    expect(enterCodeText(code('1234', 6), 4, '987')).toEqual({
      digits: code('987', 6),
      focus: 3,
    });
  });

  it('never makes a box hold more than one digit or change the length', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 6, max: 8 }),
        fc.string(),
        fc.nat(10),
        (length, text, index) => {
          const edit = enterCodeText(emptyCode(length), index, text);
          expect(edit.digits).toHaveLength(length);
          for (const d of edit.digits) expect(d).toMatch(/^\d?$/);
          expect(edit.focus).toBeGreaterThanOrEqual(0);
          expect(edit.focus).toBeLessThan(length);
        },
      ),
    );
  });
});

describe('keypad and backspace', () => {
  it('appends into the first empty box', () => {
    expect(appendCodeDigit(code('12', 6), '3').digits).toEqual(code('123', 6));
    expect(appendCodeDigit(code('123456'), '7').digits).toEqual(code('123456'));
  });

  it('erases the box, or the one before when it is empty', () => {
    expect(eraseCodeDigit(code('123', 6), 2)).toEqual({ digits: code('12', 6), focus: 2 });
    expect(eraseCodeDigit(code('12', 6), 2)).toEqual({ digits: code('1', 6), focus: 1 });
    expect(eraseCodeDigit(code('', 6), 0)).toEqual({ digits: code('', 6), focus: 0 });
  });

  it('keypad backspace removes the last digit', () => {
    expect(eraseLastCodeDigit(code('123', 6)).digits).toEqual(code('12', 6));
    expect(eraseLastCodeDigit(code('', 6)).digits).toEqual(code('', 6));
  });

  it('is complete only when every box has a digit', () => {
    expect(isComplete(code('123456'))).toBe(true);
    expect(isComplete(code('12345', 6))).toBe(false);
    expect(isComplete([])).toBe(false);
  });
});
