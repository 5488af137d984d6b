import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildSubmitPdus,
  classifyStatus,
  decodeDeliverPdu,
  decodeStatusReportPdu,
  decodeSubmitPdu,
  encodeDeliverPdu,
  encodeStatusReportPdu,
  minutesToRelativeVp,
  PduError,
  relativeVpToMinutes,
} from '../../../src/main/sms/pdu';

// Public reference PDUs (the Nokia "hellohello" example of the classic PDU-mode guides, and
// SMS-DELIVERs captured from networks that several PDU libraries use as fixtures).
const HELLO_SUBMIT = '0011000B916407281553F80000AA0AE8329BFD4697D9EC37';
const FOX_SUBMIT =
  '058178563412110008812143658700000B2B54741914AFA7C76B9058FEBEBB41E6371EA4AEB7E173D0DB5E9683E8E832881DD6E741E4F719';
const HELLO_DELIVER = '07917238010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37';
const HOW_DELIVER = '07911326040000F0040B911346610089F60000208062917314800CC8F71D14969741F977FD07';
const MCHS_DELIVER =
  '07919730071111F14007D0CD21720A0008718042814134218B0608040AE50301041D04300020043E0441043D043E04320430043D043804380020043F0440043E0433043D043E0437043000200424041304110423002000AB04260435043D044204400430043B044C043D043E0435002004230413041C042100BB00200032003400200430043204330443044104420430002004320020041C043E0441043A043204350020';

// Built by hand from TS 23.040 9.2.2 (see the field comments where they are used).
const STATUS_REPORT =
  '0791534850020200' + // SMSC: 7 octets, 0x91 international, +358405202000
  '06' + // SMS-STATUS-REPORT, TP-MMS 1 (no more messages)
  '2A' + // TP-MR 42
  '0C91534810325476' + // TP-RA: 12 digits, international, +358401234567
  '42103121430080' + // TP-SCTS 24-01-13 12:34:00, +8 quarters
  '42103121435080' + // TP-DT 24-01-13 12:34:05, +8 quarters
  '00'; // TP-ST: received by the SME

function expectPduError(run: () => unknown, code?: string): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(PduError);
  if (code) expect((thrown as PduError).code).toBe(code);
}

