// What `modem read` shows: parts of one text joined in order whatever their slots, a text with
// parts missing marked incomplete, the other entries by slot with what they are.
import { describe, expect, it } from 'vitest';
import { storedView } from '../../../src/main/cli/stored-view';
import type { StoredMessage } from '../../../src/main/modem/device';

const at = (iso: string, offsetMinutes: number) => ({ date: new Date(iso), offsetMinutes });

describe('storedView', () => {
  it('joins parts in sequence order, keeps the first part time, marks missing parts', () => {
    const part = (sequence: number, text: string, total = 2, reference = 7): StoredMessage => ({
      kind: 'sms',
      from: '+358401234567',
      text,
      timestamp: at(`2026-12-04T08:0${sequence}:00Z`, 60),
      concat: { reference, total, sequence },
    });
    const view = storedView([
      { index: 5, message: part(2, 'world') },
      { index: 3, message: part(1, 'hello ') },
      { index: 9, message: part(1, 'lonely', 3, 8) },
      {
        index: 10,
        message: { kind: 'sms', from: '+4670', text: 'text mode', time: '26/12/04,08:00:00+04' },
      },
      { index: 11, message: { kind: 'unreadable', reason: 'the message data is cut short' } },
      {
        index: 12,
        message: {
          kind: 'report',
          report: { reference: 4, recipient: '+4670', status: 0, outcome: 'delivered' },
        },
      },
    ]);
    expect(view.texts).toEqual([
      {
        indexes: [3, 5],
        from: '+358401234567',
        time: '2026-12-04T09:01:00+01:00',
        text: 'hello world',
        parts: 2,
        complete: true,
      },
      {
        indexes: [9],
        from: '+358401234567',
        time: '2026-12-04T09:01:00+01:00',
        text: 'lonely',
        parts: 3,
        complete: false,
      },
      {
        indexes: [10],
        from: '+4670',
        time: '26/12/04,08:00:00+04',
        text: 'text mode',
        parts: 1,
        complete: true,
      },
    ]);
    expect(view.other).toEqual([
      { index: 11, kind: 'unreadable', detail: 'could not be read: the message data is cut short' },
      { index: 12, kind: 'report', detail: 'delivery report for message 4 to +4670: delivered' },
    ]);
  });
});
