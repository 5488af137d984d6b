// USSD requests (AT+CUSD), for the operator's balance code: the reply comes as +CUSD, either
// among the command's lines or as a URC after its OK, sometimes seconds later. A modem that
// refuses AT+CUSD itself cannot check the balance, and says so in those words.
import type { Scheduler } from '../../time';
import type { Urc } from '../channel';
import * as at from '../commands';
import { ModemError, ModemErrorCode, asModemError } from '../errors';
import type { CommandLock, OpenPort } from './port';

export const NO_USSD = 'This modem does not support USSD balance checks';

const STATUS_PROBLEM: Partial<Record<at.UssdStatus, string>> = {
  'not-supported': 'The network does not support this USSD code; check the code with the operator',
  timeout: 'The network did not answer the USSD request in time',
  'other-client': 'Another program on this computer answered the USSD request',
};

export async function runUssd(
  port: OpenPort,
  lock: CommandLock,
  scheduler: Scheduler,
  code: string,
  timeoutMs: number,
): Promise<at.UssdReply> {
  if (!/^[0-9*#+]{2,40}$/.test(code)) {
    throw new ModemError(
      ModemErrorCode.InvalidMessage,
      'A USSD code has only digits, * and # (for example *100#)',
      { temporary: false },
    );
  }
  return lock.exclusive(async () => {
    let onUrc: ((urc: Urc) => void) | undefined;
    const later = new Promise<string>((resolve, reject) => {
      const timer = scheduler.setTimeout(() => {
        reject(
          new ModemError(ModemErrorCode.Timeout, STATUS_PROBLEM.timeout!, {
            temporary: true,
            command: 'AT+CUSD',
          }),
        );
      }, timeoutMs);
      onUrc = (urc) => {
        if (urc.name !== '+CUSD') return;
        scheduler.clearTimeout(timer);
        resolve(urc.line);
      };
      port.channel.on('urc', onUrc);
    });
    // Only one of the two outcomes is awaited; the other must not be an unhandled rejection.
    later.catch(() => undefined);
    try {
      let lines: string[];
      try {
        lines = (await port.channel.run(at.cusdRequest(code))).lines;
      } catch (error) {
        const e = asModemError(error);
        if (
          e.code === ModemErrorCode.AtError ||
          e.code === ModemErrorCode.CmeError ||
          e.code === ModemErrorCode.NotSupported
        ) {
          throw new ModemError(ModemErrorCode.NotSupported, NO_USSD, {
            temporary: false,
            command: 'AT+CUSD',
            cause: e,
            ...(e.cme !== undefined ? { cme: e.cme } : {}),
          });
        }
        throw e;
      }
      const inline = lines.find((l) => at.responsePrefix(l) === '+CUSD');
      const line = inline ?? (await later);
      const reply = at.parseCusd(line, port.charset);
      if (!reply) {
        throw new ModemError(
          ModemErrorCode.Protocol,
          'The modem gave a USSD reply that could not be read',
          { temporary: true, command: 'AT+CUSD' },
        );
      }
      if (reply.status === 'action-required') {
        // The network waits for a menu choice; end the session so the next request works.
        await port.channel.run(at.cusdCancel).catch(() => undefined);
      }
      const problem = STATUS_PROBLEM[reply.status];
      if (problem) {
        throw new ModemError(
          reply.status === 'not-supported' ? ModemErrorCode.NotSupported : ModemErrorCode.Protocol,
          problem,
          { temporary: reply.status !== 'not-supported', command: 'AT+CUSD' },
        );
      }
      return reply;
    } finally {
      if (onUrc) port.channel.off('urc', onUrc);
    }
  });
}