describe('buildSubmitPdus', () => {
  it('reproduces the classic "hellohello" PDU (AT+CMGS=23)', () => {
    const [part, ...rest] = buildSubmitPdus({
      to: '+46708251358',
      text: 'hellohello',
      requestStatusReport: false,
      validityMinutes: 4 * 24 * 60, // TP-VP 0xAA
    });
    expect(rest).toEqual([]);
    expect(part).toEqual({ hex: HELLO_SUBMIT, tpduLength: 23, text: 'hellohello' });
  });

  it('reproduces a PDU with an SMSC of unknown type and a one-hour validity', () => {
    const [part] = buildSubmitPdus({
      to: '12345678',
      smsc: '87654321',
      text: 'The quick brown fox jumps over the lazy dog',
      requestStatusReport: false,
      validityMinutes: 60,
    });
    expect(part!.hex).toBe(FOX_SUBMIT);
    expect(part!.tpduLength).toBe(FOX_SUBMIT.length / 2 - 6);
  });

  it('builds our default single-part GSM-7 PDU exactly as TS 23.040 lays it out', () => {
    const expected =
      '00' + // no SMSC: the modem uses the SIM's
      '21' + // TP-MTI 01 SMS-SUBMIT, TP-VPF 00 (none), TP-SRR 1
      '00' + // TP-MR 0: the modem assigns it
      '0C' + // TP-DA: 12 digits
      '91' + // international, E.164
      '534810325476' + // 358401234567 in swapped semi-octets
      '00' + // TP-PID
      '00' + // TP-DCS: GSM 7-bit default alphabet
      '0B' + // TP-UDL: 11 septets
      'C337B90C8AC966B49A0D'; // "Code 123456" packed
    const parts = buildSubmitPdus({ to: '+358401234567', text: 'Code 123456' });
    expect(parts).toEqual([{ hex: expected, tpduLength: 23, text: 'Code 123456' }]);
  });

  it('builds a UCS-2 PDU to a national number', () => {
    const expected =
      '00' +
      '21' +
      '00' +
      '0A' + // 10 digits
      '81' + // unknown type of number, E.164 plan
      '4010325476' + // 0401234567
      '00' +
      '08' + // TP-DCS: UCS2
      '0C' + // 12 octets
      '041F04400438043204350442'; // Привет
    expect(buildSubmitPdus({ to: '0401234567', text: 'Привет' })).toEqual([
      { hex: expected, tpduLength: 24, text: 'Привет' },
    ]);
  });

  it('adds the concatenation header and one fill bit to each GSM-7 part', () => {
    const text = 'a'.repeat(153) + 'b'.repeat(8);
    const parts = buildSubmitPdus({ to: '+358401234567', text, concatReference: 0x2a });
    expect(parts.map((p) => p.text)).toEqual(['a'.repeat(153), 'b'.repeat(8)]);
    const head = '00' + '61' + '00' + '0C91534810325476' + '0000'; // 0x61: SUBMIT + SRR + UDHI
    expect(parts[0]!.hex.startsWith(head + 'A0' + '0500032A0201' + 'C2E170381C0E87C3')).toBe(true);
    expect(parts[0]!.tpduLength).toBe(12 + 1 + 140);
    expect(parts[1]!.hex).toBe(head + '0F' + '0500032A0202' + 'C462B1582C168B01');
  });

  it('splits UCS-2 into 67-unit parts with the header counted in TP-UDL', () => {
    const parts = buildSubmitPdus({
      to: '+358401234567',
      text: 'ж'.repeat(70) + '😀',
      concatReference: 7,
    });
    expect(parts).toHaveLength(2);
    expect(parts[0]!.hex.slice(2 + 2 * 12, 2 + 2 * 12 + 2 + 12)).toBe('8C' + '050003070201');
    const decoded = parts.map((p) => decodeSubmitPdu(p.hex));
    expect(decoded.map((d) => d.concat)).toEqual([
      { reference: 7, total: 2, sequence: 1 },
      { reference: 7, total: 2, sequence: 2 },
    ]);
    expect(decoded.map((d) => d.text).join('')).toBe('ж'.repeat(70) + '😀');
  });

  it('writes an SMSC given in international form', () => {
    const [part] = buildSubmitPdus({ to: '+358401234567', text: 'x', smsc: '+358405202000' });
    expect(part!.hex.startsWith('0791534850020200' + '21')).toBe(true);
    expect(part!.tpduLength).toBe(part!.hex.length / 2 - 8);
    expect(decodeSubmitPdu(part!.hex).smsc).toBe('+358405202000');
  });

  it('rounds the validity period up to what TP-VP can say', () => {
    const cases: Array<[number, number]> = [
      [1, 0],
      [5, 0],
      [6, 1],
      [60, 11],
      [720, 143],
      [721, 144],
      [1440, 167],
      [1441, 168],
      [5760, 170],
      [30 * 1440, 196],
      [30 * 1440 + 1, 197],
      [63 * 7 * 1440, 255],
    ];
    for (const [minutes, vp] of cases) {
      expect(minutesToRelativeVp(minutes), `${minutes} min`).toBe(vp);
      expect(relativeVpToMinutes(vp)).toBeGreaterThanOrEqual(minutes);
    }
    for (let vp = 0; vp <= 255; vp++) expect(minutesToRelativeVp(relativeVpToMinutes(vp))).toBe(vp);
  });

  it('refuses what it cannot put in a PDU', () => {
    const ok = { to: '+358401234567', text: 'hi' };
    expectPduError(() => buildSubmitPdus({ ...ok, to: '040 123' }), 'INVALID_ARGUMENT');
    expectPduError(() => buildSubmitPdus({ ...ok, to: '+' }), 'INVALID_ARGUMENT');
    expectPduError(() => buildSubmitPdus({ ...ok, to: '1'.repeat(21) }), 'INVALID_ARGUMENT');
    expectPduError(() => buildSubmitPdus({ ...ok, smsc: 'smsc' }), 'INVALID_ARGUMENT');
    expectPduError(() => buildSubmitPdus({ ...ok, validityMinutes: 0 }), 'INVALID_ARGUMENT');
    expectPduError(() => buildSubmitPdus({ ...ok, validityMinutes: 64 * 7 * 1440 }));
    expectPduError(() => buildSubmitPdus({ ...ok, validityMinutes: Number.NaN }));
    expectPduError(() => buildSubmitPdus({ ...ok, concatReference: 256 }), 'INVALID_ARGUMENT');
    expectPduError(() => buildSubmitPdus({ ...ok, text: 'a'.repeat(161) }), 'INVALID_ARGUMENT');
    expectPduError(
      () => buildSubmitPdus({ ...ok, text: 'a'.repeat(153 * 255 + 1), concatReference: 1 }),
      'INVALID_ARGUMENT',
    );
    expect(
      buildSubmitPdus({ ...ok, text: 'a'.repeat(153 * 255), concatReference: 1 }),
    ).toHaveLength(255);
  });
});

