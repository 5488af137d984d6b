import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as at from '../../../src/main/modem/commands';

describe('AT command parsers', () => {
  it('splits parameters respecting quotes', () => {
    expect(at.splitParams(' 0,"a,b",, 3')).toEqual(['0', 'a,b', '', '3']);
  });

  it.each([
    ['+CPIN: READY', 'ready'],
    ['+CPIN: SIM PIN', 'pin-required'],
    ['+CPIN: SIM PUK', 'puk-required'],
    ['+CPIN: PH-SIM PIN', 'phone-lock'],
    ['+CPIN: NOT INSERTED', 'not-inserted'],
  ])('CPIN %s', (line, state) => {
    expect(at.parseCpin([line])).toBe(state);
  });

  it.each([
    ['+CREG: 0,1', 'home', 1],
    ['+CREG: 2,5,"00C3","0010AAD1",7', 'roaming', 5],
    ['+CGREG: 0,2', 'searching', 2],
    ['+CEREG: 0,3', 'denied', 3],
    ['+CREG: 0,0', 'not-registered', 0],
    ['+CEREG: 2,6,"1A2B","01A2B3C4",7', 'home', 6],
    // Unsolicited forms: <stat>[,<lac>,<ci>[,<act>]]
    ['+CREG: 1', 'home', 1],
    ['+CREG: 5,"00C3","0010AAD1"', 'roaming', 5],
    ['+CEREG: 1,"1A2B","01A2B3C4",7', 'home', 1],
  ])('registration %s', (line, registration, stat) => {
    expect(at.parseRegistration(line)).toMatchObject({ registration, stat });
  });

  it('picks the best registration of CREG/CGREG/CEREG', () => {
    expect(at.bestRegistration(['not-registered', 'home', 'searching'])).toBe('home');
    expect(at.bestRegistration([])).toBe('unknown');
  });

  it.each([
    [0, -113],
    [1, -111],
    [2, -109],
    [20, -73],
    [30, -53],
    [31, -51],
    [99, null],
  ])('CSQ rssi %i is %s dBm', (rssi, dbm) => {
    expect(at.csqToDbm(rssi)).toBe(dbm);
    expect(at.parseCsq([`+CSQ: ${rssi},99`])?.dbm).toBe(dbm);
  });

  it('signal bars', () => {
    expect(at.dbmToBars(null)).toBe(0);
    expect(at.dbmToBars(-51)).toBe(5);
    expect(at.dbmToBars(-95)).toBe(2);
  });

  it('COPS with and without an operator', () => {
    expect(at.parseCops(['+COPS: 0,0,"Elisa FI",7'])).toEqual({
      mode: 0,
      format: 0,
      name: 'Elisa FI',
      act: 7,
    });
    expect(at.parseCops(['+COPS: 0'])).toEqual({ mode: 0 });
  });

  it('CSCA', () => {
    expect(at.parseCsca(['+CSCA: "+358405202000",145'])).toEqual({
      number: '+358405202000',
      type: 145,
    });
    expect(at.cscaSet('+358405202000')).toBe('AT+CSCA="+358405202000",145');
  });

  it('CMGS builders and parser', () => {
    expect(at.cmgsPdu(23)).toBe('AT+CMGS=23');
    expect(at.cmgsText('+447700900123')).toBe('AT+CMGS="+447700900123",145');
    expect(at.cmgsText('0401234567')).toBe('AT+CMGS="0401234567"');
    expect(at.parseCmgs(['+CMGS: 12'])).toBe(12);
    expect(at.parseCmgs(['+CMGS: 255,"24/01/05,08:00:00+00"'])).toBe(255);
    expect(at.parseCmgs(['+CMGS: 256'])).toBeUndefined();
  });

  it('CSMP asks for status reports through the first octet', () => {
    expect(at.csmp({ statusReport: true, dcs: 8 })).toBe('AT+CSMP=49,167,0,8');
    expect(at.csmp({ statusReport: false, dcs: 0, validity: 11 })).toBe('AT+CSMP=17,11,0,0');
  });

  it('identity text with or without a prefix', () => {
    expect(at.parseInfoText(['Quectel'])).toBe('Quectel');
    expect(at.parseInfoText(['+CGMI: "SIMCOM_Ltd"'])).toBe('SIMCOM_Ltd');
    expect(at.parseInfoText(['Revision:1418B05SIM800L24'])).toBe('1418B05SIM800L24');
    expect(at.parseInfoText([])).toBeUndefined();
  });

  it('stored indications and CMGR', () => {
    expect(at.parseStoredIndication('+CMTI: "SM",3')).toEqual({ memory: 'SM', index: 3 });
    expect(at.parseStoredIndication('+CDSI: "SR",12')).toEqual({ memory: 'SR', index: 12 });
    expect(at.parseCmgrPdu(['+CMGR: 0,,25', '0006000C91'])).toEqual({
      stat: '0',
      pdu: '0006000C91',
    });
  });

  it('text-mode +CDS', () => {
    expect(
      at.parseCdsText(
        '+CDS: 6,46,"+447700900123",145,"24/01/05,08:00:00+00","24/01/05,08:00:05+00",0',
      ),
    ).toEqual({ reference: 46, recipient: '+447700900123', status: 0 });
    // TP-Status is one octet: a value outside it is no report (classifyStatus would throw).
    expect(
      at.parseCdsText(
        '+CDS: 6,46,"+447700900123",145,"24/01/05,08:00:00+00","24/01/05,08:00:05+00",256',
      ),
    ).toBeUndefined();
  });

  it('AT+CPMS: the memory messages are read from', () => {
    expect(at.cpmsRead('SR')).toBe('AT+CPMS="SR"');
    expect(at.parseCpmsRead(['+CPMS: "SM",3,20,"SM",3,20,"SM",3,20'])).toBe('SM');
    expect(at.parseCpmsRead(['+CPMS: "me",0,255,"ME",0,255'])).toBe('ME');
    expect(at.parseCpmsRead(['+CPMS: 3,20'])).toBeUndefined();
    expect(at.parseCpmsRead([])).toBeUndefined();
  });

  it('expected prefix of a command', () => {
    expect(at.expectedPrefix('AT+CSQ')).toBe('+CSQ');
    expect(at.expectedPrefix('AT+CREG?')).toBe('+CREG');
    expect(at.expectedPrefix('AT^SYSINFO')).toBe('^SYSINFO');
    expect(at.expectedPrefix('ATI')).toBeUndefined();
  });

  it('UCS2 hex round trip, surrogate pairs included', () => {
    expect(at.toUcs2Hex('+44')).toBe('002B00340034');
    expect(at.fromUcs2Hex(at.toUcs2Hex('код 😀'))).toBe('код 😀');
    expect(at.fromUcs2Hex('00Z')).toBeUndefined();
  });

  it('no parser throws on garbage (fuzz)', () => {
    const prefixes = fc.constantFrom(
      '',
      '+CPIN:',
      '+CREG:',
      '+CEREG:',
      '+CSQ:',
      '+COPS:',
      '+CSCA:',
      '+CMGS:',
      '+CMGR:',
      '+CMTI:',
      '+CDS:',
      '+CDSI:',
    );
    fc.assert(
      fc.property(
        prefixes,
        fc.string(),
        fc.array(fc.string(), { maxLength: 3 }),
        (prefix, rest, extra) => {
          const line = prefix + rest;
          const lines = [line, ...extra];
          at.parseCpin(lines);
          at.parseRegistration(line);
          const csq = at.parseCsq(lines);
          if (csq) expect(csq.dbm === null || (csq.dbm >= -113 && csq.dbm <= -51)).toBe(true);
          at.parseCops(lines);
          at.parseCsca(lines);
          const mr = at.parseCmgs(lines);
          if (mr !== undefined) expect(mr >= 0 && mr <= 255).toBe(true);
          at.parseCmgrPdu(lines);
          at.parseStoredIndication(line);
          at.parseCdsText(line);
          at.parseInfoText(lines);
          at.splitParams(line);
          at.fromUcs2Hex(rest);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
