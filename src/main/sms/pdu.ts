// SMS TPDUs of 3GPP TS 23.040 as AT+CMGS / +CMT / +CMGR / +CDS carry them in PDU mode (TS 27.005):
// an SMSC address (TS 24.011, possibly just '00') followed by the TPDU, as hex.
//
// Decoders are strict where a wrong text could come out: bad hex, a length that disagrees with
// the data, a user data field cut short throw PduError, never a half-decoded message. They are
// lenient where real modems and networks are known to be off and the text stays whole (the
// shared corpus, from peers' test suites, holds an example of each):
// - Octets after the user data are ignored (Gammu does the same; some modems pad stored PDUs),
//   unless `strict` asks for them to be refused.
// - An address whose length counts its F filler semi-octet reads as the number without it.
// - In a status report a time zone semi-octet above 9 is read as its value (as oFono does): the
//   time stamps do not change the delivery outcome.
// Choices where the standards leave room:
// - Timestamps carry two-digit years: 80..99 read as 19xx, 00..79 as 20xx.
// - A relative validity period is rounded up to the next value TP-VP can express (5 min steps
//   up to 12 h, then 30 min, days, weeks), so the network never gives up earlier than asked.
// - The optional fields of a status report (TP-PI onwards) are not needed to track delivery and
//   are ignored, so a loosely filled tail never loses the delivery outcome.
// - Concatenation IEs that TS 23.040 9.2.3.24.1 says to ignore (total 0, sequence 0 or above the
//   total) are ignored; other IEs are skipped. National language shift tables are not supported.
import { decodeGsm7, encodeGsm7, packSeptets, unpackSeptets } from './gsm7';
import { splitMessage, type SmsEncoding } from './segment';
import { decodeUcs2, encodeUcs2 } from './ucs2';

export const PduErrorCode = {
  /** Not a hex string: a character other than 0-9 A-F. */
  InvalidHex: 'INVALID_HEX',
  /** The PDU ends before a field that must be there. */
  Truncated: 'TRUNCATED',
  /** A length is impossible: odd hex, a length field beyond its maximum or contradicting another. */
  InvalidLength: 'INVALID_LENGTH',
  /** TP-MTI says another kind of message (e.g. a DELIVER given to the SUBMIT decoder). */
  WrongMessageType: 'WRONG_MESSAGE_TYPE',
  /** A field has a value it cannot have (a non-digit in a timestamp, a broken UDH …). */
  InvalidField: 'INVALID_FIELD',
  /** Valid but not implemented here (compressed user data). */
  Unsupported: 'UNSUPPORTED',
  /** Octets are left after the last field. */
  TrailingData: 'TRAILING_DATA',
  /** An encoder was given something it cannot put in a PDU (bad number, too many parts …). */
  InvalidArgument: 'INVALID_ARGUMENT',
} as const;
export type PduErrorCode = (typeof PduErrorCode)[keyof typeof PduErrorCode];

export class PduError extends Error {
  readonly code: PduErrorCode;
  /** The TPDU field where decoding stopped, when known ('TP-UD', 'TP-DA' …). */
  readonly field?: string;

  constructor(code: PduErrorCode, message: string, options?: { cause?: unknown; field?: string }) {
    super(message, options);
    this.name = 'PduError';
    this.code = code;
    if (options?.field !== undefined) this.field = options.field;
  }
}

/** Alphabet of received user data. 8-bit data is returned as bytes (and as latin-1 `text`). */
export type DecodedEncoding = SmsEncoding | '8bit';

export interface ConcatInfo {
  /** 0-255 (8-bit reference IE) or 0-65535 (16-bit reference IE, received only). */
  reference: number;
  total: number;
  /** 1-based. */
  sequence: number;
}

/** A TS 23.040 9.2.3.11 time stamp: the instant and the sender's time zone. */
export interface SmsTimestamp {
  date: Date;
  offsetMinutes: number;
}

export interface EncodedPdu {
  /** SMSC part + TPDU, upper-case hex: what follows the `>` prompt of AT+CMGS. */
  hex: string;
  /** Octets excluding the SMSC part: the length argument of AT+CMGS / +CMT / +CDS. */
  tpduLength: number;
  /** The text this part carries. */
  text: string;
}

export interface DecodeOptions {
  /** Whether the hex starts with the SMSC address (always so for AT+CMGS / +CMT / +CDS). Default true. */
  hasSmsc?: boolean;
  /** Refuse octets after the last field (TRAILING_DATA) instead of ignoring them. Default false. */
  strict?: boolean;
}

