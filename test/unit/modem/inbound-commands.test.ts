// Parsers for reading stored messages, on lines recorded from modems (SIM800, Quectel EC25).
import { describe, expect, it } from 'vitest';
import * as at from '../../../src/main/modem/commands';
import { readStoredText } from '../../../src/main/modem/device/stored';

describe('inbound SMS parsers', () => {
  it('parses a PDU-mode +CMGL listing, keeping the index of an entry without a PDU', () => {
    const lines = [
      '+CMGL: 1,0,,24',
      '07914306073011F0040B914385600021F100006211721404850005C8329BFD06',
      '+CMGL: 3,1,,24',
      '+CMGL: 4,1,,22',
      '07914306073011F0040B914385600021F10000621172',
    ];
    expect(at.parseCmgl(lines, 'pdu')).toEqual([
      {
        index: 1,
        stat: '0',
        pdu: '07914306073011F0040B914385600021F100006211721404850005C8329BFD06',
      },
      { index: 3, stat: '1' },
      { index: 4, stat: '1', pdu: '07914306073011F0040B914385600021F10000621172' },
    ]);
  });

  it('parses a text-mode +CMGL listing with a text over two lines', () => {
    const lines = [
      '+CMGL: 2,"REC UNREAD","+358401234567",,"26/11/27,12:00:00+08"',
      '123456',
      '+CMGL: 5,"REC READ","+46701234567","Bo","26/11/27,12:01:00+04"',
      'line one',
      'line two',
    ];
    expect(at.parseCmgl(lines, 'text')).toEqual([
      {
        index: 2,
        stat: 'REC UNREAD',
        from: '+358401234567',
        text: '123456',
        time: '26/11/27,12:00:00+08',
      },
      {
        index: 5,
        stat: 'REC READ',
        from: '+46701234567',
        text: 'line one\nline two',
        time: '26/11/27,12:01:00+04',
      },
    ]);
  });

  it('parses text-mode +CMGR and +CMT headers', () => {
    expect(
      at.parseCmgrText(['+CMGR: "REC UNREAD","+358401234567",,"26/11/27,12:00:00+08"', 'hi']),
    ).toEqual({
      stat: 'REC UNREAD',
      from: '+358401234567',
      text: 'hi',
      time: '26/11/27,12:00:00+08',
    });
    expect(at.parseCmgrText(['+CMGR: 0,,24'])).toEqual(undefined);
    expect(at.parseCmtTextHeader('+CMT: "+358401234567",,"26/11/27,12:00:00+08"')).toEqual({
      from: '+358401234567',
    });
    expect(at.parseCmtTextHeader('+CMT: ,24')).toBeUndefined();
  });

  it('parses +CNUM, which many SIMs leave empty', () => {
    expect(at.parseCnum(['+CNUM: "Own","+358451112223",145'])).toBe('+358451112223');
    expect(at.parseCnum(['+CNUM: ,"",129'])).toBeUndefined();
    expect(at.parseCnum([])).toBeUndefined();
  });

  it('reads a text-mode status report in a listing as a report, never as a text from "6"', () => {
    const lines = [
      '+CMGL: 3,"REC UNREAD",6,42,"+358401234567",145,"26/11/27,12:00:00+08","26/11/27,12:00:05+08",0',
      '+CMGL: 4,"REC READ","12345","67","26/11/27,12:01:00+04",129,4,0,0,"+358405202000",145,2',
      'hi',
    ];
    expect(at.parseCmgl(lines, 'text')).toEqual([
      {
        index: 3,
        stat: 'REC UNREAD',
        report: { reference: 42, recipient: '+358401234567', status: 0 },
      },
      { index: 4, stat: 'REC READ', from: '12345', text: 'hi', time: '26/11/27,12:01:00+04' },
    ]);
    expect(
      at.parseCmgrText([
        '+CMGR: "REC UNREAD",6,7,"+4670",145,"26/11/27,12:00:00+08","26/11/27,12:00:05+08",70',
      ]),
    ).toEqual({ stat: 'REC UNREAD', report: { reference: 7, recipient: '+4670', status: 70 } });
    // What the inbound path makes of it: a delivery report, not a text.
    expect(readStoredText(at.parseCmgl(lines, 'text')[0])).toEqual({
      kind: 'report',
      report: { reference: 42, recipient: '+358401234567', status: 0, outcome: 'delivered' },
    });
  });
});
