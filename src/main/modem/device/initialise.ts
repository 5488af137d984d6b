// Bringing a freshly opened modem into a known state: in sync, echo off, verbose errors, SIM
// unlocked, a message format it accepts, a CNMI variant that routes texts and reports, and its
// identity. Every step has a fallback, because modems differ in what they accept.
import * as at from '../commands';
import { ModemError, ModemErrorCode, asModemError } from '../errors';
import type { OpenPort } from './port';
import type { SimPin } from './sim';
import type { ModemInfo, ModemTimeouts, SendMode, StatusReportRouting } from './types';

export async function initialise(
  port: OpenPort,
  options: {
    path: string;
    baudRate: number;
    timeouts: ModemTimeouts;
    /** The preferred send mode; text mode is kept as the modem's format when asked for. */
    mode?: SendMode;
    sim: SimPin;
  },
): Promise<ModemInfo> {
  const { channel } = port;
  const { path, baudRate } = options;
  // A modem left waiting for message text would take our first command as text.
  channel.writeRaw(at.ESC);
  let synced = false;
  for (let attempt = 0; attempt < 3 && !synced; attempt++) {
    synced = await channel
      .run('AT', { timeoutMs: Math.min(options.timeouts.commandMs, 2_000) })
      .then(() => true)
      .catch((error: unknown) => {
        if (asModemError(error).code === ModemErrorCode.Disconnected) throw error;
        return false;
      });
  }
  if (!synced) {
    throw new ModemError(ModemErrorCode.Timeout, 'The modem does not answer', {
      temporary: true,
    });
  }
  const optional = (command: string) =>
    channel.run(command).then(
      () => true,
      () => false,
    );
  await optional(at.echoOff);
  for (const variant of at.cmeeVariants) if (await optional(variant)) break;

  await options.sim.unlock(channel);

  // Try PDU mode first (it is the default), then leave the modem in the preferred mode.
  const pduMode = await optional(at.cmgfPdu);
  port.cmgf = pduMode ? 0 : undefined;
  if (!pduMode || options.mode === 'text') {
    if (await optional(at.cmgfText)) port.cmgf = 1;
  }
  port.charset = undefined;

  let cnmi: string | undefined;
  for (const variant of at.cnmiVariants) {
    if (await optional(variant)) {
      cnmi = variant;
      break;
    }
  }
  const ds = cnmi ? Number(cnmi.split(',')[3]) : 0;
  const statusReports: StatusReportRouting = ds === 1 ? 'cds' : ds === 2 ? 'cdsi' : 'none';

  const text = async (command: string) =>
    channel.run(command).then(
      (r) => at.parseInfoText(r.lines),
      () => undefined,
    );
  const parsed = async (command: string, parse: (lines: readonly string[]) => string | undefined) =>
    channel.run(command).then(
      (r) => parse(r.lines),
      () => undefined,
    );
  const manufacturer = await text(at.identityQueries.manufacturer);
  const model = await text(at.identityQueries.model);
  const revision = await text(at.identityQueries.revision);
  const imei = await parsed(at.identityQueries.imei, at.parseImei);
  const imsi = await parsed(at.identityQueries.imsi, at.parseImsi);
  let iccid: string | undefined;
  for (const query of at.iccidQueries) {
    iccid = await parsed(query, at.parseIccid);
    if (iccid) break;
  }
  return {
    path,
    baudRate,
    manufacturer,
    model,
    revision,
    imei,
    imsi,
    iccid,
    pduMode,
    cnmi,
    statusReports,
  };
}