// ---- SMS-SUBMIT ----------------------------------------------------------------------------

export interface SubmitPduOptions {
  /** '+' and digits (international, E.164) or digits only (unknown type: national / short code). */
  to: string;
  text: string;
  /** TP-SRR. Default true. */
  requestStatusReport?: boolean;
  /** 8-bit concatenation reference 0-255; required when the text needs more than one part. */
  concatReference?: number;
  /** Relative TP-VP in minutes, rounded up to what TP-VP can express; omitted: no TP-VP. */
  validityMinutes?: number;
  /** SMSC number; omitted: '00', the modem uses the SIM's. */
  smsc?: string;
}

export interface DecodedSubmit {
  smsc?: string;
  to: string;
  requestStatusReport: boolean;
  messageReference: number;
  encoding: DecodedEncoding;
  concat?: ConcatInfo;
  text: string;
  /** Relative validity period in minutes, when the PDU has one. */
  validityMinutes?: number;
}

/** One SMS-SUBMIT per part, TP-MR 0 (the modem assigns the reference). */
export function buildSubmitPdus(opts: SubmitPduOptions): EncodedPdu[] {
  const requestStatusReport = opts.requestStatusReport ?? true;
  const smsc = encodeSmsc(opts.smsc);
  const destination = encodeNumberAddress(opts.to, 'to');
  const vp =
    opts.validityMinutes === undefined ? undefined : minutesToRelativeVp(opts.validityMinutes);
  const { encoding, parts } = splitText(opts.text);
  const reference = checkConcatReference(parts.length, opts.concatReference);

  return parts.map((part, i) => {
    const header = parts.length > 1 ? concatHeader(reference, parts.length, i + 1) : [];
    const ud = encodeUserData(encoding, part, header);
    let firstOctet = 0x01; // TP-MTI SMS-SUBMIT, TP-RD 0, TP-RP 0
    if (vp !== undefined) firstOctet |= 0x10; // TP-VPF relative
    if (requestStatusReport) firstOctet |= 0x20;
    if (header.length > 0) firstOctet |= 0x40;
    const tpdu = [
      firstOctet,
      0x00, // TP-MR
      ...destination,
      0x00, // TP-PID
      dcsFor(encoding),
      ...(vp === undefined ? [] : [vp]),
      ...ud,
    ];
    return { hex: toHex([...smsc, ...tpdu]), tpduLength: tpdu.length, text: part };
  });
}

export function decodeSubmitPdu(hex: string, options: DecodeOptions = {}): DecodedSubmit {
  return decoding('SMS-SUBMIT', () => {
    const r = new Reader(parseHex(hex));
    const smsc = options.hasSmsc === false ? undefined : readSmsc(r);
    const firstOctet = r.octet('first octet');
    expectType(firstOctet, 1, 'SMS-SUBMIT');
    const messageReference = r.octet('TP-MR');
    const to = readAddress(r, 'TP-DA');
    r.octet('TP-PID');
    const dcs = r.octet('TP-DCS');
    const vpf = (firstOctet >> 3) & 3;
    let validityMinutes: number | undefined;
    if (vpf === 2) validityMinutes = relativeVpToMinutes(r.octet('TP-VP'));
    else if (vpf !== 0) r.octets(7, 'TP-VP'); // enhanced or absolute: skipped
    const ud = readUserData(r, (firstOctet & 0x40) !== 0, dcs);
    if (options.strict) r.end();

    const out: DecodedSubmit = {
      to,
      requestStatusReport: (firstOctet & 0x20) !== 0,
      messageReference,
      encoding: ud.encoding,
      text: ud.text,
    };
    if (smsc !== undefined) out.smsc = smsc;
    if (ud.concat) out.concat = ud.concat;
    if (validityMinutes !== undefined) out.validityMinutes = validityMinutes;
    return out;
  });
}

// ---- SMS-DELIVER ---------------------------------------------------------------------------

export interface DeliverPduOptions {
  /** '+' and digits, digits only, or an alphanumeric sender (GSM-7, at most 11 septets). */
  from: string;
  text: string;
  /** TP-SCTS. */
  timestamp: Date;
  /** Time zone written into TP-SCTS, a multiple of 15. Default 0. */
  offsetMinutes?: number;
  smsc?: string;
  /** Required when the text needs more than one part. */
  concatReference?: number;
}

