// Delivery reports: from +CDS (the PDU, or text mode's fields), from +CDSI (stored: read and
// delete it), or found in the listing at connect; matched to the number the reference was sent
// to. A report that overtakes the +CMGS telling us its reference waits until the send ends.
import { decodeStatusReportPdu } from '../../sms/pdu';
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
      if (text) this.emit({ ...text, outcome: at.statusOutcome(text.status) });
    }
  }

  /** +CDSI: the report is stored at `index`; read it, delete it, pass it on. */
  async readStored(port: OpenPort, index: number): Promise<void> {
    try {
      const stored = await this.host.lock.exclusive(async () => {
        await port.setCmgf(0);
        const r = await port.channel.run(at.cmgr(index));
        await port.channel.run(at.cmgd(index)).catch(() => undefined);
        return at.parseCmgrPdu(r.lines);
      });
      if (stored) this.fromPdu(stored.pdu);
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

function sameNumber(a: string, b: string): boolean {
  const digits = (s: string) => s.replace(/\D/g, '');
  const da = digits(a);
  const db = digits(b);
  // Reports sometimes carry the number in national format: compare the trailing digits.
  const n = Math.min(da.length, db.length, 9);
  return n > 0 && da.slice(-n) === db.slice(-n);
}
