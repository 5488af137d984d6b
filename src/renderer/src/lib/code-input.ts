// The code boxes: one digit per box, typing moves on, paste fills them all. Pure so the paste
// rules can be tested; the component only applies the result and moves the focus.

export interface CodeEdit {
  digits: string[];
  /** The box to focus next. */
  focus: number;
}

/** Empty boxes for a code of `length` digits. */
export function emptyCode(length: number): string[] {
  return Array.from({ length }, () => '');
}

/**
 * The code inside pasted text. SMS apps copy the whole message ("Your code is 123 456. It
 * expires in 5 minutes."), so a run of exactly `length` digits — spaces or dashes allowed between
 * them — wins; otherwise the first `length` digits.
 */
export function extractCode(text: string, length: number): string {
  const runs = text.match(/\d(?:[ \u00a0\-.]?\d)*/g) ?? [];
  for (const run of runs) {
    const digits = run.replace(/\D/g, '');
    if (digits.length === length) return digits;
  }
  return text.replace(/\D/g, '').slice(0, length);
}

/**
 * Text arrived in box `index` (one typed key or a paste). A single digit fills that box and moves
 * on; several digits are treated as a paste of the whole code from the first box, unless they fit
 * from here on; anything without digits changes nothing.
 */
export function enterCodeText(digits: string[], index: number, text: string): CodeEdit {
  const length = digits.length;
  const at = clamp(index, 0, length - 1);
  const clean = text.replace(/\D/g, '');
  if (clean.length === 0) return { digits, focus: at };
  if (clean.length === 1) {
    const next = [...digits];
    next[at] = clean;
    return { digits: next, focus: Math.min(at + 1, length - 1) };
  }
  const code = extractCode(text, length);
  if (code.length >= length || at + code.length > length) {
    const next = emptyCode(length).map((_, i) => code[i] ?? '');
    return { digits: next, focus: Math.min(code.length, length - 1) };
  }
  const next = [...digits];
  for (let i = 0; i < code.length; i++) next[at + i] = code[i]!;
  return { digits: next, focus: Math.min(at + code.length, length - 1) };
}

/** A digit from the on-screen keypad: goes into the first empty box. */
export function appendCodeDigit(digits: string[], digit: string): CodeEdit {
  if (!/^\d$/.test(digit)) return { digits, focus: firstEmpty(digits) };
  const at = firstEmpty(digits);
  if (digits[at] !== '') return { digits, focus: at };
  const next = [...digits];
  next[at] = digit;
  return { digits: next, focus: Math.min(at + 1, digits.length - 1) };
}

/**
 * Backspace in box `index`: clears that box, or when it is already empty the one before it
 * (so holding backspace walks back through the code).
 */
export function eraseCodeDigit(digits: string[], index: number): CodeEdit {
  const at = clamp(index, 0, digits.length - 1);
  const next = [...digits];
  if (next[at] !== '') {
    next[at] = '';
    return { digits: next, focus: at };
  }
  const before = Math.max(0, at - 1);
  next[before] = '';
  return { digits: next, focus: before };
}

/** Keypad backspace: removes the last digit typed. */
export function eraseLastCodeDigit(digits: string[]): CodeEdit {
  let last = -1;
  digits.forEach((d, i) => {
    if (d !== '') last = i;
  });
  if (last < 0) return { digits, focus: 0 };
  const next = [...digits];
  next[last] = '';
  return { digits: next, focus: last };
}

export function isComplete(digits: string[]): boolean {
  return digits.length > 0 && digits.every((d) => /^\d$/.test(d));
}

function firstEmpty(digits: string[]): number {
  const i = digits.findIndex((d) => d === '');
  return i < 0 ? digits.length - 1 : i;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