export interface DecodedDeliver {
  smsc?: string;
  from: string;
  timestamp: SmsTimestamp;
  encoding: DecodedEncoding;
  concat?: ConcatInfo;
  text: string;
  /** The user data (after any header) when encoding is '8bit'. */
  data?: Uint8Array;
  /** TP-MMS: the SC has more messages waiting for this phone. */
  moreMessagesToSend: boolean;
}

/** One SMS-DELIVER per part (for the simulator's inbound messages). */
export function encodeDeliverPdu(opts: DeliverPduOptions): EncodedPdu[] {
  const smsc = encodeSmsc(opts.smsc);
  const originator = /^\+?\d+$/.test(opts.from)
    ? encodeNumberAddress(opts.from, 'from')
    : encodeAlphanumericAddress(opts.from, 'from');
  const timestamp = encodeTimestamp(opts.timestamp, opts.offsetMinutes ?? 0, 'timestamp');
  const { encoding, parts } = splitText(opts.text);
  const reference = checkConcatReference(parts.length, opts.concatReference);

  return parts.map((part, i) => {
    const header = parts.length > 1 ? concatHeader(reference, parts.length, i + 1) : [];
    const ud = encodeUserData(encoding, part, header);
    // TP-MTI SMS-DELIVER, TP-MMS 1 (no more messages), TP-UDHI when there is a header.
    const firstOctet = 0x04 | (header.length > 0 ? 0x40 : 0);
    const tpdu = [firstOctet, ...originator, 0x00, dcsFor(encoding), ...timestamp, ...ud];
    return { hex: toHex([...smsc, ...tpdu]), tpduLength: tpdu.length, text: part };
  });
}

export function decodeDeliverPdu(hex: string, options: DecodeOptions = {}): DecodedDeliver {
  return decoding('SMS-DELIVER', () => {
    const r = new Reader(parseHex(hex));
    const smsc = options.hasSmsc === false ? undefined : readSmsc(r);
    const firstOctet = r.octet('first octet');
    expectType(firstOctet, 0, 'SMS-DELIVER');
    const from = readAddress(r, 'TP-OA');
    r.octet('TP-PID');
    const dcs = r.octet('TP-DCS');
    const timestamp = readTimestamp(r, 'TP-SCTS');
    const ud = readUserData(r, (firstOctet & 0x40) !== 0, dcs);
    if (options.strict) r.end();

    const out: DecodedDeliver = {
      from,
      timestamp,
      encoding: ud.encoding,
      text: ud.text,
      moreMessagesToSend: (firstOctet & 0x04) === 0,
    };
    if (smsc !== undefined) out.smsc = smsc;
    if (ud.concat) out.concat = ud.concat;
    if (ud.data) out.data = ud.data;
    return out;
  });
}

// ---- SMS-STATUS-REPORT ---------------------------------------------------------------------

export type DeliveryOutcome = 'delivered' | 'pending' | 'failed';

export interface StatusReportPduOptions {
  messageReference: number;
  recipient: string;
  serviceCentreTimestamp: Date;
  dischargeTime: Date;
  /** TP-ST octet, 0-255. */
  status: number;
  /** Time zone written into both time stamps. Default 0. */
  offsetMinutes?: number;
  smsc?: string;
}

export interface DecodedStatusReport {
  smsc?: string;
  /** TP-MR of the SUBMIT this reports on: the number +CMGS answered. */
  messageReference: number;
  recipient: string;
  serviceCentreTimestamp: SmsTimestamp;
  dischargeTime: SmsTimestamp;
  /** TP-ST as received. */
  status: number;
  outcome: DeliveryOutcome;
}

/**
 * TS 23.040 9.2.3.15: 0x00-0x1F completed (delivered), 0x20-0x3F temporary error with the SC
 * still trying (pending), 0x40-0x7F permanent error or SC gave up (failed). Reserved values count
 * as "Service Rejected" (0x63), as the spec tells the MS to do: failed.
 */
export function classifyStatus(status: number): DeliveryOutcome {
  if (!Number.isInteger(status) || status < 0 || status > 0xff) {
    throw new PduError(PduErrorCode.InvalidArgument, `TP-ST must be 0-255, got ${status}`);
  }
  const defined =
    status <= 0x02 ||
    (status >= 0x10 && status <= 0x25) ||
    (status >= 0x30 && status <= 0x49) ||
    (status >= 0x50 && status <= 0x65) ||
    (status >= 0x70 && status <= 0x7f);
  if (!defined) return 'failed';
  if (status < 0x20) return 'delivered';
  if (status < 0x40) return 'pending';
  return 'failed';
}

