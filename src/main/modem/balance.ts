// The prepaid SIM's credit, checked on a schedule by USSD: the operator's code (for example
// *100#) is sent, the amount is read from the reply with a pattern the site sets, and a balance
// below the site's threshold raises a low-balance alarm (in the status and, once per drop, in
// the log). A SIM out of credit stops sending codes, so the manager must hear of it first.
import { z } from 'zod';
import type { Scheduler, TimerHandle } from '../time';
import type { UssdReply } from './commands';
import { asModemError } from './errors';

export const balanceSettingsSchema = z.object({
  /** The operator's balance code. */
  code: z.string().regex(/^[0-9*#+]{2,40}$/, 'A USSD code has only digits, * and #'),
  /**
   * A regular expression for the amount in the reply: the group named `amount`, else the first
   * group, else the whole match. Default: the first number in the reply.
   */
  pattern: z
    .string()
    .max(200)
    .refine((p) => compiles(p), 'The reply pattern is not a valid regular expression')
    .default('(\\d+(?:[.,]\\d+)?)'),
  /** Alarm when the amount is below this. */
  lowBelow: z.number().nonnegative(),
  /** Between checks. Default a day; at least 10 minutes (each check is a network request). */
  intervalMinutes: z
    .number()
    .int()
    .min(10)
    .max(31 * 24 * 60)
    .default(24 * 60),
});
export type BalanceSettings = z.infer<typeof balanceSettingsSchema>;

export interface BalanceStatus {
  checkedAt: number;
  /** The amount read from the reply; undefined when there was none (see problem). */
  amount?: number;
  /** The operator's reply as decoded. */
  reply?: string;
  low: boolean;
  /** Why no amount could be read, in words for a site manager. */
  problem?: string;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * The amount in `reply` by `pattern` (see balanceSettingsSchema). Thousands separators and a
 * decimal comma are understood: "1 234,50" and "1,234.50" are both 1234.5. A lone separator is
 * decimal ("1.234" is 1.234): reading less than there is errs toward an alarm, never away.
 */
export function readAmount(reply: string, pattern: string): number | undefined {
  const match = new RegExp(pattern, 'u').exec(reply);
  if (!match) return undefined;
  const raw = match.groups?.amount ?? match[1] ?? match[0];
  const compact = raw.replace(/[\s\u00a0']/g, '');
  if (!/^-?\d[\d.,]*$/.test(compact)) return undefined;
  const lastSeparator = Math.max(compact.lastIndexOf('.'), compact.lastIndexOf(','));
  // A separator followed by exactly three digits, with another before it, groups thousands.
  const decimals = lastSeparator >= 0 ? compact.length - lastSeparator - 1 : 0;
  const grouping =
    lastSeparator >= 0 && decimals === 3 && /[.,]/.test(compact.slice(0, lastSeparator));
  const normal =
    lastSeparator < 0 || grouping
      ? compact.replace(/[.,]/g, '')
      : `${compact.slice(0, lastSeparator).replace(/[.,]/g, '')}.${compact.slice(lastSeparator + 1)}`;
  const value = Number(normal);
  return Number.isFinite(value) ? value : undefined;
}

export interface BalanceMonitorOptions {
  scheduler: Scheduler;
  settings: BalanceSettings;
  /** The current modem's USSD request (the device may change between checks). */
  ussd: (code: string) => Promise<UssdReply>;
  log: (line: string) => void;
  onStatus?: (status: BalanceStatus) => void;
}

export class BalanceMonitor {
  private timer?: TimerHandle;
  private last?: BalanceStatus;
  private running = false;
  private stopped = true;

  constructor(private readonly options: BalanceMonitorOptions) {}

  get settings(): BalanceSettings {
    return this.options.settings;
  }

  get status(): BalanceStatus | undefined {
    return this.last;
  }

  /** Checks now, then every `intervalMinutes`. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.checkNow().finally(() => this.schedule());
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.options.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One check (also what a manager's "check now" does); resolves with the new status. */
  async checkNow(): Promise<BalanceStatus> {
    if (this.running && this.last) return this.last;
    this.running = true;
    const { settings, scheduler, log } = this.options;
    let status: BalanceStatus;
    try {
      const reply = await this.options.ussd(settings.code);
      const text = reply.text ?? '';
      const amount = readAmount(text, settings.pattern);
      status =
        amount === undefined
          ? {
              checkedAt: scheduler.now(),
              reply: text,
              low: false,
              problem: 'The balance reply did not contain an amount the reply pattern finds',
            }
          : { checkedAt: scheduler.now(), amount, reply: text, low: amount < settings.lowBelow };
    } catch (error) {
      status = { checkedAt: scheduler.now(), low: false, problem: asModemError(error).message };
    } finally {
      this.running = false;
    }
    const wasLow = this.last?.low ?? false;
    if (status.low && !wasLow) {
      log(`modem: low balance alarm: ${status.amount} is below ${settings.lowBelow}`);
    } else if (!status.low && wasLow && status.amount !== undefined) {
      log(`modem: balance back to ${status.amount}`);
    }
    if (status.problem) log(`modem: balance check failed: ${status.problem}`);
    // A failed check keeps the last known amount's alarm: the credit did not come back.
    if (status.amount === undefined && this.last?.amount !== undefined) {
      status = { ...status, amount: this.last.amount, low: this.last.low };
    }
    this.last = status;
    this.options.onStatus?.(status);
    return status;
  }

  private schedule(): void {
    if (this.stopped) return;
    const every = this.options.settings.intervalMinutes * 60_000;
    this.timer = this.options.scheduler.setTimeout(() => {
      this.timer = undefined;
      void this.checkNow().finally(() => this.schedule());
    }, every);
  }
}
