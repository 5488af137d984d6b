// The driver's public shapes: options, what it reports (info, health, delivery reports, inbound
// texts) and its events. No behaviour here.
import type { BindingInterface } from '@serialport/bindings-interface';
import type { Scheduler } from '../../time';
import type { Urc } from '../channel';
import type * as at from '../commands';
import type { ModemError, ModemErrorCode } from '../errors';
import type { RecoveryEvent, SysfsOptions } from './recovery';

export type SendMode = 'pdu' | 'text';
export type DeviceState = 'closed' | 'connecting' | 'ready' | 'reconnecting';
export type StatusReportRouting = 'cds' | 'cdsi' | 'none';

export interface ModemTimeouts {
  /** Ordinary commands. */
  commandMs: number;
  /** AT+CMGS until the `>` prompt. */
  promptMs: number;
  /** Ctrl-Z until +CMGS: the network may take up to a minute. */
  resultMs: number;
  /** How long to wait for an OK that some modems never send after +CPIN. */
  okGraceMs: number;
  /** Each probe during discovery. */
  probeMs: number;
}

export interface ModemDeviceOptions {
  /** The serialport binding: bindings-cpp in production, MockBinding (+ simulator) in tests. */
  binding: BindingInterface;
  /** Fixed port; without it the device probes the ports the binding lists. */
  path?: string;
  baudRate?: number;
  scheduler?: Scheduler;
  /** SIM PIN, entered when the SIM asks for it. */
  pin?: string;
  /** Default send mode; falls back to text when the modem refuses PDU mode. */
  mode?: SendMode;
  /** Ask the network for delivery reports (default true). */
  statusReports?: boolean;
  /** Health poll period; 0 turns polling off. Default 30 s. */
  healthIntervalMs?: number;
  reconnect?: { enabled?: boolean; initialDelayMs?: number; maxDelayMs?: number };
  timeouts?: Partial<ModemTimeouts>;
  /**
   * How often to check that the port's device node still exists (only when it existed at
   * open: MockBinding paths are not files). Default 1 s; 0 turns it off.
   */
  presenceIntervalMs?: number;
  /** Overrides the device-node check (tests). */
  portPresent?: (path: string) => Promise<boolean>;
  /**
   * Read, hand on and delete inbound texts by itself (at connect and on +CMTI / +CMT). Default
   * true; `modem read` turns it off so that looking at the SIM changes nothing on it.
   */
  handleInbound?: boolean;
  /**
   * The reset ladder for a modem that stops answering (recovery.ts). After the AT+CFUN=1,1
   * reset, `reconnectsPerStep` failed reconnects (default 2) move it to the next step. sysfs: where
   * the USB re-authorise writes (omit `sysfs` to skip that step).
   */
  recovery?: { enabled?: boolean; reconnectsPerStep?: number; sysfs?: SysfsOptions | false };
  /** Receives every line in and out (for logs). */
  trace?: (direction: 'tx' | 'rx', text: string) => void;
}

export interface ModemInfo {
  path: string;
  baudRate: number;
  manufacturer?: string;
  model?: string;
  revision?: string;
  imei?: string;
  imsi?: string;
  /** The SIM card's serial number (AT+CCID, AT+QCCID or AT^ICCID). */
  iccid?: string;
  /** Whether the modem accepted AT+CMGF=0. */
  pduMode: boolean;
  /** The AT+CNMI variant the modem accepted, if any. */
  cnmi?: string;
  statusReports: StatusReportRouting;
}

export interface ModemProblem {
  code: ModemErrorCode;
  message: string;
}

export interface ModemHealth {
  checkedAt: number;
  connected: boolean;
  sim: at.SimState | 'error';
  registration: at.Registration;
  operator?: string;
  signal?: at.SignalQuality;
  /** Shortcut for signal.dbm. */
  signalDbm: number | null;
  smsc?: string;
  /** Connected, SIM ready and registered on a network. */
  canSend: boolean;
  /** What stops sending, in words for a site manager. */
  problem?: ModemProblem;
  /** The radio it is registered on, from <AcT> of AT+COPS? (else the registration answers). */
  radio?: at.RadioGeneration;
  /** Something that does not stop sending but a manager should act on (2G, ModemManager). */
  warning?: { code: 'radio_2g' | 'port_shared'; message: string };
}

export interface SendOptions {
  mode?: SendMode;
  requestStatusReport?: boolean;
  /** Reuse the concatenation reference of an earlier attempt at the same message. */
  concatReference?: number;
  validityMinutes?: number;
  /** Called after each part the modem accepted; lets an outbox record progress. */
  onPartSent?: (part: { index: number; total: number; reference: number }) => void;
}

export interface SendResult {
  to: string;
  mode: SendMode;
  /** One message reference per part, in order. */
  references: number[];
  /** For concatenated PDU-mode messages: the reference shared by the parts. */
  concatReference?: number;
}

export interface DeliveryReport {
  reference: number;
  recipient: string;
  /** TP-Status. */
  status: number;
  outcome: 'delivered' | 'pending' | 'failed';
  /** The destination we sent `reference` to, if this device sent it recently. */
  sentTo?: string;
  sentAt?: number;
}

export interface IncomingIndication {
  /** +CMTI (stored; read with AT+CMGR) or +CMT (routed directly, PDU or text in `body`). */
  kind: 'stored' | 'direct';
  memory?: string;
  index?: number;
  header?: string;
  body?: string;
}

/** A text message someone sent to the kiosk's SIM, read, reassembled and decoded. */
export interface InboundSms {
  /** The sender as the network gave it: '+' and digits, national digits, or a name. */
  from: string;
  text: string;
  /** When the driver read it (the kiosk's clock; the network's time stamp may be off). */
  receivedAt: number;
  /** Number of message parts it came in. */
  parts: number;
}

export interface ModemDeviceEvents {
  state: [DeviceState];
  connected: [ModemInfo];
  disconnected: [ModemError];
  health: [ModemHealth];
  'delivery-report': [DeliveryReport];
  incoming: [IncomingIndication];
  /** An inbound text message; it is deleted from the SIM once every listener has run. */
  sms: [InboundSms];
  urc: [Urc];
  /** A step of the reset ladder (recovery.ts), for the log. */
  recovery: [RecoveryEvent];
  /** Something went wrong in the background (init after reconnect, a report we could not read). */
  problem: [ModemError];
}

export const DEFAULT_TIMEOUTS: ModemTimeouts = {
  commandMs: 5_000,
  promptMs: 5_000,
  resultMs: 60_000,
  okGraceMs: 500,
  probeMs: 1_500,
};