/** One SMS-STATUS-REPORT without the optional TP-PI part (for the simulator's +CDS). */
export function encodeStatusReportPdu(opts: StatusReportPduOptions): {
  hex: string;
  tpduLength: number;
} {
  const smsc = encodeSmsc(opts.smsc);
  const mr = checkOctet(opts.messageReference, 'messageReference');
  const status = checkOctet(opts.status, 'status');
  const offset = opts.offsetMinutes ?? 0;
  const tpdu = [
    0x06, // TP-MTI SMS-STATUS-REPORT, TP-MMS 1, TP-SRQ 0 (report of a SUBMIT)
    mr,
    ...encodeNumberAddress(opts.recipient, 'recipient'),
    ...encodeTimestamp(opts.serviceCentreTimestamp, offset, 'serviceCentreTimestamp'),
    ...encodeTimestamp(opts.dischargeTime, offset, 'dischargeTime'),
    status,
  ];
  return { hex: toHex([...smsc, ...tpdu]), tpduLength: tpdu.length };
}

export function decodeStatusReportPdu(
  hex: string,
  options: DecodeOptions = {},
): DecodedStatusReport {
  return decoding('SMS-STATUS-REPORT', () => {
    const r = new Reader(parseHex(hex));
    const smsc = options.hasSmsc === false ? undefined : readSmsc(r);
    const firstOctet = r.octet('first octet');
    expectType(firstOctet, 2, 'SMS-STATUS-REPORT');
    const messageReference = r.octet('TP-MR');
    const recipient = readAddress(r, 'TP-RA');
    const serviceCentreTimestamp = readTimestamp(r, 'TP-SCTS', true);
    const dischargeTime = readTimestamp(r, 'TP-DT', true);
    const status = r.octet('TP-ST');
    // TP-PI and what it announces are ignored (see the top of this file), even when strict.
    const out: DecodedStatusReport = {
      messageReference,
      recipient,
      serviceCentreTimestamp,
      dischargeTime,
      status,
      outcome: classifyStatus(status),
    };
    if (smsc !== undefined) out.smsc = smsc;
    return out;
  });
}

// ---- any stored message ---------------------------------------------------------------------

/** A PDU as a SIM stores it: a received DELIVER or report, or a SUBMIT the phone saved to send. */
export type DecodedPdu =
  | { type: 'deliver'; deliver: DecodedDeliver }
  | { type: 'submit'; submit: DecodedSubmit }
  | { type: 'status-report'; report: DecodedStatusReport };

/**
 * Decodes by TP-MTI, the way a listing (AT+CMGL / AT+CMGR) must be read: its <stat> field is not
 * reliable (modems file reports and received texts under "stored sent"). Throws PduError.
 */
export function decodeAnyPdu(hex: string, options: DecodeOptions = {}): DecodedPdu {
  const type = decoding('PDU', () => {
    const r = new Reader(parseHex(hex));
    if (options.hasSmsc !== false) readSmsc(r);
    return r.octet('first octet') & 0x03;
  });
  if (type === 0) return { type: 'deliver', deliver: decodeDeliverPdu(hex, options) };
  if (type === 1) return { type: 'submit', submit: decodeSubmitPdu(hex, options) };
  if (type === 2) return { type: 'status-report', report: decodeStatusReportPdu(hex, options) };
  throw new PduError(PduErrorCode.WrongMessageType, 'PDU: TP-MTI 3 is reserved');
}

/** The TP-MTI of a PDU (0 DELIVER, 1 SUBMIT, 2 STATUS-REPORT, 3 reserved), or undefined. */
export function pduMessageType(hex: string, options: DecodeOptions = {}): number | undefined {
  try {
    const r = new Reader(parseHex(hex));
    if (options.hasSmsc !== false) readSmsc(r);
    return r.octet('first octet') & 0x03;
  } catch {
    return undefined;
  }
}

// ---- validity period (TS 23.040 9.2.3.12.1) -------------------------------------------------

const MAX_VALIDITY_MINUTES = 63 * 7 * 24 * 60;