describe('decodeSubmitPdu', () => {
  it('decodes the reference PDUs', () => {
    expect(decodeSubmitPdu(HELLO_SUBMIT)).toEqual({
      to: '+46708251358',
      requestStatusReport: false,
      messageReference: 0,
      encoding: 'gsm7',
      text: 'hellohello',
      validityMinutes: 4 * 24 * 60,
    });
    expect(decodeSubmitPdu(FOX_SUBMIT)).toMatchObject({
      smsc: '87654321',
      to: '12345678',
      text: 'The quick brown fox jumps over the lazy dog',
      validityMinutes: 60,
    });
    // A type-of-address octet without its high bit set (0x02) still reads as a plain number.
    expect(decodeSubmitPdu('0011000802231537180000AA0D5062154403D1CB68D03DED06')).toMatchObject({
      to: '32517381',
      text: 'PDU 4 teh win',
    });
  });

  it('decodes a TPDU without the SMSC part when told so', () => {
    expect(decodeSubmitPdu(HELLO_SUBMIT.slice(2), { hasSmsc: false }).text).toBe('hellohello');
  });

  it('accepts lower case and surrounding white space', () => {
    expect(decodeSubmitPdu(` ${HELLO_SUBMIT.toLowerCase()}\r\n`).text).toBe('hellohello');
  });
});

describe('SMS-DELIVER', () => {
  it('decodes the reference PDUs', () => {
    expect(decodeDeliverPdu(HELLO_DELIVER)).toEqual({
      smsc: '+27831000015',
      from: '27838890001', // type 0xC8: subscriber number, no '+'
      timestamp: { date: new Date('1999-03-29T15:16:59+02:00'), offsetMinutes: 120 },
      encoding: 'gsm7',
      text: 'hellohello',
      moreMessagesToSend: false,
    });
    expect(decodeDeliverPdu(HOW_DELIVER)).toMatchObject({
      smsc: '+31624000000',
      from: '+31641600986',
      timestamp: { date: new Date('2002-08-26T19:37:41+02:00'), offsetMinutes: 120 },
      text: 'How are you?',
    });
  });

  it('decodes an alphanumeric sender, UCS-2 and a 16-bit concatenation reference', () => {
    expect(decodeDeliverPdu(MCHS_DELIVER)).toEqual({
      smsc: '+79037011111',
      from: 'MCHS',
      timestamp: { date: new Date('2017-08-24T18:14:43+03:00'), offsetMinutes: 180 },
      encoding: 'ucs2',
      concat: { reference: 2789, total: 3, sequence: 1 },
      text: 'На основании прогноза ФГБУ «Центральное УГМС» 24 августа в Москве ',
      moreMessagesToSend: true,
    });
  });

  it('encodes what it decodes, alphanumeric senders and negative time zones included', () => {
    const timestamp = new Date('2026-01-05T08:00:00Z');
    const [part] = encodeDeliverPdu({
      from: 'Kiosk€',
      text: 'Hei!',
      timestamp,
      offsetMinutes: -300,
    });
    // 6 characters, 7 septets -> 13 useful semi-octets; time zone -20 quarters -> 0x0A.
    expect(part!.hex.startsWith('00040DD0')).toBe(true);
    expect(part!.hex).toContain('0A' + '04'); // time zone octet, then TP-UDL 4
    expect(decodeDeliverPdu(part!.hex)).toEqual({
      from: 'Kiosk€',
      timestamp: { date: timestamp, offsetMinutes: -300 },
      encoding: 'gsm7',
      text: 'Hei!',
      moreMessagesToSend: false,
    });
  });

  it('returns 8-bit data as bytes', () => {
    // Hand-made: SMS-DELIVER from +12, DCS 0x04 (8-bit), 3 octets.
    const decoded = decodeDeliverPdu(
      '00' + '04' + '029121' + '00' + '04' + '62105021000000' + '03FF0041',
    );
    expect(decoded.encoding).toBe('8bit');
    expect([...decoded.data!]).toEqual([0xff, 0x00, 0x41]);
    expect(decoded.from).toBe('+12');
  });
});

