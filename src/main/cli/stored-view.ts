// What `modem read` shows of the messages on a SIM: received texts with their parts joined (a
// long text in several SIM slots is one message), the sender's time with its zone, and the
// other entries (reports, messages saved to send, unreadable ones) by slot. Pure, so the
// grouping is tested without a modem.
import type { StoredMessage } from '../modem/device';
import type { SmsTimestamp } from '../sms/pdu';

export interface ReadText {
  /** SIM slots holding the parts, in part order. */
  indexes: number[];
  from: string;
  /** The service centre time with the sender's zone (`2026-01-05T10:00:00+02:00`), or as the modem wrote it (text mode). */
  time?: string;
  text: string;
  parts: number;
  /** False when some parts of a concatenated text are not on the SIM (yet). */
  complete: boolean;
  encoding?: string;
}

export interface ReadOther {
  index: number;
  kind: 'report' | 'stored-outgoing' | 'unreadable';
  detail: string;
}

export function localTime(t: SmsTimestamp): string {
  const local = new Date(t.date.getTime() + t.offsetMinutes * 60_000);
  const abs = Math.abs(t.offsetMinutes);
  const zone = `${t.offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${local.toISOString().slice(0, 19)}${zone}`;
}

export function storedView(entries: ReadonlyArray<{ index: number; message: StoredMessage }>): {
  texts: ReadText[];
  other: ReadOther[];
} {
  const texts: ReadText[] = [];
  const other: ReadOther[] = [];
  const groups = new Map<
    string,
    { text: ReadText; parts: Map<number, { index: number; text: string }>; total: number }
  >();
  for (const { index, message: m } of entries) {
    if (m.kind === 'sms') {
      const time = m.timestamp ? localTime(m.timestamp) : m.time;
      const base = {
        from: m.from,
        ...(time ? { time } : {}),
        ...(m.encoding ? { encoding: m.encoding } : {}),
      };
      if (!m.concat || m.concat.total <= 1) {
        texts.push({ indexes: [index], ...base, text: m.text, parts: 1, complete: true });
        continue;
      }
      const key = `${m.from}|${m.concat.reference}|${m.concat.total}`;
      let group = groups.get(key);
      if (!group) {
        group = {
          text: { indexes: [], ...base, text: '', parts: m.concat.total, complete: false },
          parts: new Map(),
          total: m.concat.total,
        };
        groups.set(key, group);
        texts.push(group.text);
      }
      group.parts.set(m.concat.sequence, { index, text: m.text });
      // The first part's time is the message's.
      if (m.concat.sequence === 1 && time) group.text.time = time;
      const ordered = [...group.parts.entries()].sort((a, b) => a[0] - b[0]);
      group.text.indexes = ordered.map(([, p]) => p.index);
      group.text.text = ordered.map(([, p]) => p.text).join('');
      group.text.complete = group.parts.size === group.total;
    } else if (m.kind === 'report') {
      other.push({
        index,
        kind: 'report',
        detail: `delivery report for message ${m.report.reference} to ${m.report.recipient}: ${m.report.outcome}`,
      });
    } else if (m.kind === 'stored-outgoing') {
      other.push({
        index,
        kind: 'stored-outgoing',
        detail: `saved to send${m.to ? ` to ${m.to}` : ''} (not a received text; left on the SIM)`,
      });
    } else {
      other.push({ index, kind: 'unreadable', detail: `could not be read: ${m.reason}` });
    }
  }
  return { texts, other };
}
