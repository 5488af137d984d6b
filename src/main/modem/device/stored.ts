// What a message stored on the SIM is, from its listing entry: a text someone sent (with sender,
// time and concatenation), a delivery report, a message the phone saved to send (not inbound,
// not ours to delete), or something that cannot be read. Pure: the inbound reader and
// `modem read` both use it. In PDU mode the TP-MTI decides, not <stat>: modems file reports and
// received texts under "stored sent" (Gammu's at-sms dumps hold both).
import {
  classifyStatus,
  PduError,
  PduErrorCode,
  decodeAnyPdu,
  type ConcatInfo,
  type DecodedEncoding,
  type SmsTimestamp,
} from '../../sms/pdu';
import * as at from '../commands';
import type { NetworkReport } from './reports';

export type StoredMessage =
  | {
      kind: 'sms';
      from: string;
      text: string;
      /** PDU mode: the service centre time stamp with the sender's time zone. */
      timestamp?: SmsTimestamp;
      /** Text mode: the time stamp as the modem wrote it. */
      time?: string;
      encoding?: DecodedEncoding;
      concat?: ConcatInfo;
    }
  | { kind: 'report'; report: NetworkReport }
  | { kind: 'stored-outgoing'; to?: string; text?: string }
  | { kind: 'unreadable'; reason: string };

/** A PDU from AT+CMGR / AT+CMGL / +CMT / +CDS. */
export function readStoredPdu(hex: string | undefined): StoredMessage {
  if (!hex) return { kind: 'unreadable', reason: 'the modem gave no message data' };
  let decoded: ReturnType<typeof decodeAnyPdu>;
  try {
    decoded = decodeAnyPdu(hex);
  } catch (error) {
    // A stored SUBMIT whose header reads but whose text is cut short (Gammu's at-sms/41) is still
    // a message the phone saved to send; one broken before that is just unreadable.
    const textCut = error instanceof PduError && (error.field?.startsWith('TP-UD') ?? false);
    if (textCut && isSubmit(hex)) return { kind: 'stored-outgoing' };
    return { kind: 'unreadable', reason: reasonOf(error) };
  }
  switch (decoded.type) {
    case 'deliver': {
      const d = decoded.deliver;
      return {
        kind: 'sms',
        from: d.from,
        // 8-bit data (WAP push, ports) is not text: never hand its bytes on as if it were.
        text: d.encoding === '8bit' ? '' : d.text,
        timestamp: d.timestamp,
        encoding: d.encoding,
        ...(d.concat ? { concat: d.concat } : {}),
      };
    }
    case 'submit':
      return { kind: 'stored-outgoing', to: decoded.submit.to, text: decoded.submit.text };
    case 'status-report': {
      const r = decoded.report;
      return {
        kind: 'report',
        report: {
          reference: r.messageReference,
          recipient: r.recipient,
          status: r.status,
          outcome: r.outcome,
        },
      };
    }
  }
}

/** A text-mode entry (fields already in the character set the caller decoded). */
export function readStoredText(
  entry:
    | { stat?: string; from?: string; text?: string; time?: string; report?: at.TextReport }
    | undefined,
): StoredMessage {
  if (entry?.report) {
    const { reference, recipient, status } = entry.report;
    return {
      kind: 'report',
      report: { reference, recipient, status, outcome: classifyStatus(status) },
    };
  }
  if (!entry?.from) return { kind: 'unreadable', reason: 'the listing entry has no sender' };
  if (at.storedStat(entry.stat) === 'outgoing') {
    return { kind: 'stored-outgoing', to: entry.from, text: entry.text };
  }
  return {
    kind: 'sms',
    from: entry.from,
    text: entry.text ?? '',
    ...(entry.time ? { time: entry.time } : {}),
  };
}

function isSubmit(hex: string): boolean {
  const clean = hex.trim();
  if (!/^([0-9A-F]{2})+$/i.test(clean)) return false;
  const smscLength = Number.parseInt(clean.slice(0, 2), 16);
  const first = Number.parseInt(clean.slice(2 + smscLength * 2, 4 + smscLength * 2), 16);
  return Number.isInteger(first) && (first & 0x03) === 1;
}

/** Why a PDU could not be read, in words for a site manager (never its content). */
function reasonOf(error: unknown): string {
  if (!(error instanceof PduError)) return 'its data could not be decoded';
  switch (error.code) {
    case PduErrorCode.InvalidHex:
      return 'the modem gave characters that are not message data';
    case PduErrorCode.Truncated:
      return 'the message data is cut short';
    case PduErrorCode.InvalidLength:
      return 'its lengths do not match its data';
    case PduErrorCode.WrongMessageType:
      return 'it is of a kind a phone does not store';
    case PduErrorCode.Unsupported:
      return 'it uses compressed text, which is not supported';
    default:
      return 'a field of it has a value it cannot have';
  }
}