describe('SMS-STATUS-REPORT', () => {
  it('decodes the hand-built report', () => {
    expect(decodeStatusReportPdu(STATUS_REPORT)).toEqual({
      smsc: '+358405202000',
      messageReference: 42,
      recipient: '+358401234567',
      serviceCentreTimestamp: { date: new Date('2024-01-13T10:34:00Z'), offsetMinutes: 120 },
      dischargeTime: { date: new Date('2024-01-13T10:34:05Z'), offsetMinutes: 120 },
      status: 0,
      outcome: 'delivered',
    });
  });

  it('encodes the same report', () => {
    expect(
      encodeStatusReportPdu({
        smsc: '+358405202000',
        messageReference: 42,
        recipient: '+358401234567',
        serviceCentreTimestamp: new Date('2024-01-13T10:34:00Z'),
        dischargeTime: new Date('2024-01-13T10:34:05Z'),
        status: 0,
        offsetMinutes: 120,
      }),
    ).toEqual({ hex: STATUS_REPORT, tpduLength: STATUS_REPORT.length / 2 - 8 });
  });

  it('ignores the optional parameters after TP-ST', () => {
    expect(decodeStatusReportPdu(STATUS_REPORT + '03' + '00' + '00').outcome).toBe('delivered');
  });

  it('classifies TP-ST as TS 23.040 9.2.3.15 says', () => {
    const expected: Record<string, number[]> = {
      delivered: [0x00, 0x01, 0x02, 0x10, 0x1f],
      pending: [0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x30, 0x3f],
      // Permanent errors, temporary errors the SC gave up on, and reserved values (read as
      // "Service Rejected").
      failed: [
        0x03, 0x0f, 0x26, 0x2f, 0x40, 0x46, 0x49, 0x4a, 0x50, 0x60, 0x63, 0x66, 0x70, 0x80, 0xff,
      ],
    };
    for (const [outcome, statuses] of Object.entries(expected)) {
      for (const status of statuses)
        expect(classifyStatus(status), status.toString(16)).toBe(outcome);
    }
    expectPduError(() => classifyStatus(256), 'INVALID_ARGUMENT');
  });
});

describe('tolerance of what real modems send', () => {
  it('ignores octets after the user data unless strict', () => {
    // Gammu's at-sms/39 carries 30 octets after the text; a stored PDU may be padded with FF.
    expect(decodeDeliverPdu(HELLO_DELIVER + '89FFFF').text).toBe('hellohello');
    expect(decodeSubmitPdu(HELLO_SUBMIT + 'FF').text).toBe('hellohello');
    expectPduError(() => decodeDeliverPdu(HELLO_DELIVER + '89', { strict: true }), 'TRAILING_DATA');
  });

  it('reads an address whose length counts the F filler', () => {
    // TP-OA: 11 digits +27838890001 written as length 12 (0C) with the filler F counted.
    const counted = HELLO_DELIVER.replace('040BC87238880900F1', '040CC87238880900F1');
    expect(decodeDeliverPdu(counted).from).toBe('27838890001');
    // A filler anywhere but the last counted semi-octet is still refused.
    expectPduError(
      () => decodeDeliverPdu(HELLO_DELIVER.replace('040BC87238880900F1', '040BC872388809F0F1')),
      'INVALID_FIELD',
    );
  });

  it('reads a status report whose time zone semi-octet is not BCD', () => {
    // oFono's sr_pdu3: zone octet 0xA0, read as +10 quarters.
    const report = decodeStatusReportPdu('0606098121436587F9019012413064A0019012413045A000', {
      hasSmsc: false,
    });
    expect(report).toMatchObject({ messageReference: 6, status: 0, outcome: 'delivered' });
    expect(report.serviceCentreTimestamp.offsetMinutes).toBe(150);
    // In a DELIVER the time stamp is the message's: still refused.
    expectPduError(() => decodeDeliverPdu(HELLO_DELIVER.replace('6195800A', '6195A00A')));
  });
});

