// The driver on real modem output: every AT transcript of the shared corpus
// (shared/reference/sms-corpus/at-listings.json, from Gammu's and ModemManager's test suites)
// goes through the channel as the modem sent it (echo, bare CR line ends, URCs inside a listing),
// then through the listing parsers and the stored-message reader the inbound path uses. Each
// message must come out as the corpus says: a text (checked against its pdus.json case), a
// delivery report, a message the phone saved to send, or unreadable.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AtChannel, type Urc } from '../../../src/main/modem/channel';
import * as at from '../../../src/main/modem/commands';
import {
  readStoredPdu,
  readStoredText,
  type StoredMessage,
} from '../../../src/main/modem/device/stored';
import { ManualScheduler } from '../../support/manual-scheduler';
import { referencePath } from '../../support/reference';

interface ExpectedMessage {
  pdu?: string;
  index?: number;
  stat?: number;
  outcome: 'sms' | 'report' | 'stored-outgoing' | 'unreadable';
  case?: string;
  from?: string;
  text?: string;
  textAny?: string[];
  messageReference?: number;
  status?: number;
}

interface TranscriptCase {
  id: string;
  command: string | null;
  transcript: string;
  expect: {
    mode?: 'text';
    messages?: ExpectedMessage[];
    urcs?: Array<ExpectedMessage & { name: string; memory?: string }>;
  };
}

const listings = JSON.parse(
  readFileSync(referencePath('sms-corpus', 'at-listings.json'), 'utf8'),
) as { cases: TranscriptCase[] };
const pdus = JSON.parse(readFileSync(referencePath('sms-corpus', 'pdus.json'), 'utf8')) as {
  cases: Array<{ id: string; expect: Record<string, unknown> }>;
};
const pduCase = (id: string) => pdus.cases.find((c) => c.id === id)!.expect;

/** The transcript through a channel: the command's information lines and the URCs. */
async function replay(c: TranscriptCase): Promise<{ lines: string[]; urcs: Urc[] }> {
  const channel = new AtChannel({ write: () => true }, { scheduler: new ManualScheduler() });
  const urcs: Urc[] = [];
  channel.on('urc', (u) => urcs.push(u));
  const answer = c.command ? channel.run(c.command) : undefined;
  channel.receive(Buffer.from(c.transcript, 'latin1'));
  const lines = answer ? (await answer).lines : [];
  return { lines, urcs };
}

function listed(
  c: TranscriptCase,
  lines: string[],
): Array<{ pdu?: string; message: StoredMessage; index?: number }> {
  const text = c.expect.mode === 'text';
  if (c.command?.startsWith('AT+CMGL')) {
    return at.parseCmgl(lines, text ? 'text' : 'pdu').map((item) => ({
      index: item.index,
      pdu: item.pdu,
      message: text ? readStoredText(item) : readStoredPdu(item.pdu),
    }));
  }
  if (text) return [{ message: readStoredText(at.parseCmgrText(lines)) }];
  const read = at.parseCmgrPdu(lines);
  return [{ pdu: read?.pdu, message: readStoredPdu(read?.pdu) }];
}

function checkMessage(
  expected: ExpectedMessage,
  got: { pdu?: string; message: StoredMessage; index?: number },
): void {
  const kind = {
    sms: 'sms',
    report: 'report',
    'stored-outgoing': 'stored-outgoing',
    unreadable: 'unreadable',
  }[expected.outcome];
  expect(got.message.kind).toBe(kind);
  if (expected.pdu) expect(got.pdu?.toUpperCase()).toBe(expected.pdu.toUpperCase());
  if (expected.index !== undefined) expect(got.index).toBe(expected.index);
  const m = got.message;
  const want = expected.case ? pduCase(expected.case) : {};
  if (m.kind === 'sms') {
    const from = expected.from ?? want.from;
    if (from !== undefined) expect(m.from).toBe(from);
    if (want.fromAny) expect(want.fromAny as string[]).toContain(m.from);
    const text = expected.text ?? (want.encoding === '8bit' ? undefined : want.text);
    if (text !== undefined) expect(m.text).toBe(text);
    if (expected.textAny) expect(expected.textAny).toContain(m.text);
  }
  if (m.kind === 'report') {
    const reference = expected.messageReference ?? want.messageReference;
    const status = expected.status ?? want.status;
    if (reference !== undefined) expect(m.report.reference).toBe(reference);
    if (status !== undefined) expect(m.report.status).toBe(status);
  }
}

describe('the shared AT transcripts (at-listings.json)', () => {
  it('holds the cases this test was written against', () => {
    expect(listings.cases.length).toBe(67);
  });

  for (const c of listings.cases) {
    it(`${c.id}: ${c.command ?? 'unsolicited'}`, async () => {
      const { lines, urcs } = await replay(c);
      const messages = c.expect.messages ?? [];
      if (messages.length > 0) {
        const got = listed(c, lines);
        expect(got).toHaveLength(messages.length);
        messages.forEach((m, i) => checkMessage(m, got[i]!));
      }
      const expectedUrcs = c.expect.urcs ?? [];
      expect(urcs.map((u) => u.name)).toEqual(expectedUrcs.map((u) => u.name));
      expectedUrcs.forEach((u, i) => {
        const urc = urcs[i]!;
        if (u.name === '+CMTI') {
          expect(at.parseStoredIndication(urc.line)).toEqual({ memory: u.memory, index: u.index });
          return;
        }
        expect(urc.body).toBe(u.pdu);
        checkMessage(u, { pdu: urc.body, message: readStoredPdu(urc.body) });
      });
    });
  }
});
