// Pure builders and parsers for the AT commands we use (3GPP TS 27.005 / 27.007). No I/O here:
// the device composes these with the channel. Parsers take the response lines of one command
// and return undefined (never throw) when a line does not have the expected shape.
import { decodeGsm7, unpackSeptets } from '../sms/gsm7';

/** Splits `a,"b,c",3` into ['a', 'b,c', '3'] (quotes removed, empty fields kept as ''). */
export function splitParams(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  out.push(current.trim());
  return out;
}

/** The `+NAME:` prefix of a response line, upper-case, or undefined. */
export function responsePrefix(line: string): string | undefined {
  const m = /^([+^#$%*][A-Z0-9_]+):/i.exec(line);
  return m ? m[1]!.toUpperCase() : undefined;
}

/** Params after `+NAME:` on the first line with that prefix. */
export function paramsOf(lines: readonly string[], name: string): string[] | undefined {
  const upper = name.toUpperCase();
  for (const line of lines) {
    if (responsePrefix(line) === upper) return splitParams(line.slice(line.indexOf(':') + 1));
  }
  return undefined;
}

/** The prefix a command's information response carries: `AT+CSQ` -> `+CSQ`, `ATI` -> undefined. */
export function expectedPrefix(command: string): string | undefined {
  const m = /^AT([+^#$%*][A-Z0-9_]+)/i.exec(command.trim());
  return m ? m[1]!.toUpperCase() : undefined;
}

/** Quotes a string parameter; AT has no escape for `"`, so it is removed. */
export function quote(value: string): string {
  return `"${value.replace(/"/g, '')}"`;
}

// --- SIM ----------------------------------------------------------------------------------

export type SimState =
  | 'ready'
  | 'pin-required'
  | 'puk-required'
  | 'pin2-required'
  | 'puk2-required'
  | 'phone-lock'
  | 'not-inserted'
  | 'unknown';

export const cpinQuery = 'AT+CPIN?';
export const cpinEnter = (pin: string): string => `AT+CPIN=${quote(pin)}`;

export function parseCpin(lines: readonly string[]): SimState | undefined {
  const p = paramsOf(lines, '+CPIN');
  if (!p) return undefined;
  const v = (p[0] ?? '').toUpperCase();
  if (v === 'READY') return 'ready';
  if (v === 'SIM PIN') return 'pin-required';
  if (v === 'SIM PUK') return 'puk-required';
  if (v === 'SIM PIN2') return 'pin2-required';
  if (v === 'SIM PUK2') return 'puk2-required';
  if (v.startsWith('PH-')) return 'phone-lock';
  if (v.includes('NOT INSERTED')) return 'not-inserted';
  return 'unknown';
}

// --- Registration -------------------------------------------------------------------------

export type Registration =
  'home' | 'roaming' | 'searching' | 'denied' | 'not-registered' | 'emergency-only' | 'unknown';

export const registrationQueries = ['AT+CREG?', 'AT+CGREG?', 'AT+CEREG?'] as const;

export interface RegistrationStatus {
  registration: Registration;
  stat: number;
  lac?: string;
  cellId?: string;
  act?: number;
}

function registrationFromStat(stat: number): Registration {
  switch (stat) {
    case 1:
    case 6: // registered for "SMS only", home (LTE)
      return 'home';
    case 5:
    case 7: // registered for "SMS only", roaming
      return 'roaming';
    case 0:
      return 'not-registered';
    case 2:
      return 'searching';
    case 3:
      return 'denied';
    case 8:
      return 'emergency-only';
    default:
      return 'unknown';
  }
}

/**
 * Parses the answer to AT+CREG? / AT+CGREG? / AT+CEREG? (`<n>,<stat>[,<lac>,<ci>[,<act>]]`) and
 * also the unsolicited form (`<stat>[,<lac>,<ci>[,<act>]]`), told apart by the field count and
 * quoting.
 */
export function parseRegistration(line: string): RegistrationStatus | undefined {
  const prefix = responsePrefix(line);
  if (prefix !== '+CREG' && prefix !== '+CGREG' && prefix !== '+CEREG') return undefined;
  const p = splitParams(line.slice(line.indexOf(':') + 1));
  // Solicited answers start with <n>; an unsolicited one starts with <stat>. The unsolicited
  // forms have 1, 3 or 4 fields with a quoted lac; solicited ones have 2, 4 or 5 fields.
  const rawQuoted = line.slice(line.indexOf(':') + 1).split(',');
  const secondQuoted = rawQuoted[1]?.trim().startsWith('"') ?? false;
  const solicited = p.length === 2 || ((p.length === 4 || p.length >= 5) && !secondQuoted);
  const statField = solicited ? p[1] : p[0];
  const stat = Number.parseInt(statField ?? '', 10);
  if (!Number.isFinite(stat)) return undefined;
  const rest = solicited ? p.slice(2) : p.slice(1);
  const act = rest[2] !== undefined ? Number.parseInt(rest[2], 10) : undefined;
  return {
    registration: registrationFromStat(stat),
    stat,
    lac: rest[0] || undefined,
    cellId: rest[1] || undefined,
    act: Number.isFinite(act) ? act : undefined,
  };
}

/** The best of several registration answers (CREG for GSM, CGREG/CEREG for 3G/LTE). */
export function bestRegistration(states: readonly Registration[]): Registration {
  const order: Registration[] = [
    'home',
    'roaming',
    'searching',
    'denied',
    'emergency-only',
    'not-registered',
    'unknown',
  ];
  for (const r of order) if (states.includes(r)) return r;
  return 'unknown';
}

export function isRegistered(r: Registration): boolean {
  return r === 'home' || r === 'roaming';
}

// --- Signal -------------------------------------------------------------------------------

export const csqQuery = 'AT+CSQ';

export interface SignalQuality {
  rssi: number;
  ber: number;
  /** Received signal in dBm, or null when the modem does not know (rssi 99). */
  dbm: number | null;
  /** 0–5 bars for a status icon. */
  bars: number;
}

/** TS 27.007 §8.5: rssi 0 = -113 dBm or less, 1 = -111, 2..30 = -109..-53, 31 = -51 or more. */
export function csqToDbm(rssi: number): number | null {
  if (!Number.isInteger(rssi) || rssi < 0 || rssi > 31) return null;
  return -113 + 2 * rssi;
}

export function dbmToBars(dbm: number | null): number {
  if (dbm === null) return 0;
  if (dbm >= -73) return 5;
  if (dbm >= -83) return 4;
  if (dbm >= -93) return 3;
  if (dbm >= -103) return 2;
  if (dbm >= -111) return 1;
  return 0;
}

export function parseCsq(lines: readonly string[]): SignalQuality | undefined {
  const p = paramsOf(lines, '+CSQ');
  if (!p) return undefined;
  const rssi = Number.parseInt(p[0] ?? '', 10);
  const ber = Number.parseInt(p[1] ?? '99', 10);
  if (!Number.isFinite(rssi)) return undefined;
  const dbm = csqToDbm(rssi);
  return { rssi, ber: Number.isFinite(ber) ? ber : 99, dbm, bars: dbmToBars(dbm) };
}

// --- Operator -----------------------------------------------------------------------------

export const copsQuery = 'AT+COPS?';
/** Long alphanumeric operator names. */
export const copsFormatLong = 'AT+COPS=3,0';

export interface OperatorInfo {
  mode: number;
  name?: string;
  format?: number;
  act?: number;
}

export function parseCops(lines: readonly string[]): OperatorInfo | undefined {
  const p = paramsOf(lines, '+COPS');
  if (!p) return undefined;
  const mode = Number.parseInt(p[0] ?? '', 10);
  if (!Number.isFinite(mode)) return undefined;
  const format = p[1] ? Number.parseInt(p[1], 10) : undefined;
  const act = p[3] ? Number.parseInt(p[3], 10) : undefined;
  return {
    mode,
    name: p[2] || undefined,
    format: Number.isFinite(format) ? format : undefined,
    act: Number.isFinite(act) ? act : undefined,
  };
}

// --- Service centre -----------------------------------------------------------------------

export const cscaQuery = 'AT+CSCA?';
export const cscaSet = (number: string): string =>
  `AT+CSCA=${quote(number)},${number.startsWith('+') ? 145 : 129}`;

export function parseCsca(lines: readonly string[]): { number: string; type?: number } | undefined {
  const p = paramsOf(lines, '+CSCA');
  if (!p) return undefined;
  const number = p[0] ?? '';
  const type = p[1] ? Number.parseInt(p[1], 10) : undefined;
  return { number, type: Number.isFinite(type) ? type : undefined };
}

// --- Configuration ------------------------------------------------------------------------

export const echoOff = 'ATE0';
/** Numeric +CME/+CMS errors first (we classify by number), verbose as the fallback. */
export const cmeeVariants = ['AT+CMEE=1', 'AT+CMEE=2'] as const;
export const cmgfPdu = 'AT+CMGF=0';
export const cmgfText = 'AT+CMGF=1';
export const cscs = (charset: 'GSM' | 'IRA' | 'UCS2'): string => `AT+CSCS=${quote(charset)}`;
/**
 * AT+CNMI variants tried in order. <mode>,<mt>,<bm>,<ds>,<bfr>: ds=1 routes status reports as
 * +CDS, ds=2 stores them and sends +CDSI. The last ones give up status reports but still work.
 */
export const cnmiVariants = [
  'AT+CNMI=2,1,0,1,0',
  'AT+CNMI=2,1,0,2,0',
  'AT+CNMI=1,1,0,1,0',
  'AT+CNMI=1,1,0,2,0',
  'AT+CNMI=2,1,0,0,0',
  'AT+CNMI=1,1,0,0,0',
] as const;

/** Text-mode parameters: first octet (17 = SUBMIT + relative validity, +32 = status report). */
export function csmp(options: { statusReport: boolean; dcs: number; validity?: number }): string {
  const fo = options.statusReport ? 49 : 17;
  return `AT+CSMP=${fo},${options.validity ?? 167},0,${options.dcs}`;
}

// --- Identification -----------------------------------------------------------------------

export const identityQueries = {
  manufacturer: 'AT+CGMI',
  model: 'AT+CGMM',
  revision: 'AT+CGMR',
  imei: 'AT+CGSN',
  imsi: 'AT+CIMI',
} as const;

/** Information text of CGMI/CGMM/CGSN/CIMI: the first non-empty line, prefix removed. */
export function parseInfoText(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    const prefix = responsePrefix(line);
    const value = prefix ? line.slice(line.indexOf(':') + 1).trim() : line.trim();
    // SIMCom answers AT+CGMR with "Revision:1418B05SIM800L24".
    const unquoted = value.replace(/^"(.*)"$/, '$1').replace(/^Revision:\s*/i, '');
    if (unquoted) return unquoted;
  }
  return undefined;
}

// --- Sending ------------------------------------------------------------------------------

/** PDU mode: the length is the TPDU length in octets (SMSC part excluded). */
export const cmgsPdu = (tpduLength: number): string => `AT+CMGS=${tpduLength}`;
/** Text mode: destination with its type of address. */
export const cmgsText = (to: string): string =>
  `AT+CMGS=${quote(to)}${to.startsWith('+') ? ',145' : ''}`;

/** +CMGS: <mr>[,<scts>|<ackpdu>] -> the message reference. */
export function parseCmgs(lines: readonly string[]): number | undefined {
  const p = paramsOf(lines, '+CMGS');
  if (!p) return undefined;
  const mr = Number.parseInt(p[0] ?? '', 10);
  return Number.isInteger(mr) && mr >= 0 && mr <= 255 ? mr : undefined;
}

export const CTRL_Z = '\x1a';
export const ESC = '\x1b';

// --- Reading stored messages --------------------------------------------------------------

export const cmgr = (index: number): string => `AT+CMGR=${index}`;
/** AT+CPMS? and AT+CPMS="<mem1>": the memory AT+CMGR, AT+CMGL and AT+CMGD work on. */
export const cpmsQuery = 'AT+CPMS?';
export const cpmsRead = (memory: string): string => `AT+CPMS=${quote(memory)}`;

/** `+CPMS: "SM",3,20,"SM",3,20,"SM",3,20`: the first memory is the one messages are read from. */
export function parseCpmsRead(lines: readonly string[]): string | undefined {
  const line = lines.find((l) => responsePrefix(l) === '+CPMS');
  if (!line) return undefined;
  const memory = splitParams(line.slice(line.indexOf(':') + 1))[0]?.trim();
  return memory && /^[A-Z]{2}$/i.test(memory) ? memory.toUpperCase() : undefined;
}
export const cmgd = (index: number): string => `AT+CMGD=${index}`;

/**
 * What <stat> says about a stored message: received (0/1, "REC UNREAD"/"REC READ"), or saved by
 * the phone to be sent (2/3, "STO UNSENT"/"STO SENT"), which is nobody's inbound text.
 */
export type StoredStat = 'received' | 'outgoing' | 'unknown';

export function storedStat(stat: string | undefined): StoredStat {
  const v = (stat ?? '').trim().toUpperCase();
  if (v === '0' || v === '1' || v.startsWith('REC ')) return 'received';
  if (v === '2' || v === '3' || v.startsWith('STO ')) return 'outgoing';
  return 'unknown';
}

/**
 * The PDU of a listing entry: on the line after the header, or on the header line itself after
 * a space (some modems, seen by ModemManager); a stray quote around it (Gammu's at-sms/04) is
 * not part of it. Odd-length hex is kept: the decoder says what is wrong with it.
 */
function pduOf(header: string, next: string | undefined): { pdu?: string; header: string } {
  const sameLine = /^(.*?\d)\s+"?([0-9A-F]{2,})"?$/i.exec(header);
  if (sameLine) return { header: sameLine[1]!, pdu: sameLine[2]! };
  const body = next?.trim().replace(/^"|"$/g, '');
  return { header, pdu: body && /^[0-9A-F]+$/i.test(body) ? body : undefined };
}

/**
 * PDU-mode +CMGR: `+CMGR: <stat>,[<alpha>],<length>` then the PDU line. Real modems also give
 * `<stat>,<length>`, `<length>` alone, an empty <stat>, or an extra field; only the PDU matters
 * (its TP-MTI says what it is). `stat` is the first field when there are two or more.
 */
export function parseCmgrPdu(lines: readonly string[]): { stat?: string; pdu: string } | undefined {
  const idx = lines.findIndex((l) => responsePrefix(l) === '+CMGR');
  if (idx < 0) return undefined;
  const { header, pdu } = pduOf(lines[idx]!, lines[idx + 1]);
  if (!pdu) return undefined;
  const p = splitParams(header.slice(header.indexOf(':') + 1));
  return p.length >= 2 ? { stat: p[0], pdu } : { pdu };
}

/** Every stored message: PDU mode takes stat 4 ("all"), text mode the word "ALL". */
export const cmglPduAll = 'AT+CMGL=4';
export const cmglTextAll = 'AT+CMGL="ALL"';

/** A stored message in a +CMGL listing: the PDU (PDU mode) or header fields and text (text mode). */
export interface ListedSms {
  index: number;
  /** <stat> as listed: a number in PDU mode, "REC UNREAD" … in text mode. */
  stat?: string;
  /** PDU mode: the hex PDU line. */
  pdu?: string;
  /** Text mode: the originator (the destination for a stored outgoing one) and the text. */
  from?: string;
  text?: string;
  /** Text mode: the service centre time stamp as the modem wrote it. */
  time?: string;
  /** Text mode: a stored status report (`<fo>,<mr>,[<ra>],[<tora>],<scts>,<dt>,<st>`). */
  report?: TextReport;
}

/** The fields of a text-mode status report. */
export interface TextReport {
  reference: number;
  recipient: string;
  status: number;
}

/**
 * A text-mode status report's fields from `<fo>,<mr>,[<ra>],[<tora>],<scts>,<dt>,<st>` (the
 * header after <index>,<stat> or <stat>): numbers where a text has its sender, so it must never
 * be read as a text from "6".
 */
function textReport(fields: readonly string[]): TextReport | undefined {
  if (fields.length < 7 || !/^\d+$/.test(fields[0] ?? '') || !/^\d+$/.test(fields[1] ?? '')) {
    return undefined;
  }
  const fo = Number.parseInt(fields[0]!, 10);
  const mr = Number.parseInt(fields[1]!, 10);
  // <fo> says SMS-STATUS-REPORT (TP-MTI 2): a sender and a name that are digits do not.
  if (fo > 0xff || (fo & 0x03) !== 2 || mr > 0xff) return undefined;
  const status = Number.parseInt(fields[fields.length - 1] ?? '', 10);
  if (!Number.isInteger(status) || status < 0 || status > 0xff) return undefined;
  return { reference: Number.parseInt(fields[1]!, 10), recipient: fields[2] ?? '', status };
}

/**
 * +CMGL: PDU mode `+CMGL: <index>,<stat>,[<alpha>],<length>` then the PDU; text mode
 * `+CMGL: <index>,<stat>,<oa>,[<alpha>],[<scts>]` then the text, possibly over several lines.
 * Entries that do not have that shape keep their index, so they can be reported and deleted.
 */
export function parseCmgl(lines: readonly string[], mode: 'pdu' | 'text'): ListedSms[] {
  const out: ListedSms[] = [];
  let current: { index: number; header: string; p: string[]; body: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const { index, p } = current;
    const stat = p[1] || undefined;
    if (mode === 'pdu') {
      const { pdu } = pduOf(current.header, current.body[0]);
      out.push({ index, ...(stat !== undefined && { stat }), ...(pdu !== undefined && { pdu }) });
    } else if (textReport(p.slice(2))) {
      out.push({ index, ...(stat !== undefined && { stat }), report: textReport(p.slice(2))! });
    } else {
      out.push({
        index,
        ...(stat !== undefined && { stat }),
        from: p[2],
        text: current.body.join('\n'),
        ...(p[4] ? { time: p[4] } : {}),
      });
    }
    current = undefined;
  };
  for (const line of lines) {
    if (responsePrefix(line) === '+CMGL') {
      flush();
      const header = mode === 'pdu' ? pduOf(line, undefined).header : line;
      const p = splitParams(header.slice(header.indexOf(':') + 1));
      const index = Number.parseInt(p[0] ?? '', 10);
      if (!Number.isInteger(index)) continue;
      current = { index, header: line, p, body: [] };
    } else if (current) current.body.push(line);
  }
  flush();
  return out;
}

/** Text-mode +CMGR: `+CMGR: <stat>,<oa>,[<alpha>],[<scts>]` then the text. */
export function parseCmgrText(
  lines: readonly string[],
): { stat?: string; from?: string; text?: string; time?: string; report?: TextReport } | undefined {
  const idx = lines.findIndex((l) => responsePrefix(l) === '+CMGR');
  if (idx < 0) return undefined;
  const p = splitParams(lines[idx]!.slice(lines[idx]!.indexOf(':') + 1));
  const report = textReport(p.slice(1));
  if (report) return { ...(p[0] ? { stat: p[0] } : {}), report };
  const from = p[1];
  if (!from) return undefined;
  // Motorola leaves out <alpha>: the time stamp is then the third field.
  const time = [p[3], p[2]].find((f) => f && /\d+\/\d+\/\d+,\d/.test(f));
  return {
    ...(p[0] ? { stat: p[0] } : {}),
    from,
    text: lines.slice(idx + 1).join('\n'),
    ...(time ? { time } : {}),
  };
}

/** Text-mode +CMT: `+CMT: <oa>,[<alpha>],<scts>` (the text is the URC's second line). */
export function parseCmtTextHeader(line: string): { from: string } | undefined {
  if (responsePrefix(line) !== '+CMT') return undefined;
  const p = splitParams(line.slice(line.indexOf(':') + 1));
  const from = p[0];
  return from ? { from } : undefined;
}

/** The SIM's own number(s), when the SIM has them stored (many do not). */
export const cnumQuery = 'AT+CNUM';

/** `+CNUM: [<alpha>],<number>,<type>` -> the first number, or undefined. */
export function parseCnum(lines: readonly string[]): string | undefined {
  const p = paramsOf(lines, '+CNUM');
  const number = p?.[1];
  return number && /^\+?\d{3,20}$/.test(number) ? number : undefined;
}

// --- Unsolicited result codes -------------------------------------------------------------

/** +CMTI: <mem>,<index> and +CDSI: <mem>,<index>: a message was stored. */
export function parseStoredIndication(line: string): { memory: string; index: number } | undefined {
  const prefix = responsePrefix(line);
  if (prefix !== '+CMTI' && prefix !== '+CDSI') return undefined;
  const p = splitParams(line.slice(line.indexOf(':') + 1));
  const index = Number.parseInt(p[1] ?? '', 10);
  if (!Number.isInteger(index)) return undefined;
  return { memory: p[0] ?? '', index };
}

/** Text-mode +CDS: <fo>,<mr>,[<ra>],[<tora>],<scts>,<dt>,<st>. */
export function parseCdsText(
  line: string,
): { reference: number; recipient: string; status: number } | undefined {
  if (responsePrefix(line) !== '+CDS') return undefined;
  const p = splitParams(line.slice(line.indexOf(':') + 1));
  if (p.length < 7) return undefined;
  const reference = Number.parseInt(p[1] ?? '', 10);
  const status = Number.parseInt(p[p.length - 1] ?? '', 10);
  if (!Number.isInteger(reference) || !Number.isInteger(status)) return undefined;
  // TP-Status is one octet; anything else is not a report we can classify.
  if (status < 0 || status > 0xff) return undefined;
  return { reference, recipient: p[2] ?? '', status };
}

// --- Character helpers for text mode with CSCS="UCS2" -------------------------------------

export function toUcs2Hex(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    out += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

export function fromUcs2Hex(hex: string): string | undefined {
  if (!/^([0-9A-F]{4})*$/i.test(hex)) return undefined;
  let out = '';
  for (let i = 0; i < hex.length; i += 4)
    out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
}

// --- USSD (TS 27.007 7.15, TS 23.038 5 for the data coding scheme) ------------------------

/** DCS 15: GSM 7-bit default alphabet, language unspecified (what operators' codes use). */
export const USSD_DCS_GSM7 = 15;

/** Starts a USSD request with result codes on: `AT+CUSD=1,"*100#",15`. */
export const cusdRequest = (code: string): string => `AT+CUSD=1,${quote(code)},${USSD_DCS_GSM7}`;
/** Ends a session the network left open (<m> 1, "further user action required"). */
export const cusdCancel = 'AT+CUSD=2';

/** <m> of +CUSD, TS 27.007 7.15. */
export type UssdStatus =
  'done' | 'action-required' | 'terminated' | 'other-client' | 'not-supported' | 'timeout';

const USSD_STATUS: Record<number, UssdStatus> = {
  0: 'done',
  1: 'action-required',
  2: 'terminated',
  3: 'other-client',
  4: 'not-supported',
  5: 'timeout',
};

export interface UssdReply {
  status: UssdStatus;
  /** <m> as received. */
  m: number;
  /** The decoded text, when the reply has one. */
  text?: string;
  dcs?: number;
}

/** The alphabet of a CBS/USSD data coding scheme (TS 23.038 5). */
export function ussdAlphabet(dcs: number | undefined): 'gsm7' | 'ucs2' | '8bit' {
  if (dcs === undefined || !Number.isInteger(dcs)) return 'gsm7';
  const group = dcs >> 4;
  if (dcs === 0x11) return 'ucs2'; // UCS-2 preceded by a two-character language
  if (group >= 4 && group <= 7) {
    const alphabet = (dcs >> 2) & 3;
    return alphabet === 2 ? 'ucs2' : alphabet === 1 ? '8bit' : 'gsm7';
  }
  if (group === 9) return (dcs >> 2) & 3 ? (((dcs >> 2) & 3) === 2 ? 'ucs2' : '8bit') : 'gsm7';
  if (group === 0xf) return dcs & 0x04 ? '8bit' : 'gsm7';
  return 'gsm7';
}

/**
 * Parses `+CUSD: <m>[,<str>,<dcs>]`. <str> comes as the modem's character set gives it, and
 * modems differ: plain text; UCS-2 as hex (DCS 72, or any DCS with AT+CSCS="UCS2"); or, on
 * Huawei and ZTE sticks, the GSM-7 septets packed and written as hex. Each is decoded; a hex
 * string is read as packed septets only when it is not all digits and gives readable text.
 */
export function parseCusd(line: string, charset?: string): UssdReply | undefined {
  if (responsePrefix(line) !== '+CUSD') return undefined;
  const p = splitParams(line.slice(line.indexOf(':') + 1));
  const m = Number.parseInt(p[0] ?? '', 10);
  if (!Number.isInteger(m)) return undefined;
  const status = USSD_STATUS[m] ?? 'terminated';
  const dcs = p[2] !== undefined && p[2] !== '' ? Number.parseInt(p[2], 10) : undefined;
  const raw = p[1];
  if (raw === undefined) return { status, m, ...(dcs !== undefined ? { dcs } : {}) };
  const hex = /^([0-9A-F]{2})+$/i.test(raw);
  let text = raw;
  const alphabet = ussdAlphabet(dcs);
  if (hex && raw.length % 4 === 0 && (alphabet === 'ucs2' || charset === 'UCS2')) {
    text = fromUcs2Hex(raw) ?? raw;
    if (dcs === 0x11) text = text.slice(2).replace(/^\r?\n/, '');
  } else if (hex && alphabet === 'gsm7' && raw.length >= 4 && !/^\d+$/.test(raw)) {
    // Digits alone are a plain answer ("1234"), not septets.
    const packed = unpackedText(raw);
    if (packed !== undefined && /^[\p{L}\p{N}\p{P}\p{S}\p{Zs}\r\n]+$/u.test(packed)) text = packed;
  }
  return { status, m, text, ...(dcs !== undefined && Number.isFinite(dcs) ? { dcs } : {}) };
}

/** Hex of packed GSM-7 septets as text; 7 spare bits at the end are padding (CR, or zero). */
function unpackedText(hex: string): string | undefined {
  try {
    const bytes = Uint8Array.from(Buffer.from(hex, 'hex'));
    const count = Math.floor((bytes.length * 8) / 7);
    let septets = unpackSeptets(bytes, count);
    if ((bytes.length * 8) % 7 === 0 && (septets.at(-1) === 0x0d || septets.at(-1) === 0)) {
      septets = septets.slice(0, -1);
    }
    return decodeGsm7(septets);
  } catch {
    return undefined;
  }
}
// --- Identity (IMEI, ICCID, IMSI) -----------------------------------------------------------

/** The SIM's ICCID: 3GPP has no standard command, so the common vendor spellings in turn. */
export const iccidQueries = ['AT+CCID', 'AT+QCCID', 'AT^ICCID?'] as const;

/**
 * An ICCID from any of iccidQueries' answers (`+CCID: "8935…"`, `+QCCID: 8935…`,
 * `^ICCID: 8935…`, or the bare digits): 18–22 digits, the last may be a hex check/filler nibble.
 */
export function parseIccid(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    const value = line
      .replace(/^[+^]?[A-Z]*CCID:\s*/i, '')
      .replace(/"/g, '')
      .trim();
    const m = /^(89\d{16,20}[0-9A-F]?)$/i.exec(value);
    if (m) return m[1]!.toUpperCase().replace(/F$/, '');
  }
  return undefined;
}

/** An IMEI from AT+CGSN (some modems prefix `+CGSN:` or quote it): 14–17 digits. */
export function parseImei(lines: readonly string[]): string | undefined {
  const text = parseInfoText(lines);
  return text && /^\d{14,17}$/.test(text) ? text : undefined;
}

/** An IMSI from AT+CIMI: 6–15 digits (an error or a locked SIM gives none). */
export function parseImsi(lines: readonly string[]): string | undefined {
  const text = parseInfoText(lines);
  return text && /^\d{6,15}$/.test(text) ? text : undefined;
}

// --- Access technology (3GPP TS 27.007 <AcT>) ------------------------------------------------

export type RadioGeneration = '2G' | '3G' | '4G' | '5G';

/** <AcT> of +COPS / +CREG / +CEREG as a generation: 0, 1, 3 are GSM (GPRS/EDGE). */
export function radioGeneration(act: number | undefined): RadioGeneration | undefined {
  if (act === undefined) return undefined;
  if (act === 0 || act === 1 || act === 3) return '2G';
  if (act === 2 || (act >= 4 && act <= 6)) return '3G';
  if (act === 7 || act === 8 || act === 9) return '4G';
  if (act >= 10 && act <= 13) return '5G';
  return undefined;
}

/** A full modem reset (radio and firmware restart); the port may vanish and come back. */
export const cfunReset = 'AT+CFUN=1,1';
