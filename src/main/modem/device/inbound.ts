// Texts the SIM receives: on +CMTI read with AT+CMGR, on +CMT from the URC itself, and at each
// (re)connect everything stored (AT+CMGL). Concatenated parts are joined and stay on the SIM
// until the whole message is handed on; then the message is deleted. A message that cannot be
// decoded is deleted and reported (a problem, with its slot and why, never its content). A
// message the phone saved to send (stored.ts tells) is not inbound: it is left on the SIM.
import type { Clock } from '../../time';
import type { Urc } from '../channel';
import * as at from '../commands';
import { ModemError, ModemErrorCode, asModemError } from '../errors';
import type { CommandLock, OpenPort } from './port';
import type { NetworkReport } from './reports';
import { readStoredPdu, readStoredText, type StoredMessage } from './stored';
import type { InboundSms } from './types';

export interface InboundHost {
  clock: Clock;
  lock: CommandLock;
  /** Ordinary command timeout; a listing gets at least 30 s. */
  commandMs: number;
  /** Whether `port` is still the device's connection (reads for an old one are dropped). */
  isCurrent(port: OpenPort): boolean;
  /** PDU mode unless the modem refused it. */
  readsPdu(): boolean;
  sms(message: InboundSms): void;
  /** A status report found among the stored messages (stored with +CDSI). */
  statusReport(report: NetworkReport): void;
  problem(error: ModemError): void;
}

export class InboundReader {
  /** Parts of concatenated inbound messages, by sender + reference, until all have arrived. */
  private readonly partials = new Map<
    string,
    { texts: Map<number, string>; total: number; indexes: Set<number> }
  >();

  constructor(private readonly host: InboundHost) {}

  /** +CMTI: read the message at `index`, hand it on, then delete it from the SIM. */
  async readStored(port: OpenPort, index: number): Promise<void> {
    try {
      await this.host.lock.exclusive(async () => {
        if (!this.host.isCurrent(port)) return;
        const pdu = this.host.readsPdu();
        await port.setCmgf(pdu ? 0 : 1);
        let lines: string[];
        try {
          lines = (await port.channel.run(at.cmgr(index))).lines;
        } catch (error) {
          // +CMS 321: already read and deleted (the listing at connect got there first).
          if (asModemError(error).cms === 321) return;
          throw error;
        }
        // Some modems answer an empty slot with a bare OK: nothing there, nothing to delete.
        if (!lines.some((l) => at.responsePrefix(l) === '+CMGR')) return;
        const message = pdu
          ? readStoredPdu(at.parseCmgrPdu(lines)?.pdu)
          : readStoredText(decodeCharset(port, at.parseCmgrText(lines)));
        await this.deleteStored(port, this.take(message, index));
      });
    } catch (error) {
      this.host.problem(asModemError(error));
    }
  }

  /** On (re)connect: every message stored on the SIM, oldest index first. */
  async readAll(port: OpenPort): Promise<void> {
    try {
      await this.host.lock.exclusive(async () => {
        if (!this.host.isCurrent(port)) return;
        const pdu = this.host.readsPdu();
        await port.setCmgf(pdu ? 0 : 1);
        const r = await port.channel.run(pdu ? at.cmglPduAll : at.cmglTextAll, {
          timeoutMs: Math.max(this.host.commandMs, 30_000),
        });
        for (const item of at.parseCmgl(r.lines, pdu ? 'pdu' : 'text')) {
          const message = pdu ? readStoredPdu(item.pdu) : readStoredText(decodeCharset(port, item));
          await this.deleteStored(port, this.take(message, item.index));
        }
      });
    } catch (error) {
      const e = asModemError(error);
      // Some modems answer an empty store with +CMS 321 instead of a bare OK.
      if (e.cms !== 321) this.host.problem(e);
    }
  }

  /** Every message stored on the SIM, decoded, nothing handed on and nothing deleted. */
  async list(port: OpenPort): Promise<Array<{ index: number; message: StoredMessage }>> {
    return this.host.lock.exclusive(async () => {
      const pdu = this.host.readsPdu();
      await port.setCmgf(pdu ? 0 : 1);
      let lines: string[];
      try {
        lines = (
          await port.channel.run(pdu ? at.cmglPduAll : at.cmglTextAll, {
            timeoutMs: Math.max(this.host.commandMs, 30_000),
          })
        ).lines;
      } catch (error) {
        if (asModemError(error).cms === 321) return [];
        throw error;
      }
      return at.parseCmgl(lines, pdu ? 'pdu' : 'text').map((item) => ({
        index: item.index,
        message: pdu ? readStoredPdu(item.pdu) : readStoredText(decodeCharset(port, item)),
      }));
    });
  }

