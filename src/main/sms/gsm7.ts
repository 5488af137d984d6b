// GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 6.2.1), mapped as in the
// Unicode Consortium's GSM0338.TXT, plus septet packing (TS 23.038 6.1.2.1).
//
// Choices where the standards leave room (tested in test/unit/sms/gsm7.test.ts):
// - 0x09 decodes to U+00E7 'ç' as in the Unicode table. 'Ç' (U+00C7) is NOT encodable: mapping
//   it onto 0x09 would silently change the text, so a message with 'Ç' goes out as UCS-2.
//   The same holds for the Greek capitals that merely look like Latin letters.
// - A lone 0x1B at the end decodes to U+00A0 (Unicode table); NBSP is not encodable.
//   0x1B 0x1B decodes to a space and 0x1B followed by a code with no extension character to the
//   default-table character (both TS 23.038 6.2.1.1).
// - packSeptets pads the last octet with zero bits, never with CR: the CR padding of TS 23.038
//   6.1.2.3.1 is for USSD/cell broadcast, whose length is in octets. TP-UDL counts septets, so a
//   receiver never reads the padding as '@'.

export const Gsm7ErrorCode = {
  /** The text has a character outside the default alphabet and its extension table. */
  UnencodableCharacter: 'UNENCODABLE_CHARACTER',
  /** A septet value outside 0..127, or a fill-bit count outside 0..6. */
  InvalidSeptet: 'INVALID_SEPTET',
  /** Fewer octets than the septet count needs. */
  ShortInput: 'SHORT_INPUT',
} as const;
export type Gsm7ErrorCode = (typeof Gsm7ErrorCode)[keyof typeof Gsm7ErrorCode];

export class Gsm7Error extends Error {
  readonly code: Gsm7ErrorCode;
  /** UTF-16 index of the offending character (UnencodableCharacter only). */
  readonly index?: number;

  constructor(code: Gsm7ErrorCode, message: string, index?: number) {
    super(message);
    this.name = 'Gsm7Error';
    this.code = code;
    this.index = index;
  }
}

export const ESCAPE = 0x1b;

// Index = septet value. 0x1B is the escape; its slot holds the NBSP it displays as when alone.
const DEFAULT_ALPHABET: readonly string[] = [
  ...'@£$¥èéùìòç\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u00a0ÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?',
  ...'¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
];
if (DEFAULT_ALPHABET.length !== 128)
  throw new Error('GSM-7 default alphabet must have 128 entries');

const EXTENSION: ReadonlyMap<number, string> = new Map([
  [0x0a, '\f'],
  [0x14, '^'],
  [0x28, '{'],
  [0x29, '}'],
  [0x2f, '\\'],
  [0x3c, '['],
  [0x3d, '~'],
  [0x3e, ']'],
  [0x40, '|'],
  [0x65, '€'],
]);

const ENCODE_DEFAULT = new Map<string, number>();
DEFAULT_ALPHABET.forEach((ch, septet) => {
  if (septet !== ESCAPE) ENCODE_DEFAULT.set(ch, septet);
});
const ENCODE_EXTENSION = new Map<string, number>();
for (const [septet, ch] of EXTENSION) ENCODE_EXTENSION.set(ch, septet);

/** Septets one character takes: 1, 2 (extension table) or undefined when not encodable. */
export function gsm7CharLength(ch: string): 1 | 2 | undefined {
  if (ENCODE_DEFAULT.has(ch)) return 1;
  if (ENCODE_EXTENSION.has(ch)) return 2;
  return undefined;
}

export function isGsm7(text: string): boolean {
  for (const ch of text) if (gsm7CharLength(ch) === undefined) return false;
  return true;
}

/** Length in septets; extension characters count 2. Throws Gsm7Error when not encodable. */
export function gsm7Length(text: string): number {
  let length = 0;
  let index = 0;
  for (const ch of text) {
    const n = gsm7CharLength(ch);
    if (n === undefined) throw unencodable(ch, index);
    length += n;
    index += ch.length;
  }
  return length;
}