export function relativeVpToMinutes(vp: number): number {
  if (vp <= 143) return (vp + 1) * 5;
  if (vp <= 167) return 12 * 60 + (vp - 143) * 30;
  if (vp <= 196) return (vp - 166) * 24 * 60;
  return (vp - 192) * 7 * 24 * 60;
}

/** The smallest TP-VP value whose period is at least `minutes`. */
export function minutesToRelativeVp(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > MAX_VALIDITY_MINUTES) {
    throw new PduError(
      PduErrorCode.InvalidArgument,
      `validityMinutes must be above 0 and at most ${MAX_VALIDITY_MINUTES} (63 weeks), got ${minutes}`,
    );
  }
  if (minutes <= 12 * 60) return Math.max(0, Math.ceil(minutes / 5) - 1);
  if (minutes <= 24 * 60) return 143 + Math.ceil((minutes - 12 * 60) / 30);
  if (minutes <= 30 * 24 * 60) return 166 + Math.ceil(minutes / (24 * 60));
  return 192 + Math.ceil(minutes / (7 * 24 * 60));
}

// ---- internals -----------------------------------------------------------------------------

class Reader {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  octet(field: string): number {
    if (this.pos >= this.bytes.length) {
      throw new PduError(PduErrorCode.Truncated, `${field}: the PDU ends at octet ${this.pos}`, {
        field,
      });
    }
    return this.bytes[this.pos++]!;
  }

  octets(count: number, field: string): Uint8Array {
    if (this.pos + count > this.bytes.length) {
      throw new PduError(
        PduErrorCode.Truncated,
        `${field}: needs ${count} octets at octet ${this.pos}, ${this.bytes.length - this.pos} left`,
        { field },
      );
    }
    const out = this.bytes.subarray(this.pos, this.pos + count);
    this.pos += count;
    return out;
  }

  end(): void {
    const left = this.bytes.length - this.pos;
    if (left > 0) {
      throw new PduError(
        PduErrorCode.TrailingData,
        `${left} octet(s) after the end of the user data (octet ${this.pos})`,
      );
    }
  }
}

/** Runs a decoder so that it throws PduError and nothing else, prefixed with the PDU kind. */
function decoding<T>(kind: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof PduError) {
      throw new PduError(error.code, `${kind}: ${error.message}`, {
        cause: error,
        field: error.field,
      });
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new PduError(PduErrorCode.InvalidField, `${kind}: ${message}`, { cause: error });
  }
}

function parseHex(hex: unknown): Uint8Array {
  if (typeof hex !== 'string') throw new PduError(PduErrorCode.InvalidHex, 'PDU is not a string');
  // Modems may leave spaces or a line end around the PDU; inside it nothing but hex is allowed.
  const text = hex.trim();
  if (text.length === 0) throw new PduError(PduErrorCode.Truncated, 'the PDU is empty');
  const bad = text.search(/[^0-9a-fA-F]/);
  if (bad >= 0) {
    throw new PduError(
      PduErrorCode.InvalidHex,
      `non-hex character ${JSON.stringify(text[bad])} at position ${bad}`,
    );
  }
  if (text.length % 2 !== 0) {
    throw new PduError(PduErrorCode.InvalidLength, `odd number of hex digits (${text.length})`);
  }
  return Uint8Array.from(Buffer.from(text, 'hex'));
}

function toHex(bytes: readonly number[]): string {
  return Buffer.from(bytes).toString('hex').toUpperCase();
}

function expectType(firstOctet: number, mti: number, kind: string): void {
  const actual = firstOctet & 0x03;
  if (actual !== mti) {
    const names = ['SMS-DELIVER', 'SMS-SUBMIT', 'SMS-STATUS-REPORT', 'reserved'];
    throw new PduError(
      PduErrorCode.WrongMessageType,
      `TP-MTI ${actual} (${names[actual]}), expected ${kind}`,
    );
  }
}

// Semi-octet digits of TS 23.040 9.1.2.3; 0xF is only the filler of an odd-length number.
const SEMI_OCTET = '0123456789*#abc';

function readSmsc(r: Reader): string | undefined {
  const length = r.octet('SMSC length');
  if (length === 0) return undefined;
  if (length > 11) {
    throw new PduError(PduErrorCode.InvalidLength, `SMSC length ${length} is above 11 octets`);
  }
  const toa = r.octet('SMSC type of address');
  const bytes = r.octets(length - 1, 'SMSC address');
  let digits = semiOctets(bytes, bytes.length * 2, 'SMSC address', true);
  if (((toa >> 4) & 7) === 1) digits = `+${digits}`;
  return digits;
}