describe('garbled input', () => {
  const decoders = [decodeSubmitPdu, decodeDeliverPdu, decodeStatusReportPdu];

  it('names the problem with a PduError code', () => {
    for (const decode of decoders) {
      expectPduError(() => decode(''), 'TRUNCATED');
      expectPduError(() => decode('0'), 'INVALID_LENGTH');
      expectPduError(() => decode('0G'), 'INVALID_HEX');
      expectPduError(() => decode('00 11'), 'INVALID_HEX');
      expectPduError(() => decode('00'), 'TRUNCATED');
      expectPduError(() => decode(123 as unknown as string), 'INVALID_HEX');
    }
    expectPduError(() => decodeSubmitPdu(HELLO_DELIVER), 'WRONG_MESSAGE_TYPE');
    expectPduError(() => decodeDeliverPdu(HELLO_SUBMIT), 'WRONG_MESSAGE_TYPE');
    expectPduError(() => decodeStatusReportPdu(HELLO_SUBMIT), 'WRONG_MESSAGE_TYPE');
    expectPduError(() => decodeSubmitPdu(HELLO_SUBMIT + '00', { strict: true }), 'TRAILING_DATA');
    expectPduError(() => decodeSubmitPdu(HELLO_SUBMIT.replace('AA0A', 'AAA1')), 'INVALID_LENGTH');
    expectPduError(() => decodeSubmitPdu(HELLO_SUBMIT.replace('0B91', '1591')), 'INVALID_LENGTH');
    expectPduError(() => decodeSubmitPdu('0C' + HELLO_SUBMIT.slice(2)), 'INVALID_LENGTH'); // SMSC 12
    expectPduError(() => decodeSubmitPdu(HELLO_SUBMIT.replace('0000AA', '0020AA')), 'UNSUPPORTED');
    // TP-UDHI set but the header length runs past the user data.
    expectPduError(() => decodeSubmitPdu('0051000B916407281553F80000AA02FF00'), 'INVALID_LENGTH');
    // Month 13 in the time stamp.
    expectPduError(() => decodeDeliverPdu(HELLO_DELIVER.replace('99309251', '99319251')));
  });

  it('throws for every truncation of a valid PDU', () => {
    for (const [decode, hex, minimum] of [
      [decodeSubmitPdu, HELLO_SUBMIT, HELLO_SUBMIT.length],
      [decodeSubmitPdu, FOX_SUBMIT, FOX_SUBMIT.length],
      [decodeDeliverPdu, HELLO_DELIVER, HELLO_DELIVER.length],
      [decodeDeliverPdu, MCHS_DELIVER, MCHS_DELIVER.length],
      [decodeStatusReportPdu, STATUS_REPORT, STATUS_REPORT.length],
    ] as const) {
      for (let end = 0; end < minimum; end += 2) expectPduError(() => decode(hex.slice(0, end)));
    }
  });

  it('throws PduError or decodes, for random octets', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const hex = Buffer.from(bytes).toString('hex');
        for (const decode of decoders) expectReturnsOrPduError(() => decode(hex));
      }),
      { numRuns: 500 },
    );
  });

  it('throws PduError or decodes, for valid PDUs with octets changed, cut or added', () => {
    const valid = [
      HELLO_SUBMIT,
      FOX_SUBMIT,
      HELLO_DELIVER,
      HOW_DELIVER,
      MCHS_DELIVER,
      STATUS_REPORT,
    ];
    const mutated = fc
      .tuple(
        fc.constantFrom(...valid),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.integer({ min: -4, max: 4 }),
      )
      .map(([hex, changes, resize]) => {
        const bytes = [...Buffer.from(hex, 'hex')];
        for (const [at, value] of changes) bytes[at % bytes.length] = value;
        if (resize < 0) bytes.length += resize;
        else for (let i = 0; i < resize; i++) bytes.push(0);
        return Buffer.from(bytes).toString('hex');
      });
    fc.assert(
      fc.property(mutated, (hex) => {
        for (const decode of decoders) expectReturnsOrPduError(() => decode(hex));
      }),
      { numRuns: 2000 },
    );
  });

  it('throws PduError or decodes, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (text) => {
        for (const decode of decoders) expectReturnsOrPduError(() => decode(text));
      }),
    );
  });
});

