// The scheduled balance check: the amount read from the operator's reply by the site's pattern,
// a low-balance alarm in the status and once per drop in the log, failures worded and keeping
// the last known amount, checks on a manual clock.
import { describe, expect, it } from 'vitest';
import {
  BalanceMonitor,
  balanceSettingsSchema,
  readAmount,
  type BalanceStatus,
} from '../../../src/main/modem/balance';
import type { UssdReply } from '../../../src/main/modem/commands';
import { ModemError } from '../../../src/main/modem/errors';
import { ManualScheduler } from '../../support/manual-scheduler';
import { settle } from './helpers';

describe('readAmount', () => {
  it('takes the named group, else the first group, else the match', () => {
    expect(readAmount('Saldo 5,20 EUR, bonus 1.00', 'Saldo (?<amount>[\\d,.]+)')).toBe(5.2);
    expect(readAmount('Bonus 1.00; main 12.50', 'main (\\S+)')).toBe(12.5);
    expect(readAmount('You have 7 EUR', '\\d+')).toBe(7);
    expect(readAmount('no money words', '(\\d+)')).toBeUndefined();
    expect(readAmount('Balance: abc', 'Balance: (\\w+)')).toBeUndefined();
  });

  it('understands decimal commas and thousands separators', () => {
    const first = '([\\d\\s.,]*\\d)';
    expect(readAmount('Balance 1 234,50 RUB', first)).toBe(1234.5);
    expect(readAmount('Balance 1,234.50 USD', first)).toBe(1234.5);
    // One separator is decimal: ambiguous, and reading less than there is errs toward an alarm.
    expect(readAmount('Balance 1.234 EUR', first)).toBe(1.234);
    expect(readAmount('Balance 12.345,6 EUR', first)).toBe(12345.6);
  });

  it('refuses settings a site could not mean', () => {
    expect(balanceSettingsSchema.safeParse({ code: 'balance', lowBelow: 5 }).success).toBe(false);
    expect(
      balanceSettingsSchema.safeParse({ code: '*100#', lowBelow: 5, pattern: '(' }).success,
    ).toBe(false);
    expect(balanceSettingsSchema.parse({ code: '*100#', lowBelow: 5 })).toMatchObject({
      intervalMinutes: 1440,
    });
  });
});

function setup(replies: Array<UssdReply | Error>) {
  const scheduler = new ManualScheduler();
  const log: string[] = [];
  const statuses: BalanceStatus[] = [];
  const codes: string[] = [];
  const monitor = new BalanceMonitor({
    scheduler,
    settings: balanceSettingsSchema.parse({ code: '*100#', lowBelow: 5, intervalMinutes: 60 }),
    ussd: (code) => {
      codes.push(code);
      const next = replies.shift()!;
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
    log: (line) => log.push(line),
    onStatus: (s) => statuses.push(s),
  });
  return { scheduler, log, statuses, codes, monitor };
}

const reply = (text: string): UssdReply => ({ status: 'done', m: 0, text });

describe('BalanceMonitor', () => {
  it('checks at start and every interval, alarms once when the balance drops below the threshold', async () => {
    const t = setup([
      reply('Balance 12.50 EUR'),
      reply('Balance 4.10 EUR'),
      reply('Balance 3.90 EUR'),
      reply('Balance 20.00 EUR'),
    ]);
    t.monitor.start();
    await settle();
    expect(t.monitor.status).toMatchObject({ amount: 12.5, low: false });
    for (let i = 0; i < 3; i++) {
      t.scheduler.advance(60 * 60_000);
      await settle();
    }
    expect(t.codes).toEqual(['*100#', '*100#', '*100#', '*100#']);
    expect(t.statuses.map((s) => [s.amount, s.low])).toEqual([
      [12.5, false],
      [4.1, true],
      [3.9, true],
      [20, false],
    ]);
    expect(t.log).toEqual([
      'modem: low balance alarm: 4.1 is below 5',
      'modem: balance back to 20',
    ]);
    t.monitor.stop();
    t.scheduler.advance(60 * 60_000);
    await settle();
    expect(t.codes).toHaveLength(4);
  });

  it('words a failed check and keeps the last known amount and alarm', async () => {
    const t = setup([
      reply('Balance 2.00 EUR'),
      new ModemError('NOT_SUPPORTED', 'This modem does not support USSD balance checks', {
        temporary: false,
      }),
      reply('Sorry, try later'),
    ]);
    expect(await t.monitor.checkNow()).toMatchObject({ amount: 2, low: true });
    expect(await t.monitor.checkNow()).toMatchObject({
      amount: 2,
      low: true,
      problem: 'This modem does not support USSD balance checks',
    });
    expect(await t.monitor.checkNow()).toMatchObject({
      reply: 'Sorry, try later',
      problem: 'The balance reply did not contain an amount the reply pattern finds',
    });
    expect(t.log).toEqual([
      'modem: low balance alarm: 2 is below 5',
      'modem: balance check failed: This modem does not support USSD balance checks',
      'modem: balance check failed: The balance reply did not contain an amount the reply pattern finds',
    ]);
  });
});