function readAddress(r: Reader, field: string): string {
  const length = r.octet(`${field} length`);
  if (length > 20) {
    throw new PduError(PduErrorCode.InvalidLength, `${field} length ${length} is above 20 digits`);
  }
  const toa = r.octet(`${field} type of address`);
  const bytes = r.octets(Math.ceil(length / 2), field);
  const typeOfNumber = (toa >> 4) & 7;
  if (typeOfNumber === 5) {
    // Alphanumeric (TS 23.040 9.1.2.5): the length counts useful semi-octets of packed septets.
    return decodeGsm7(unpackSeptets(bytes, Math.floor((length * 4) / 7)));
  }
  // Some phones count the F filler of an odd-length number in the length.
  const digits = semiOctets(bytes, length, field, true);
  return typeOfNumber === 1 ? `+${digits}` : digits;
}

function semiOctets(bytes: Uint8Array, count: number, field: string, fillerAtEnd: boolean): string {
  let digits = '';
  for (let i = 0; i < count; i++) {
    const byte = bytes[i >> 1]!;
    const nibble = i % 2 === 0 ? byte & 0x0f : byte >> 4;
    if (nibble === 0x0f) {
      if (fillerAtEnd && i === count - 1) break;
      throw new PduError(
        PduErrorCode.InvalidField,
        `${field}: filler semi-octet F inside the number`,
      );
    }
    digits += SEMI_OCTET[nibble]!;
  }
  return digits;
}

function parseNumber(address: unknown, field: string): { toa: number; digits: string } {
  const match = typeof address === 'string' ? /^(\+?)(\d{1,20})$/.exec(address) : null;
  if (!match) {
    throw new PduError(
      PduErrorCode.InvalidArgument,
      `${field} must be 1-20 digits with an optional leading +, got ${JSON.stringify(address)}`,
    );
  }
  // 0x91: international, ISDN/E.164 plan; 0x81: unknown type, ISDN/E.164 plan.
  return { toa: match[1] ? 0x91 : 0x81, digits: match[2]! };
}

function bcd(digits: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < digits.length; i += 2) {
    const low = Number(digits[i]);
    const high = i + 1 < digits.length ? Number(digits[i + 1]) : 0x0f;
    out.push((high << 4) | low);
  }
  return out;
}

function encodeNumberAddress(address: string, field: string): number[] {
  const { toa, digits } = parseNumber(address, field);
  return [digits.length, toa, ...bcd(digits)];
}

function encodeAlphanumericAddress(text: string, field: string): number[] {
  const septets = asArgument(field, () => encodeGsm7(text));
  if (septets.length === 0 || septets.length > 11) {
    throw new PduError(
      PduErrorCode.InvalidArgument,
      `${field}: an alphanumeric address takes 1-11 GSM-7 septets, got ${septets.length}`,
    );
  }
  return [Math.ceil((septets.length * 7) / 4), 0xd0, ...packSeptets(septets)];
}

function encodeSmsc(smsc: string | undefined): number[] {
  if (smsc === undefined) return [0x00];
  const { toa, digits } = parseNumber(smsc, 'smsc');
  return [1 + Math.ceil(digits.length / 2), toa, ...bcd(digits)];
}

function readTimestamp(r: Reader, field: string, lenientZone = false): SmsTimestamp {
  const bytes = r.octets(7, field);
  const values: number[] = [];
  for (let i = 0; i < 6; i++) {
    const byte = bytes[i]!;
    const tens = byte & 0x0f;
    const units = byte >> 4;
    if (tens > 9 || units > 9) {
      throw new PduError(PduErrorCode.InvalidField, `${field}: octet ${i} is not two BCD digits`);
    }
    values.push(tens * 10 + units);
  }
  const [yy, month, day, hour, minute, second] = values as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Time zone: quarters of an hour; bit 3 of the first semi-octet is the sign.
  const zone = bytes[6]!;
  const zoneUnits = zone >> 4;
  if (zoneUnits > 9 && !lenientZone) {
    throw new PduError(PduErrorCode.InvalidField, `${field}: time zone is not BCD`);
  }
  const quarters = (zone & 0x07) * 10 + zoneUnits;
  const offsetMinutes = quarters === 0 ? 0 : (zone & 0x08 ? -1 : 1) * quarters * 15;
  const year = yy + (yy >= 80 ? 1900 : 2000);
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(local);
  if (
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  ) {
    throw new PduError(PduErrorCode.InvalidField, `${field}: not a valid date and time`);
  }
  return { date: new Date(local - offsetMinutes * 60_000), offsetMinutes };
}