  /** Deletes the messages at `indexes` (AT+CMGD); returns the ones the modem deleted. */
  async remove(port: OpenPort, indexes: readonly number[]): Promise<number[]> {
    return this.host.lock.exclusive(async () => {
      const done: number[] = [];
      for (const index of indexes) {
        await port.channel.run(at.cmgd(index)).then(
          () => done.push(index),
          () => undefined,
        );
      }
      return done;
    });
  }

  private async deleteStored(port: OpenPort, indexes: readonly number[]): Promise<void> {
    for (const index of indexes) await port.channel.run(at.cmgd(index)).catch(() => undefined);
  }

  /** +CMT: the message itself, not stored, so nothing to delete. */
  onDirect(port: OpenPort, urc: Urc): void {
    if (port.cmgf === 1) {
      const header = at.parseCmtTextHeader(urc.line);
      const entry = header
        ? { stat: 'REC UNREAD', from: header.from, text: urc.body ?? '' }
        : undefined;
      this.take(readStoredText(decodeCharset(port, entry)), undefined);
    } else this.take(readStoredPdu(urc.body), undefined);
  }

  /** Hands one stored or routed message on; returns the SIM indexes that may now be deleted. */
  private take(message: StoredMessage, index: number | undefined): number[] {
    const own = index === undefined ? [] : [index];
    switch (message.kind) {
      case 'sms':
        return this.takePart(message.from, message.text, message.concat, own);
      case 'report':
        // A listing at connect also holds status reports stored with +CDSI.
        this.host.statusReport(message.report);
        return own;
      case 'stored-outgoing':
        // Saved by a phone or a tool to be sent: not a text to the kiosk, and not ours to delete.
        return [];
      case 'unreadable':
        return this.garbled(own, message.reason, index);
    }
  }

  private takePart(
    from: string,
    text: string,
    concat: { reference: number; total: number; sequence: number } | undefined,
    indexes: number[],
  ): number[] {
    if (!concat || concat.total <= 1) {
      this.host.sms({ from, text, receivedAt: this.host.clock.now(), parts: 1 });
      return indexes;
    }
    const key = `${from}|${concat.reference}|${concat.total}`;
    let entry = this.partials.get(key);
    if (!entry) {
      // A part whose siblings never come must not grow memory without bound.
      if (this.partials.size >= 64) this.partials.delete(this.partials.keys().next().value!);
      entry = { texts: new Map(), total: concat.total, indexes: new Set() };
      this.partials.set(key, entry);
    }
    entry.texts.set(concat.sequence, text);
    for (const i of indexes) entry.indexes.add(i);
    // Parts stay on the SIM until the whole message is handed on, so a restart loses none.
    if (entry.texts.size < entry.total) return [];
    this.partials.delete(key);
    const joined = [...entry.texts.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, t]) => t)
      .join('');
    this.host.sms({
      from,
      text: joined,
      receivedAt: this.host.clock.now(),
      parts: entry.total,
    });
    return [...entry.indexes];
  }

  /** A message we cannot read is deleted (it would otherwise fill the SIM); its content is not logged. */
  private garbled(indexes: number[], reason: string, index: number | undefined): number[] {
    const where = index === undefined ? '' : ` (SIM slot ${index})`;
    this.host.problem(
      new ModemError(
        ModemErrorCode.Protocol,
        `A text message the modem received${where} could not be read: ${reason}. ${
          index === undefined ? 'It was dropped' : 'It was deleted'
        }`,
        { temporary: true },
      ),
    );
    return indexes;
  }
}

/** With AT+CSCS="UCS2" (left by a text-mode send) the modem gives text-mode fields in hex. */
function decodeCharset<T extends { from?: string; text?: string }>(
  port: OpenPort,
  entry: T | undefined,
): T | undefined {
  if (!entry || port.charset !== 'UCS2') return entry;
  const decode = (value: string | undefined) =>
    value === undefined ? undefined : (at.fromUcs2Hex(value) ?? value);
  return { ...entry, from: decode(entry.from), text: decode(entry.text) };
}
