// `modem identity` and `modem confirm-identity`: the modem and SIM bound to each port, and a
// manager's confirmation of a changed one (text-to-sign-in resumes). Database only: no serial
// port is opened, so this works while the kiosk runs and holds the modem.
import { parseArgs } from 'node:util';
import type { CliCommand } from './types';
import { UsageError } from './types';
import { cliActor, withCore } from './open';
import { systemScheduler } from '../time';
import { IdentityError, ModemIdentityStore, identityAlarmMessage } from '../modem-identity';

const show: CliCommand = async ({ argv, io, dbPath }) => {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } } });
  return withCore(dbPath, (core) => {
    const store = new ModemIdentityStore(core.db, core.audit, systemScheduler);
    const items = store.paths().map((path) => ({
      path,
      bound: store.bound(path) ?? {},
      alarm: store.alarm(path) ?? null,
    }));
    if (values.json) {
      io.out(JSON.stringify(items));
      return 0;
    }
    if (items.length === 0) io.out('No modem has been seen yet.');
    for (const item of items) {
      const b = item.bound;
      io.out(
        `${item.path}: modem IMEI ${b.imei ?? '?'}, SIM ICCID ${b.iccid ?? '?'}, IMSI ${b.imsi ?? '?'}`,
      );
      if (item.alarm) {
        const s = item.alarm.seen;
        io.out(`  ${identityAlarmMessage(item.alarm.changes)}`);
        io.out(
          `  Now seen: modem IMEI ${s.imei ?? '?'}, SIM ICCID ${s.iccid ?? '?'}, IMSI ${s.imsi ?? '?'}`,
        );
        io.out(`  To accept it: modem confirm-identity --port ${item.path}`);
      }
    }
    return 0;
  });
};

const confirm: CliCommand = async ({ argv, io, dbPath }) => {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (!values.port) throw new UsageError('modem confirm-identity needs --port PATH');
  const port = values.port;
  return withCore(dbPath, (core) => {
    const store = new ModemIdentityStore(core.db, core.audit, systemScheduler);
    try {
      const identity = store.confirm(port, cliActor());
      if (values.json) io.out(JSON.stringify({ ok: true, path: port, identity }));
      else
        io.out(
          `Confirmed: ${port} is the kiosk's modem (IMEI ${identity.imei ?? '?'}) with SIM ${identity.iccid ?? '?'}. Texts to the kiosk are used for sign-in again.`,
        );
      return 0;
    } catch (error) {
      if (!(error instanceof IdentityError)) throw error;
      if (values.json)
        io.out(JSON.stringify({ ok: false, error: { code: error.code, message: error.message } }));
      else io.err(error.message);
      return 1;
    }
  });
};

export const modemIdentityCommands: Record<'identity' | 'confirm-identity', CliCommand> = {
  identity: show,
  'confirm-identity': confirm,
};