function encodeTimestamp(date: Date, offsetMinutes: number, field: string): number[] {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new PduError(PduErrorCode.InvalidArgument, `${field} is not a valid Date`);
  }
  if (
    !Number.isInteger(offsetMinutes) ||
    offsetMinutes % 15 !== 0 ||
    Math.abs(offsetMinutes) > 79 * 15
  ) {
    throw new PduError(
      PduErrorCode.InvalidArgument,
      `offsetMinutes must be a multiple of 15 within ±1185, got ${offsetMinutes}`,
    );
  }
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const year = local.getUTCFullYear();
  if (year < 1980 || year > 2079) {
    throw new PduError(PduErrorCode.InvalidArgument, `${field}: year ${year} is outside 1980-2079`);
  }
  const swap = (n: number): number => ((n % 10) << 4) | Math.floor(n / 10);
  const quarters = Math.abs(offsetMinutes) / 15;
  return [
    swap(year % 100),
    swap(local.getUTCMonth() + 1),
    swap(local.getUTCDate()),
    swap(local.getUTCHours()),
    swap(local.getUTCMinutes()),
    swap(local.getUTCSeconds()),
    swap(quarters) | (offsetMinutes < 0 ? 0x08 : 0),
  ];
}

interface UserData {
  encoding: DecodedEncoding;
  text: string;
  concat?: ConcatInfo;
  data?: Uint8Array;
}

/** TS 23.038 4: the alphabet of a TP-DCS value. Reserved codings read as GSM-7, as it says. */
function alphabetOf(dcs: number): DecodedEncoding {
  const group = dcs >> 4;
  if (group <= 0x7) {
    // General data coding (00xx) and automatic deletion (01xx).
    if (dcs & 0x20) {
      throw new PduError(PduErrorCode.Unsupported, `TP-DCS 0x${hex2(dcs)}: compressed text`);
    }
    const alphabet = (dcs >> 2) & 0x03;
    return alphabet === 1 ? '8bit' : alphabet === 2 ? 'ucs2' : 'gsm7';
  }
  if (group === 0xe) return 'ucs2'; // message waiting, store, UCS2
  if (group === 0xf) return dcs & 0x04 ? '8bit' : 'gsm7'; // data coding / message class
  return 'gsm7';
}

/** TP-UDL and TP-UD; a PduError from here names the field 'TP-UD' (the header read whole). */
function readUserData(r: Reader, hasHeader: boolean, dcs: number): UserData {
  try {
    return readUserDataFields(r, hasHeader, dcs);
  } catch (error) {
    if (!(error instanceof PduError) || error.field !== undefined) throw error;
    throw new PduError(error.code, error.message, { cause: error.cause, field: 'TP-UD' });
  }
}

function readUserDataFields(r: Reader, hasHeader: boolean, dcs: number): UserData {
  const encoding = alphabetOf(dcs);
  const udl = r.octet('TP-UDL');
  const maximum = encoding === 'gsm7' ? 160 : 140;
  if (udl > maximum) {
    throw new PduError(PduErrorCode.InvalidLength, `TP-UDL ${udl} is above ${maximum}`);
  }
  const ud = r.octets(encoding === 'gsm7' ? Math.ceil((udl * 7) / 8) : udl, 'TP-UD');

  let headerLength = 0;
  let concat: ConcatInfo | undefined;
  if (hasHeader) {
    // Gammu reads this as an empty message, ModemManager refuses it; we refuse it too.
    if (ud.length === 0) {
      throw new PduError(PduErrorCode.InvalidLength, 'TP-UDHI is set but the user data is empty');
    }
    headerLength = ud[0]! + 1;
    if (headerLength > ud.length) {
      throw new PduError(
        PduErrorCode.InvalidLength,
        `user data header of ${headerLength} octets in ${ud.length} octets of user data`,
      );
    }
    concat = readHeader(ud.subarray(1, headerLength));
  }

  const out: UserData = { encoding, text: '' };
  if (concat) out.concat = concat;
  const body = ud.subarray(headerLength);
  if (encoding === 'gsm7') {
    const headerSeptets = Math.ceil((headerLength * 8) / 7);
    if (headerSeptets > udl) {
      throw new PduError(
        PduErrorCode.InvalidLength,
        `TP-UDL ${udl} septets is shorter than the ${headerSeptets}-septet header`,
      );
    }
    const fillBits = headerSeptets * 7 - headerLength * 8;
    out.text = decodeGsm7(unpackSeptets(body, udl - headerSeptets, fillBits));
  } else if (encoding === 'ucs2') {
    if (body.length % 2 !== 0) {
      throw new PduError(PduErrorCode.InvalidLength, `odd UCS-2 user data (${body.length} octets)`);
    }
    out.text = decodeUcs2(body);
  } else {
    out.data = body.slice();
    out.text = String.fromCharCode(...body);
  }
  return out;
}

