// Sending: a message split into PDU-mode parts (concatenated, GSM-7 or UCS-2) or text-mode
// messages, one +CMGS per part, and a memory of which reference went to which number so that
// delivery reports can be matched.
import type { Clock } from '../../time';
import { buildSubmitPdus } from '../../sms/pdu';
import { splitMessage } from '../../sms/segment';
import { isGsm7 } from '../../sms/gsm7';
import type { AtResponse } from '../channel';
import * as at from '../commands';
import { ModemError, ModemErrorCode } from '../errors';
import type { OpenPort } from './port';
import type { SendMode, SendOptions, SendResult } from './types';

export interface SentMessage {
  to: string;
  sentAt: number;
}

export class Sender {
  private nextConcatReference: number;
  private readonly sent = new Map<number, SentMessage>();

  constructor(private readonly clock: Clock) {
    // A random start keeps two kiosks (or two runs) from reusing the same references at once.
    this.nextConcatReference = 1 + Math.floor(Math.random() * 255);
  }

  /**
   * Sends every part of `text` to `to` (a validated number); `references` receives each part's
   * message reference as the modem confirms it, so a failure can say what already went out.
   */
  send(
    port: OpenPort,
    mode: SendMode,
    to: string,
    text: string,
    statusReport: boolean,
    options: SendOptions,
    references: number[],
  ): Promise<SendResult> {
    return mode === 'pdu'
      ? this.sendPdu(port, to, text, statusReport, options, references)
      : this.sendText(port, to, text, statusReport, options, references);
  }

  /** The most recent send with message reference `reference`, if any. */
  lastSentWith(reference: number): SentMessage | undefined {
    return this.sent.get(reference);
  }

  private async sendPdu(
    port: OpenPort,
    to: string,
    text: string,
    statusReport: boolean,
    options: SendOptions,
    references: number[],
  ): Promise<SendResult> {
    let pdus: ReturnType<typeof buildSubmitPdus>;
    const concatReference = options.concatReference ?? this.takeConcatReference();
    try {
      pdus = buildSubmitPdus({
        to,
        text,
        requestStatusReport: statusReport,
        concatReference,
        validityMinutes: options.validityMinutes,
      });
    } catch (error) {
      throw new ModemError(ModemErrorCode.InvalidMessage, 'The message could not be encoded', {
        temporary: false,
        cause: error,
      });
    }
    await port.setCmgf(0);
    for (const [index, pdu] of pdus.entries()) {
      // "00": use the SMSC stored on the SIM; the length counts the TPDU only.
      const hex = pdu.hex;
      const reply = await port.channel.runWithPayload(at.cmgsPdu(pdu.tpduLength), hex);
      const reference = this.recordSent(reply, to);
      references.push(reference);
      options.onPartSent?.({ index, total: pdus.length, reference });
    }
    return {
      to,
      mode: 'pdu',
      references,
      concatReference: pdus.length > 1 ? concatReference : undefined,
    };
  }

  private async sendText(
    port: OpenPort,
    to: string,
    text: string,
    statusReport: boolean,
    options: SendOptions,
    references: number[],
  ): Promise<SendResult> {
    // Text mode has no concatenation header: a long text goes as separate messages.
    const { parts } = splitMessage(text);
    const plainAscii = isGsm7(text) && /^[\x20-\x7e]*$/.test(text);
    await port.setCmgf(1);
    const charset = plainAscii ? 'IRA' : 'UCS2';
    if (port.charset !== charset) {
      await port.channel.run(at.cscs(charset));
      port.charset = charset;
    }
    await port.channel.run(
      at.csmp({ statusReport, dcs: plainAscii ? 0 : 8, validity: validityCode(options) }),
    );
    for (const [index, part] of parts.entries()) {
      const command = plainAscii
        ? at.cmgsText(to)
        : `AT+CMGS=${at.quote(at.toUcs2Hex(to))},${to.startsWith('+') ? 145 : 129}`;
      const payload = plainAscii ? part : at.toUcs2Hex(part);
      const reply = await port.channel.runWithPayload(command, payload);
      const reference = this.recordSent(reply, to);
      references.push(reference);
      options.onPartSent?.({ index, total: parts.length, reference });
    }
    return { to, mode: 'text', references };
  }

  private recordSent(reply: AtResponse, to: string): number {
    const reference = at.parseCmgs(reply.lines);
    if (reference === undefined) {
      throw new ModemError(ModemErrorCode.Protocol, 'The modem did not confirm the message', {
        temporary: true,
      });
    }
    this.sent.delete(reference);
    this.sent.set(reference, { to, sentAt: this.clock.now() });
    // References wrap at 256; keep only the most recent use of each.
    if (this.sent.size > 256) this.sent.delete(this.sent.keys().next().value!);
    return reference;
  }

  private takeConcatReference(): number {
    const ref = this.nextConcatReference;
    this.nextConcatReference = (this.nextConcatReference % 255) + 1;
    return ref;
  }
}

function validityCode(options: SendOptions): number | undefined {
  const minutes = options.validityMinutes;
  if (minutes === undefined) return undefined;
  // TS 23.040 9.2.3.12.1, first range: (VP + 1) x 5 minutes, up to 12 hours.
  return Math.max(0, Math.min(143, Math.ceil(minutes / 5) - 1));
}