/** Septet values (0..127) for the text. Throws Gsm7Error for characters outside the alphabet. */
export function encodeGsm7(text: string): number[] {
  const septets: number[] = [];
  let index = 0;
  for (const ch of text) {
    const plain = ENCODE_DEFAULT.get(ch);
    if (plain !== undefined) septets.push(plain);
    else {
      const extended = ENCODE_EXTENSION.get(ch);
      if (extended === undefined) throw unencodable(ch, index);
      septets.push(ESCAPE, extended);
    }
    index += ch.length;
  }
  return septets;
}

export function decodeGsm7(septets: readonly number[]): string {
  let text = '';
  for (let i = 0; i < septets.length; i++) {
    const septet = checkSeptet(septets[i]);
    if (septet !== ESCAPE) {
      text += DEFAULT_ALPHABET[septet]!;
      continue;
    }
    if (i + 1 >= septets.length) {
      text += '\u00a0';
      continue;
    }
    const next = checkSeptet(septets[++i]);
    if (next === ESCAPE) text += ' ';
    else text += EXTENSION.get(next) ?? DEFAULT_ALPHABET[next]!;
  }
  return text;
}

/**
 * Packs septets LSB first (TS 23.038 6.1.2.1.1). `fillBits` zero bits come first, so the first
 * septet starts on a septet boundary after a user data header (TS 23.040 9.2.3.24).
 */
export function packSeptets(septets: readonly number[], fillBits = 0): Uint8Array {
  checkFillBits(fillBits);
  const out = new Uint8Array(Math.ceil((fillBits + septets.length * 7) / 8));
  let bit = fillBits;
  for (const value of septets) {
    const septet = checkSeptet(value);
    const index = bit >> 3;
    const shift = bit & 7;
    out[index] = out[index]! | ((septet << shift) & 0xff);
    if (shift > 1) out[index + 1] = septet >> (8 - shift);
    bit += 7;
  }
  return out;
}

/** Reads `septetCount` septets after `fillBits` leading bits. Throws Gsm7Error when too short. */
export function unpackSeptets(bytes: Uint8Array, septetCount: number, fillBits = 0): number[] {
  checkFillBits(fillBits);
  if (!Number.isInteger(septetCount) || septetCount < 0) {
    throw new Gsm7Error(Gsm7ErrorCode.ShortInput, `invalid septet count ${septetCount}`);
  }
  if (fillBits + septetCount * 7 > bytes.length * 8) {
    throw new Gsm7Error(
      Gsm7ErrorCode.ShortInput,
      `${septetCount} septets need ${Math.ceil((fillBits + septetCount * 7) / 8)} octets, got ${bytes.length}`,
    );
  }
  const septets: number[] = [];
  let bit = fillBits;
  for (let i = 0; i < septetCount; i++) {
    const index = bit >> 3;
    const shift = bit & 7;
    let value = bytes[index]! >> shift;
    if (shift > 1) value |= bytes[index + 1]! << (8 - shift);
    septets.push(value & 0x7f);
    bit += 7;
  }
  return septets;
}

function checkSeptet(value: number | undefined): number {
  if (value === undefined || !Number.isInteger(value) || value < 0 || value > 0x7f) {
    throw new Gsm7Error(Gsm7ErrorCode.InvalidSeptet, `invalid septet value ${String(value)}`);
  }
  return value;
}

function checkFillBits(fillBits: number): void {
  if (!Number.isInteger(fillBits) || fillBits < 0 || fillBits > 6) {
    throw new Gsm7Error(Gsm7ErrorCode.InvalidSeptet, `fill bits must be 0..6, got ${fillBits}`);
  }
}

function unencodable(ch: string, index: number): Gsm7Error {
  const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return new Gsm7Error(
    Gsm7ErrorCode.UnencodableCharacter,
    `U+${code} at index ${index} is not in the GSM 7-bit alphabet`,
    index,
  );
}
