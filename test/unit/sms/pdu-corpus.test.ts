// The codec on real PDUs: every case of the shared corpus (shared/reference/sms-corpus/pdus.json,
// taken from the test suites of Gammu, ModemManager, python-messaging, oFono, Android,
// python-gsmmodem and node-pdu) decodes to its expected fields, is refused as malformed, or
// encodes to the expected hex. The few cases we deliberately read otherwise are listed in
// EXPECTED_DIFFERENT with the reason; a listed case that starts passing fails the test, so the
// list stays true.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PduError,
  buildSubmitPdus,
  decodeDeliverPdu,
  decodeStatusReportPdu,
  decodeSubmitPdu,
  type ConcatInfo,
  type SmsTimestamp,
} from '../../../src/main/sms/pdu';
import { referencePath } from '../../support/reference';

interface CorpusCase {
  id: string;
  kind: 'deliver' | 'submit' | 'status-report' | 'malformed' | 'encode';
  pdu: string;
  smscIncluded: boolean;
  lenient?: boolean;
  decodeWith?: Array<'deliver' | 'submit' | 'status-report'>;
  encode?: {
    to: string;
    text: string;
    smsc?: string;
    validityMinutes?: number;
    requestStatusReport?: boolean;
  };
  expect: Record<string, unknown>;
}

const corpus = JSON.parse(readFileSync(referencePath('sms-corpus', 'pdus.json'), 'utf8')) as {
  cases: CorpusCase[];
};

/** Cases we decode or encode differently on purpose, with the reason. */
const EXPECTED_DIFFERENT: Record<string, string> = {
  'gammu-41':
    'a stored SUBMIT whose user data is cut short (TP-UDL 93 septets need 82 octets, 79 are ' +
    'there): refused as truncated rather than decoded into a partial text; the driver still ' +
    'classes it as a stored outgoing message from its TP-MTI',
  'gsmmodem-8':
    'TP-UDL 160 is impossible for UCS-2 user data (at most 140 octets) and only 10 octets ' +
    'follow: refused rather than guessing which of the two is wrong (its TP-DA, whose length ' +
    'counts the F filler, is read: see pdu.test.ts)',
  'gammu-20':
    'a SUBMIT with TP-UDHI set and TP-UDL 0: Gammu reads an empty message, ModemManager ' +
    'refuses the same shape (its test_pdu_wrong_udh, also in this corpus); we refuse it. The ' +
    'driver still classes it as a stored outgoing message from its TP-MTI',
  'pm-encode-c-cedilla':
    "'Ç' is sent as UCS-2 on purpose (GSM 03.38 septet 0x09 is 'ç' in the Unicode mapping, " +
    "and phones differ), so the PDU differs from the peer's GSM-7 one",
};

function iso(t: SmsTimestamp): string {
  const local = new Date(t.date.getTime() + t.offsetMinutes * 60_000);
  const sign = t.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(t.offsetMinutes);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${local.toISOString().slice(0, 19)}${zone}`;
}

function concatView(c: ConcatInfo | undefined): unknown {
  return c ? { ref: c.reference, total: c.total, seq: c.sequence } : null;
}

function hexOf(data: Uint8Array | undefined): string {
  return Buffer.from(data ?? [])
    .toString('hex')
    .toUpperCase();
}

/** The fields of `actual` that the case checks, in the corpus's terms. */
function check(c: CorpusCase): void {
  const e = c.expect;
  const opts = { hasSmsc: c.smscIncluded };
  const got: Record<string, unknown> = {};
  const want: Record<string, unknown> = {};
  const take = (key: string, value: unknown) => {
    if (key in e) {
      got[key] = value;
      want[key] = e[key];
    }
  };
  const anyOf = (key: string, value: unknown) => {
    if (key in e) expect(e[key] as unknown[]).toContain(value);
  };
  switch (c.kind) {
    case 'deliver': {
      const d = decodeDeliverPdu(c.pdu, opts);
      take('smsc', d.smsc);
      take('from', d.from);
      take('timestamp', iso(d.timestamp));
      take('concat', concatView(d.concat));
      take('text', d.text);
      take('encoding', d.encoding);
      take('data', hexOf(d.data));
      take('moreMessagesToSend', d.moreMessagesToSend);
      anyOf('textAny', d.text);
      anyOf('fromAny', d.from);
      break;
    }
    case 'submit': {
      const s = decodeSubmitPdu(c.pdu, opts);
      take('smsc', s.smsc);
      take('to', s.to);
      take('text', s.text);
      take('concat', concatView(s.concat));
      take('encoding', s.encoding);
      take('messageReference', s.messageReference);
      take('requestStatusReport', s.requestStatusReport);
      take('validityMinutes', s.validityMinutes);
      break;
    }
    case 'status-report': {
      const r = decodeStatusReportPdu(c.pdu, opts);
      take('smsc', r.smsc);
      take('recipient', r.recipient);
      take('messageReference', r.messageReference);
      take('status', r.status);
      take('outcome', r.outcome);
      take('timestamp', iso(r.serviceCentreTimestamp));
      take('dischargeTime', iso(r.dischargeTime));
      anyOf('recipientAny', r.recipient);
      break;
    }
    case 'malformed': {
      const decoders = {
        deliver: decodeDeliverPdu,
        submit: decodeSubmitPdu,
        'status-report': decodeStatusReportPdu,
      };
      for (const name of c.decodeWith ?? []) {
        let error: unknown;
        try {
          decoders[name](c.pdu, opts);
        } catch (thrown) {
          error = thrown;
        }
        expect(error, `${name} must refuse it`).toBeInstanceOf(PduError);
      }
      return;
    }
    case 'encode': {
      const [part, ...more] = buildSubmitPdus(c.encode!);
      expect(more).toEqual([]);
      take('hex', part!.hex);
      break;
    }
  }
  expect(got).toEqual(want);
}

function passes(c: CorpusCase): { ok: true } | { ok: false; error: unknown } {
  try {
    check(c);
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

describe('the shared SMS corpus (pdus.json)', () => {
  it('holds the cases this test was written against', () => {
    expect(corpus.cases.length).toBe(176);
    for (const id of Object.keys(EXPECTED_DIFFERENT)) {
      expect(corpus.cases.map((c) => c.id)).toContain(id);
    }
  });

  for (const c of corpus.cases) {
    const reason = EXPECTED_DIFFERENT[c.id];
    if (reason === undefined) {
      it(`${c.kind} ${c.id}`, () => check(c));
    } else {
      it(`${c.kind} ${c.id} is read differently on purpose: ${reason}`, () => {
        const result = passes(c);
        expect(result.ok, 'now passes: remove it from EXPECTED_DIFFERENT').toBe(false);
      });
    }
  }
});