/** Walks the information elements; returns the last usable concatenation IE. */
function readHeader(header: Uint8Array): ConcatInfo | undefined {
  let concat: ConcatInfo | undefined;
  let i = 0;
  while (i < header.length) {
    if (i + 2 > header.length) {
      throw new PduError(PduErrorCode.InvalidField, 'user data header ends inside an element');
    }
    const id = header[i]!;
    const length = header[i + 1]!;
    if (i + 2 + length > header.length) {
      throw new PduError(
        PduErrorCode.InvalidField,
        `information element 0x${hex2(id)} runs past the user data header`,
      );
    }
    const data = header.subarray(i + 2, i + 2 + length);
    let candidate: ConcatInfo | undefined;
    if (id === 0x00 && length === 3) {
      candidate = { reference: data[0]!, total: data[1]!, sequence: data[2]! };
    } else if (id === 0x08 && length === 4) {
      candidate = { reference: (data[0]! << 8) | data[1]!, total: data[2]!, sequence: data[3]! };
    }
    if (candidate && candidate.total > 0 && candidate.sequence > 0) {
      if (candidate.sequence <= candidate.total) concat = candidate;
    }
    i += 2 + length;
  }
  return concat;
}

function splitText(text: string): ReturnType<typeof splitMessage> {
  if (typeof text !== 'string') {
    throw new PduError(PduErrorCode.InvalidArgument, 'text must be a string');
  }
  return splitMessage(text);
}

function checkConcatReference(parts: number, reference: number | undefined): number {
  if (
    reference !== undefined &&
    (!Number.isInteger(reference) || reference < 0 || reference > 255)
  ) {
    throw new PduError(
      PduErrorCode.InvalidArgument,
      `concatReference must be an integer 0-255, got ${reference}`,
    );
  }
  if (parts === 1) return 0;
  if (parts > 255) {
    throw new PduError(PduErrorCode.InvalidArgument, `the text needs ${parts} parts, at most 255`);
  }
  if (reference === undefined) {
    // The reference must differ between concurrent long messages to one phone; only the caller
    // (the outbox) knows which are in flight.
    throw new PduError(
      PduErrorCode.InvalidArgument,
      `the text needs ${parts} parts: pass concatReference (0-255)`,
    );
  }
  return reference;
}

function concatHeader(reference: number, total: number, sequence: number): number[] {
  return [0x05, 0x00, 0x03, reference, total, sequence];
}

function dcsFor(encoding: SmsEncoding): number {
  return encoding === 'gsm7' ? 0x00 : 0x08;
}

/** TP-UDL followed by TP-UD (header, then text on a septet boundary for GSM-7). */
function encodeUserData(encoding: SmsEncoding, text: string, header: number[]): number[] {
  let udl: number;
  let body: Uint8Array;
  if (encoding === 'gsm7') {
    const septets = encodeGsm7(text);
    const headerSeptets = Math.ceil((header.length * 8) / 7);
    body = packSeptets(septets, headerSeptets * 7 - header.length * 8);
    udl = headerSeptets + septets.length;
  } else {
    body = encodeUcs2(text);
    udl = header.length + body.length;
  }
  const octets = header.length + body.length;
  if (octets > 140) {
    // splitMessage keeps every part within limits; this guards the invariant.
    throw new PduError(PduErrorCode.InvalidArgument, `user data of ${octets} octets is above 140`);
  }
  return [udl, ...header, ...body];
}

function checkOctet(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 255) {
    throw new PduError(PduErrorCode.InvalidArgument, `${field} must be 0-255, got ${value}`);
  }
  return value;
}

function asArgument<T>(field: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new PduError(PduErrorCode.InvalidArgument, `${field}: ${message}`, { cause: error });
  }
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}
