// Delivery reports: from +CDS (the PDU, or text mode's fields), from +CDSI (stored: read and
// delete it), or found in the listing at connect; matched to the number the reference was sent
// to. A report that overtakes the +CMGS telling us its reference waits until the send ends.
// Whichever way a modem routes them (it may store reports although +CDS was agreed, or send +CDS
// after agreeing to store them), both are read; TP-Status means the same in both (classifyStatus).
import { classifyStatus, decodeStatusReportPdu } from '../../sms/pdu';
import type { Urc } from '../channel';
import * as at from '../commands';
import { ModemError, ModemErrorCode, asModemError } from '../errors';
import type { CommandLock, OpenPort } from './port';
import type { SentMessage } from './sending';
import type { DeliveryReport } from './types';

/** A report as the network gives it, before it is matched to a send. */
export type NetworkReport = Omit<DeliveryReport, 'sentTo' | 'sentAt'>;

export interface ReportsHost {
  lock: CommandLock;
  lastSentWith(reference: number): SentMessage | undefined;
  report(report: DeliveryReport): void;
  problem(error: ModemError): void;
}

export class DeliveryReports {
  private sending = 0;
  private held: NetworkReport[] = [];

  constructor(private readonly host: ReportsHost) {}

  /** A send starts: hold reports until it ends (see endSend). */
  beginSend(): void {
    this.sending++;
  }

  /** A send ended: once none is running, the held reports go out in order. */
  endSend(): void {
    this.sending--;
    if (this.sending === 0) for (const r of this.held.splice(0)) this.emit(r);
  }

  /** +CDS: the report itself, as a PDU on the second line or as text-mode fields. */
  fromUrc(urc: Urc): void {
    if (urc.body) this.fromPdu(urc.body);
    else {
      const text = at.parseCdsText(urc.line);
      if (text) this.emit({ ...text, outcome: classifyStatus(text.status) });
    }
  }

  /**
   * +CDSI: the report is stored at `index` of `memory`; read it, delete it, pass it on. Some
   * modems (Quectel) announce `"SR"` but AT+CMGR reads the message memory, where that slot is
   * empty or holds a text: then the announced memory is selected for the read and put back.
   * Only a status report is deleted, so a text at the same index of the other memory stays.
   */
  async readStored(port: OpenPort, memory: string, index: number): Promise<void> {
    try {
      const pdu = await this.host.lock.exclusive(async () => {
        await port.setCmgf(0);
        const here = await readReportAt(port, index);
        if (here) return here;
        const announced = memory.trim().toUpperCase();
        const current = await port.channel.run(at.cpmsQuery).then(
          (r) => at.parseCpmsRead(r.lines),
          () => undefined,
        );
        // Without knowing the memory in use it could not be put back: leave it as it is.
        if (!announced || !current || current === announced) return undefined;
        await port.channel.run(at.cpmsRead(announced));
        try {
          return await readReportAt(port, index);
        } finally {
          await port.channel.run(at.cpmsRead(current)).catch(() => undefined);
        }
      });
      if (pdu) this.fromPdu(pdu);
      else {
        this.host.problem(
          new ModemError(
            ModemErrorCode.Protocol,
            `The modem announced a delivery report (${memory} ${index}) but it could not be found`,
            { temporary: true },
          ),
        );
      }
    } catch (error) {
      this.host.problem(asModemError(error));
    }
  }

  private fromPdu(hex: string): void {
    try {
      const r = decodeStatusReportPdu(hex);
      this.emit({
        reference: r.messageReference,
        recipient: r.recipient,
        status: r.status,
        outcome: r.outcome,
      });
    } catch (error) {
      this.host.problem(
        new ModemError(ModemErrorCode.Protocol, 'A delivery report could not be read', {
          temporary: true,
          cause: error,
        }),
      );
    }
  }

  /** Matches a report to its send and passes it on (or holds it while a send runs). */
  emit(report: NetworkReport): void {
    // A report can overtake the +CMGS that tells us its reference; hold it until the send ends.
    if (this.sending > 0) {
      this.held.push(report);
      return;
    }
    const sent = this.host.lastSentWith(report.reference);
    const matches = sent && sameNumber(sent.to, report.recipient);
    this.host.report({
      ...report,
      sentTo: matches ? sent.to : undefined,
      sentAt: matches ? sent.sentAt : undefined,
    });
  }
}

/**
 * The status report at `index` of the memory in use, deleted once read; undefined when the slot
 * is empty or holds something else (which is left alone).
 */
async function readReportAt(port: OpenPort, index: number): Promise<string | undefined> {
  let lines: string[];
  try {
    lines = (await port.channel.run(at.cmgr(index))).lines;
  } catch (error) {
    // +CMS 321: nothing at that index.
    if (asModemError(error).cms === 321) return undefined;
    throw error;
  }
  const pdu = at.parseCmgrPdu(lines)?.pdu;
  if (!pdu || !isStatusReport(pdu)) return undefined;
  await port.channel.run(at.cmgd(index)).catch(() => undefined);
  return pdu;
}

function isStatusReport(hex: string): boolean {
  try {
    decodeStatusReportPdu(hex);
    return true;
  } catch {
    return false;
  }
}

function sameNumber(a: string, b: string): boolean {
  const digits = (s: string) => s.replace(/\D/g, '');
  const da = digits(a);
  const db = digits(b);
  // Reports sometimes carry the number in national format: compare the trailing digits.
  const n = Math.min(da.length, db.length, 9);
  return n > 0 && da.slice(-n) === db.slice(-n);
}