function expectReturnsOrPduError(run: () => unknown): void {
  try {
    const result = run() as { text?: unknown };
    expect(typeof result).toBe('object');
    if ('text' in result) expect(typeof result.text).toBe('string');
  } catch (error) {
    expect(error).toBeInstanceOf(PduError);
  }
}

describe('round trips', () => {
  const to = '+358401234567';
  const fixedOctets = 13; // first octet, TP-MR, TP-DA (8), TP-PID, TP-DCS, TP-UDL

  function roundTrip(text: string): void {
    const parts = buildSubmitPdus({ to, text, concatReference: 200 });
    const decoded = parts.map((part) => {
      expect(part.tpduLength - fixedOctets).toBeLessThanOrEqual(140);
      expect(part.hex.length / 2).toBe(part.tpduLength + 1);
      return decodeSubmitPdu(part.hex);
    });
    expect(decoded.map((d) => d.text)).toEqual(parts.map((p) => p.text));
    expect(decoded.map((d) => d.text).join('')).toBe(text);
    for (const [i, d] of decoded.entries()) {
      expect(d.to).toBe(to);
      expect(d.requestStatusReport).toBe(true);
      if (parts.length === 1) expect(d.concat).toBeUndefined();
      else expect(d.concat).toEqual({ reference: 200, total: parts.length, sequence: i + 1 });
    }
  }

  it('any GSM-7 text survives build + decode', () => {
    const unit = fc.oneof(
      fc.constantFrom(
        ...'@£$¥èéùìòç\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà',
      ),
      fc.constantFrom('€', '[', ']', '{', '}', '~', '\\', '^', '|', '\f'),
    );
    fc.assert(fc.property(fc.string({ unit, maxLength: 700, size: 'max' }), roundTrip));
  });

  it('any Unicode text survives build + decode', () => {
    const unit = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      fc.nat(0xffff).map((n) => String.fromCharCode(n)),
    );
    fc.assert(fc.property(fc.string({ unit, maxLength: 300, size: 'max' }), roundTrip));
  });

  it('any SMS-DELIVER survives encode + decode', () => {
    const from = fc.oneof(
      fc.constantFrom('+358401234567', '12345', 'InfoSMS', 'Bank{1}'),
      fc.stringMatching(/^\+?\d{1,20}$/),
    );
    const timestamp = fc.date({
      min: new Date('1980-01-02T00:00:00Z'),
      max: new Date('2079-12-30T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(
        from,
        fc.string({ unit: 'binary', maxLength: 200, size: 'max' }),
        timestamp,
        fc.integer({ min: -48, max: 56 }),
        (sender, text, date, quarters) => {
          const when = new Date(Math.floor(date.getTime() / 1000) * 1000);
          const parts = encodeDeliverPdu({
            from: sender,
            text,
            timestamp: when,
            offsetMinutes: quarters * 15,
            concatReference: 9,
          });
          const decoded = parts.map((p) => decodeDeliverPdu(p.hex));
          expect(decoded.map((d) => d.text).join('')).toBe(text);
          for (const d of decoded) {
            expect(d.from).toBe(sender);
            expect(d.timestamp).toEqual({ date: when, offsetMinutes: quarters * 15 });
          }
        },
      ),
    );
  });

  it('any SMS-STATUS-REPORT survives encode + decode', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        fc.stringMatching(/^\+?\d{1,20}$/),
        (messageReference, status, recipient) => {
          const at = new Date('2026-01-05T08:00:00Z');
          const { hex } = encodeStatusReportPdu({
            messageReference,
            recipient,
            serviceCentreTimestamp: at,
            dischargeTime: at,
            status,
          });
          expect(decodeStatusReportPdu(hex)).toEqual({
            messageReference,
            recipient,
            serviceCentreTimestamp: { date: at, offsetMinutes: 0 },
            dischargeTime: { date: at, offsetMinutes: 0 },
            status,
            outcome: classifyStatus(status),
          });
        },
      ),
    );
  });
});
