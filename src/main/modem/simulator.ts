// A GSM modem that speaks AT over any byte transport: serialport's MockBinding in unit tests
// (SimulatorBinding below), a socat pty in integration tests and the demo (pty.ts). It decodes
// every message it is sent into a per-number inbox: the "virtual phone".
//
// Fault knobs live in the profile (static behaviour) and in methods (one-off faults):
//   latencyMs / networkDelayMs       slow modem, slow network (per command / per message part)
//   echo, prompt, lineEnding         `ATE1`, `>` / `> ` / `>\r\n`, `\r\r\n` line ends
//   missingOkAfterCpin               no OK after +CPIN: READY
//   pin, simInserted, network        SIM PIN, no SIM, no network (CMGS fails with +CMS 331)
//   pduMode, textMode, cnmi          which modes and CNMI variants are accepted
//   unsupported                      commands answered with COMMAND NOT SUPPORT
//   failNextSends([...])             the next sends end in +CMS/+CME ERROR or ERROR
//   injectUrc(line, when)            a URC now, right after the next prompt, or before a result
//   unplugDuringNextSend(when)       the modem vanishes after the prompt or after the payload
//   sendStatusReport / receiveSms    network-originated traffic (reports, texts from phones)
//   storeRawPdu(hex)                 a stored message the driver cannot read (garbled)
//   ussd, ussdReplies               AT+CUSD refused (ERROR / +CME ERROR) or answered per code, as
//                                    plain text (DCS 15), UCS-2 hex (DCS 72) or packed GSM-7 hex
//                                    (DCS 15, Huawei), inline or as a URC after OK; <m> per reply
//   storeOnSim(from, text, opts)     a text already on the SIM (no +CMTI), with its time and zone
//   storeOutgoing(to, text, sent)    a message a phone saved to send ("STO UNSENT"/"STO SENT")
//   imei, imsi, iccid; swapSim(...)  the identity AT+CGSN / AT+CIMI / AT+CCID (+QCCID, ^ICCID)
//                                    answer; another SIM card in the same modem
//   probeFromAnotherProgram()        ModemManager's probe traffic; SimulatorBinding.heldByAnother:
//                                    a port whose open fails with EBUSY / EACCES
//   freeze()                         the firmware stops answering; the port stays
//   accessTechnology                 <AcT> in AT+COPS? (0/1/3: 2G)
//   ownNumber                        what AT+CNUM answers (empty: the SIM does not know it)
//   reportMemory: 'SR'               +CDSI reports kept in "SR" memory, which AT+CMGR reads only
//                                    after AT+CPMS="SR" (Quectel); default "SM" like texts
//   reportRouting                    'stored' / 'direct': +CDSI or +CDS whatever CNMI agreed
//
// What the driver (device/) does with each knob, as tested in test/unit/modem/device.test.ts:
//   echo, prompt, lineEnding, URCs   send succeeds; URCs reach `urc` listeners only
//   latencyMs, networkDelayMs        send succeeds, slower; beyond the result timeout: TIMEOUT
//                                    (temporary, "may or may not have been sent")
//   missingOkAfterCpin               init continues after a grace period
//   pin                              with the PIN configured: unlocked; without: health problem
//                                    "The SIM card needs its PIN", sends fail SIM_LOCKED (permanent)
//   simInserted: false               health problem "There is no SIM card in the modem"
//   network: 'none'                  health problem "No mobile network"; sends fail +CMS 331
//                                    NO_NETWORK (temporary)
//   failNextSends                    ModemError with the +CMS/+CME number, temporary or permanent
//                                    by errors.ts; parts already sent listed in referencesSent
//   unplugDuringNextSend             DISCONNECTED (temporary); 'after-payload' means the message
//                                    did arrive, so a retry duplicates it (at-least-once)
//   pduMode: false, unsupported      text mode / fewer features, sends still succeed
//   reportMemory, reportRouting      reports still reach 'delivery-report'; a text at the same
//                                    index of the other memory is left alone
import { EventEmitter } from 'node:events';
import type { BindingInterface, OpenOptions, PortInfo } from '@serialport/bindings-interface';
import { MockBinding, type MockPortBinding } from '@serialport/binding-mock';
import { systemScheduler, type Scheduler } from '../time';
import {
  buildSubmitPdus,
  decodeSubmitPdu,
  encodeDeliverPdu,
  encodeStatusReportPdu,
} from '../sms/pdu';
import { splitParams, fromUcs2Hex, toUcs2Hex } from './commands';
import { encodeGsm7, packSeptets } from '../sms/gsm7';

export type PromptVariant = '> ' | '>' | '>\r\n';
export type NetworkState = 'home' | 'roaming' | 'searching' | 'denied' | 'none';
export type SimulatedError = { cms: number } | { cme: number } | 'ERROR';

/** How the simulated network answers one USSD code. */
export interface SimulatedUssd {
  text: string;
  /** 'text': as is with DCS 15; 'ucs2-hex': UCS-2 hex with DCS 72; 'gsm7-hex': packed septets as hex with DCS 15. */
  format: 'text' | 'ucs2-hex' | 'gsm7-hex';
  /** <m>: 0 done (default), 1 further action required, 2 terminated, 4 not supported … */
  m?: number;
  /** Reply among the command's lines, before OK (some modems), instead of a URC after it. */
  inline?: boolean;
  /** Delay of the URC after OK; default 0. */
  delayMs?: number;
}

export interface SimulatorProfile {
  manufacturer: string;
  model: string;
  revision: string;
  imei: string;
  imsi: string;
  /** <AcT> in AT+COPS?: 7 LTE, 2 UTRAN, 0/1/3 GSM (a 2G fallback or a 2G-only modem). */
  accessTechnology: number;
  /** The SIM's ICCID; which commands answer it: `unsupported` (e.g. ['+CCID']) tests fallbacks. */
  iccid: string;
  /** Echo at power-on (ATE0/ATE1 change it). */
  echo: boolean;
  prompt: PromptVariant;
  lineEnding: '\r\n' | '\r\r\n';
  /** Delay before each command's answer, in ms, or a function of the command line. */
  latencyMs: number | ((command: string) => number);
  /** Delay between Ctrl-Z and +CMGS for each message part. */
  networkDelayMs: number;
  missingOkAfterCpin: boolean;
  /** The SIM asks for this PIN until AT+CPIN="..." gives it. */
  pin?: string;
  simInserted: boolean;
  network: NetworkState;
  /** AT+CSQ rssi (0–31, 99 unknown). */
  rssi: number;
  operator: string;
  smsc: string;
  pduMode: boolean;
  textMode: boolean;
  /** Status-report routing the modem supports: +CDS, +CDSI (stored) or none. */
  cnmi: 'cds' | 'cdsi' | 'none';
  /** Answer requested status reports by itself after this many ms; undefined: never. */
  autoStatusReportMs?: number;
  /** First message reference handed out. */
  firstReference: number;
  /** Commands (`+CMEE`, `+CEREG`…) this modem answers with COMMAND NOT SUPPORT. */
  unsupported: string[];
  /** The SIM's own number for AT+CNUM; empty when the SIM does not store it. */
  ownNumber: string;
  /** Where +CDSI reports are stored and announced: with texts ("SM") or apart ("SR"). */
  reportMemory: 'SM' | 'SR';
  /** 'as-agreed' follows AT+CNMI; 'stored' / 'direct' send +CDSI / +CDS whatever it said. */
  reportRouting: 'as-agreed' | 'stored' | 'direct';
  /** AT+CUSD: answered, or refused with ERROR or +CME ERROR: 4 (modems without USSD). */
  ussd: 'supported' | 'error' | 'cme-error';
  /** Replies per USSD code; a code not listed gets +CUSD: 4 (not supported by the network). */
  ussdReplies: Record<string, SimulatedUssd>;
}

export const defaultProfile: SimulatorProfile = {
  manufacturer: 'SIMULATED',
  model: 'SIM800-SIM',
  revision: '1.0',
  imei: '490154203237518',
  imsi: '001010123456789',
  iccid: '8935801234567890123',
  accessTechnology: 7,
  echo: true,
  prompt: '> ',
  lineEnding: '\r\n',
  latencyMs: 0,
  networkDelayMs: 0,
  missingOkAfterCpin: false,
  simInserted: true,
  network: 'home',
  rssi: 20,
  operator: 'Simulated Network',
  smsc: '+15550000000',
  pduMode: true,
  textMode: true,
  cnmi: 'cds',
  autoStatusReportMs: undefined,
  firstReference: 0,
  unsupported: [],
  ownNumber: '',
  reportMemory: 'SM',
  reportRouting: 'as-agreed',
  ussd: 'supported',
  ussdReplies: { '*100#': { text: 'Your balance is 12.50 EUR.', format: 'text' } },
};

export interface ReceivedPart {
  to: string;
  text: string;
  reference: number;
  mode: 'pdu' | 'text';
  encoding: string;
  statusReportRequested: boolean;
  concat?: { reference: number; total: number; sequence: number };
}

export interface ReceivedMessage {
  to: string;
  text: string;
  mode: 'pdu' | 'text';
  encoding: string;
  /** Message references of the parts, in part order. */
  references: number[];
  parts: number;
  statusReportRequested: boolean;
  receivedAt: number;
}

export interface SimulatorEvents {
  /** A command line as received (after AT). */
  command: [string];
  part: [ReceivedPart];
  message: [ReceivedMessage];
  /** The modem vanished (unplug knob); the transport should drop the connection. */
  unplug: [];
}

export interface SimulatorTransport {
  write(data: Buffer): void;
}

type Reply = {
  lines: string[];
  final: 'OK' | SimulatedError | null;
  /** Runs once the final result is written (a URC that follows the OK). */
  after?: () => void;
};

interface StoredSms {
  kind: 'report' | 'deliver' | 'submit';
  pdu: string;
  tpduLength: number;
  /** Text mode's view of a stored SMS-DELIVER part. */
  from?: string;
  text?: string;
  sentAt?: number;
  read?: boolean;
}

const ok = (...lines: string[]): Reply => ({ lines, final: 'OK' });

function ussdLine(reply: SimulatedUssd): string {
  const m = reply.m ?? 0;
  if (reply.format === 'ucs2-hex') return `+CUSD: ${m},"${toUcs2Hex(reply.text)}",72`;
  if (reply.format === 'gsm7-hex') {
    const packed = Buffer.from(packSeptets(encodeGsm7(reply.text)))
      .toString('hex')
      .toUpperCase();
    return `+CUSD: ${m},"${packed}",15`;
  }
  return `+CUSD: ${m},"${reply.text}",15`;
}
const fail = (error: SimulatedError): Reply => ({ lines: [], final: error });

export class ModemSimulator extends EventEmitter<SimulatorEvents> {
  readonly profile: SimulatorProfile;
  private readonly scheduler: Scheduler;
  private transport?: SimulatorTransport;
  private inboxes = new Map<string, ReceivedMessage[]>();
  private pendingParts = new Map<string, Map<number, ReceivedPart>>();
  private input = '';
  private textEntry?: { command: string; body: string };
  private echo: boolean;
  private cmee = 0;
  private cmgf = 0;
  private cscs = 'IRA';
  private cnmiDs = 0;
  private csmpFirstOctet = 17;
  private simUnlocked: boolean;
  private nextReference: number;
  private failures: SimulatedError[] = [];
  private urcsAfterPrompt: string[] = [];
  private urcsBeforeResult: string[] = [];
  private unplugWhen?: 'after-prompt' | 'after-payload';
  private unplugged = false;
  /** Firmware hang: the port stays, nothing is answered until replug(). */
  private frozen = false;
  /** Stored messages per memory; AT+CPMS picks the one AT+CMGR/CMGL/CMGD work on. */
  private memories = new Map<string, Map<number, StoredSms>>([
    ['SM', new Map()],
    ['SR', new Map()],
  ]);
  private readMemory = 'SM';
  /** Serialises answers so latency never reorders them. */
  private busyUntil = 0;
  private scheduledOutputs = 0;

  constructor(profile: Partial<SimulatorProfile> = {}, options: { scheduler?: Scheduler } = {}) {
    super();
    this.profile = { ...defaultProfile, ...profile };
    this.scheduler = options.scheduler ?? systemScheduler;
    this.echo = this.profile.echo;
    this.simUnlocked = this.profile.pin === undefined;
    this.nextReference = this.profile.firstReference & 0xff;
  }

  // --- transport ----------------------------------------------------------------------------

  attach(transport: SimulatorTransport): void {
    this.transport = transport;
  }

  detach(): void {
    this.transport = undefined;
    this.input = '';
    this.textEntry = undefined;
  }

  /** Bytes from the host (the driver). */
  receive(chunk: Uint8Array): void {
    if (this.unplugged || this.frozen) return;
    for (const byte of chunk) this.receiveByte(byte);
  }

  get isUnplugged(): boolean {
    return this.unplugged;
  }

  /** Pulls the plug now. */
  unplug(): void {
    if (this.unplugged) return;
    this.unplugged = true;
    this.input = '';
    this.textEntry = undefined;
    this.emit('unplug');
  }

  /** Plugs the modem back in: it boots with its power-on settings, inbox kept. */
  replug(): void {
    this.unplugged = false;
    this.frozen = false;
    this.echo = this.profile.echo;
    this.cmee = 0;
    this.cmgf = 0;
    this.cscs = 'IRA';
    this.cnmiDs = 0;
    this.readMemory = 'SM';
    this.simUnlocked = this.profile.pin === undefined;
    this.busyUntil = 0;
  }

  /**
   * Another SIM card in the same modem (a new ICCID and IMSI, and its own number if given). The
   * modem sees it at its next start: swap between unplug() and replug(), as in the field.
   */
  swapSim(sim: { iccid: string; imsi: string; ownNumber?: string }): void {
    this.profile.iccid = sim.iccid;
    this.profile.imsi = sim.imsi;
    if (sim.ownNumber !== undefined) this.profile.ownNumber = sim.ownNumber;
  }

  /** The firmware hangs: the port stays open, nothing answers (not even AT+CFUN) until replug(). */
  freeze(): void {
    this.frozen = true;
  }

  /** What a ModemManager probe looks like from the kiosk's side: its commands echoed, answered. */
  probeFromAnotherProgram(): void {
    const { manufacturer, model } = this.profile;
    this.writeLines(['AT+GCAP', '+GCAP: +CGSM,+DS,+ES', 'OK', 'ATI', manufacturer, model, 'OK']);
    this.writeLines(['AT+CGMM', model, 'OK']);
  }

  // --- knobs --------------------------------------------------------------------------------

  failNextSends(errors: SimulatedError[]): void {
    this.failures.push(...errors);
  }

  /** Sends a URC now, right after the next prompt, or just before the next +CMGS result. */
  injectUrc(line: string, when: 'now' | 'after-prompt' | 'before-result' = 'now'): void {
    if (when === 'after-prompt') this.urcsAfterPrompt.push(line);
    else if (when === 'before-result') this.urcsBeforeResult.push(line);
    else this.writeLines([line]);
  }

  unplugDuringNextSend(when: 'after-prompt' | 'after-payload'): void {
    this.unplugWhen = when;
  }

  setNetwork(network: NetworkState): void {
    this.profile.network = network;
  }

  // --- inbox --------------------------------------------------------------------------------

  /** Messages received for `number` (as it was addressed), or for every number. */
  inbox(number?: string): ReceivedMessage[] {
    if (number !== undefined) return [...(this.inboxes.get(number) ?? [])];
    return [...this.inboxes.values()].flat().sort((a, b) => a.receivedAt - b.receivedAt);
  }

  clearInbox(): void {
    this.inboxes.clear();
    this.pendingParts.clear();
  }

  // --- network-originated traffic -----------------------------------------------------------

  /** Reports the fate of message `reference` (TP-Status 0 = delivered) as +CDS or +CDSI. */
  sendStatusReport(reference: number, recipient: string, status = 0): void {
    const now = new Date(this.scheduler.now());
    const report = encodeStatusReportPdu({
      messageReference: reference,
      recipient,
      serviceCentreTimestamp: now,
      dischargeTime: now,
      status,
    });
    const routing = this.profile.reportRouting;
    // Reports off (ds=0) stay off; otherwise a modem may route them its own way.
    const ds =
      this.cnmiDs === 0 ? 0 : routing === 'stored' ? 2 : routing === 'direct' ? 1 : this.cnmiDs;
    if (ds === 1) {
      if (this.cmgf === 0) this.writeLines([`+CDS: ${report.tpduLength}`, report.hex]);
      else {
        const ts = formatTimestamp(now);
        this.writeLines([
          `+CDS: 6,${reference},"${recipient}",${recipient.startsWith('+') ? 145 : 129},"${ts}","${ts}",${status}`,
        ]);
      }
    } else if (ds === 2) {
      const memory = this.profile.reportMemory;
      const index = this.store(
        { kind: 'report', pdu: report.hex, tpduLength: report.tpduLength },
        memory,
      );
      this.writeLines([`+CDSI: "${memory}",${index}`]);
    }
  }

  /** A phone sends the modem a message: stored with +CMTI (or +CMT when routed directly). */
  receiveSms(from: string, text: string, options: { direct?: boolean } = {}): void {
    const pdus = encodeDeliverPdu({
      from,
      text,
      timestamp: new Date(this.scheduler.now()),
      concatReference: 1 + (this.nextReference % 255),
    });
    const sentAt = this.scheduler.now();
    for (const pdu of pdus) {
      if (options.direct) {
        if (this.cmgf === 0) this.writeLines([`+CMT: ,${pdu.tpduLength}`, pdu.hex]);
        else
          this.writeLines([
            `+CMT: "${from}",,"${formatTimestamp(new Date(sentAt))}"`,
            this.textForHost(pdu.text),
          ]);
      } else {
        const index = this.store({
          kind: 'deliver',
          pdu: pdu.hex,
          tpduLength: pdu.tpduLength,
          from,
          text: pdu.text,
          sentAt,
        });
        this.writeLines([`+CMTI: "SM",${index}`]);
      }
    }
  }

  /**
   * A text that is already on the SIM when the driver looks (no +CMTI): what arrived while the
   * kiosk was off. Returns the indexes of its parts.
   */
  storeOnSim(
    from: string,
    text: string,
    options: { timestamp?: Date; offsetMinutes?: number; read?: boolean } = {},
  ): number[] {
    const timestamp = options.timestamp ?? new Date(this.scheduler.now());
    const pdus = encodeDeliverPdu({
      from,
      text,
      timestamp,
      offsetMinutes: options.offsetMinutes ?? 0,
      concatReference: 1 + (this.nextReference++ % 255),
    });
    return pdus.map((pdu) =>
      this.store({
        kind: 'deliver',
        pdu: pdu.hex,
        tpduLength: pdu.tpduLength,
        from,
        text: pdu.text,
        sentAt: timestamp.getTime(),
        read: options.read ?? false,
      }),
    );
  }

  /** A message a phone or a tool saved on the SIM to send: stat 2/3, an SMS-SUBMIT. */
  storeOutgoing(to: string, text: string, sent = false): number {
    const [pdu] = buildSubmitPdus({ to, text, requestStatusReport: false });
    return this.store({
      kind: 'submit',
      pdu: pdu!.hex,
      tpduLength: pdu!.tpduLength,
      from: to,
      text: pdu!.text,
      read: sent,
    });
  }

  /** Stores a message as if the network had delivered it, PDU as given (e.g. garbled). */
  storeRawPdu(hex: string): number {
    const index = this.store({ kind: 'deliver', pdu: hex, tpduLength: Math.floor(hex.length / 2) });
    this.writeLines([`+CMTI: "SM",${index}`]);
    return index;
  }

  /** Indexes of the messages stored on the simulated SIM (what the driver has not deleted). */
  storedIndexes(memory: 'SM' | 'SR' = 'SM'): number[] {
    return [...this.memory(memory).keys()].sort((a, b) => a - b);
  }

  private textForHost(text: string): string {
    return this.cscs === 'UCS2' ? toUcs2Hex(text) : text;
  }

  private storedStat(sms: StoredSms): { num: number; word: string } {
    if (sms.kind === 'submit')
      return sms.read ? { num: 3, word: 'STO SENT' } : { num: 2, word: 'STO UNSENT' };
    return sms.read ? { num: 1, word: 'REC READ' } : { num: 0, word: 'REC UNREAD' };
  }

  /** Text-mode header fields after <stat>: <oa>,[<alpha>],<scts>. */
  private textHeader(sms: StoredSms): string {
    const ts = formatTimestamp(new Date(sms.sentAt ?? this.scheduler.now()));
    return `"${this.textForHost(sms.from ?? '')}",,"${ts}"`;
  }

  // --- byte handling ------------------------------------------------------------------------

  private receiveByte(byte: number): void {
    const ch = String.fromCharCode(byte);
    if (this.textEntry) {
      if (this.echo && byte !== 0x1a && byte !== 0x1b) this.write(ch);
      if (byte === 0x1a) {
        const entry = this.textEntry;
        this.textEntry = undefined;
        this.onMessageText(entry.command, entry.body);
      } else if (byte === 0x1b) {
        this.textEntry = undefined;
        this.respond(ok(), 0);
      } else this.textEntry.body += ch;
      return;
    }
    if (this.echo) this.write(ch);
    if (byte === 0x0d) {
      const line = this.input.trim();
      this.input = '';
      if (line.length > 0) this.onCommandLine(line);
    } else if (byte === 0x1b || byte === 0x1a) {
      this.input = '';
    } else if (byte !== 0x0a) {
      this.input += ch;
      if (this.input.length > 4096) this.input = '';
    }
  }

  private latencyFor(command: string): number {
    const l = this.profile.latencyMs;
    return typeof l === 'function' ? l(command) : l;
  }

  private onCommandLine(line: string): void {
    this.emit('command', line);
    if (!/^AT/i.test(line)) {
      this.respond(fail('ERROR'), this.latencyFor(line));
      return;
    }
    const body = line.slice(2);
    if (/^\+CMGS=/i.test(body)) {
      this.startCmgs(line, body.slice(6));
      return;
    }
    this.respond(this.execute(body), this.latencyFor(line));
  }

  private execute(body: string): Reply {
    const upper = body.toUpperCase();
    if (upper === '' || upper === 'Z' || upper === '&F') return ok();
    if (upper === 'E0' || upper === 'E1') {
      this.echo = upper === 'E1';
      return ok();
    }
    if (upper === 'I') return ok(`${this.profile.manufacturer} ${this.profile.model}`);
    const m = /^([+^#][A-Z]+)(=\?|\?|=(.*))?$/i.exec(body);
    if (!m) return fail('ERROR');
    const name = m[1]!.toUpperCase();
    const kind =
      m[2] === undefined ? 'exec' : m[2] === '?' ? 'read' : m[2] === '=?' ? 'test' : 'set';
    const args = m[3] !== undefined ? splitParams(m[3]) : [];
    const handler = this.handlers[name];
    if (this.profile.unsupported.some((u) => u.toUpperCase() === name)) {
      return { lines: ['COMMAND NOT SUPPORT'], final: null };
    }
    if (!handler) return fail('ERROR');
    return handler(kind, args);
  }

  private needSim(): SimulatedError | undefined {
    if (!this.profile.simInserted) return { cme: 10 };
    if (!this.simUnlocked) return { cme: 11 };
    return undefined;
  }

  private readonly handlers: Record<
    string,
    (kind: 'exec' | 'read' | 'test' | 'set', args: string[]) => Reply
  > = {
    '+CMEE': (kind, args) => {
      if (kind === 'read') return ok(`+CMEE: ${this.cmee}`);
      const v = Number(args[0]);
      if (![0, 1, 2].includes(v)) return fail({ cme: 4 });
      this.cmee = v;
      return ok();
    },
    '+CPIN': (kind, args) => {
      if (!this.profile.simInserted) return fail({ cme: 10 });
      if (kind === 'read') {
        const state = this.simUnlocked ? 'READY' : 'SIM PIN';
        return { lines: [`+CPIN: ${state}`], final: this.profile.missingOkAfterCpin ? null : 'OK' };
      }
      if (kind === 'set') {
        if (this.simUnlocked) return fail({ cme: 3 });
        if (args[0] !== this.profile.pin) return fail({ cme: 16 });
        this.simUnlocked = true;
        return ok();
      }
      return ok();
    },
    '+CMGF': (kind, args) => {
      if (kind === 'read') return ok(`+CMGF: ${this.cmgf}`);
      if (kind === 'test')
        return ok(
          `+CMGF: (${this.profile.pduMode ? '0' : ''}${this.profile.textMode ? ',1' : ''})`,
        );
      const v = Number(args[0]);
      if ((v === 0 && this.profile.pduMode) || (v === 1 && this.profile.textMode)) {
        this.cmgf = v;
        return ok();
      }
      return fail({ cms: 303 });
    },
    '+CSCS': (kind, args) => {
      if (kind === 'read') return ok(`+CSCS: "${this.cscs}"`);
      const v = (args[0] ?? '').toUpperCase();
      if (!['IRA', 'GSM', 'UCS2'].includes(v)) return fail({ cme: 4 });
      this.cscs = v;
      return ok();
    },
    '+CSMP': (kind, args) => {
      if (kind === 'read') return ok(`+CSMP: ${this.csmpFirstOctet},167,0,0`);
      this.csmpFirstOctet = Number(args[0] ?? 17);
      return ok();
    },
    '+CNMI': (kind, args) => {
      if (kind === 'read') return ok(`+CNMI: 2,1,0,${this.cnmiDs},0`);
      const ds = Number(args[3] ?? 0);
      const supported = { cds: 1, cdsi: 2, none: 0 }[this.profile.cnmi];
      if (ds !== 0 && ds !== supported) return fail({ cms: 303 });
      this.cnmiDs = ds;
      return ok();
    },
    '+CREG': (kind) => this.registration('+CREG', kind),
    '+CGREG': (kind) => this.registration('+CGREG', kind),
    '+CEREG': (kind) => this.registration('+CEREG', kind),
    '+CSQ': () => ok(`+CSQ: ${this.profile.network === 'none' ? 99 : this.profile.rssi},99`),
    '+COPS': (kind) => {
      if (kind !== 'read') return ok();
      const registered = this.profile.network === 'home' || this.profile.network === 'roaming';
      const act = this.profile.accessTechnology;
      return ok(registered ? `+COPS: 0,0,"${this.profile.operator}",${act}` : '+COPS: 0');
    },
    '+CSCA': (kind, args) => {
      if (kind === 'set') {
        this.profile.smsc = args[0] ?? '';
        return ok();
      }
      const err = this.needSim();
      if (err) return fail(err);
      return ok(`+CSCA: "${this.profile.smsc}",${this.profile.smsc.startsWith('+') ? 145 : 129}`);
    },
    '+CGMI': () => ok(this.profile.manufacturer),
    '+CGMM': () => ok(this.profile.model),
    '+CGMR': () => ok(`Revision:${this.profile.revision}`),
    '+CGSN': () => ok(this.profile.imei),
    '+CIMI': () => {
      const err = this.needSim();
      return err ? fail(err) : ok(this.profile.imsi);
    },
    // No SIM: ERROR, like modems do; a locked SIM still tells its ICCID.
    '+CCID': () =>
      this.profile.simInserted ? ok(`+CCID: "${this.profile.iccid}"`) : fail('ERROR'),
    '+QCCID': () =>
      this.profile.simInserted ? ok(`+QCCID: ${this.profile.iccid}`) : fail('ERROR'),
    '^ICCID': () =>
      this.profile.simInserted ? ok(`^ICCID: ${this.profile.iccid}`) : fail('ERROR'),
    '+CMGR': (_kind, args) => {
      const stored = this.memory(this.readMemory).get(Number(args[0]));
      if (!stored) return fail({ cms: 321 });
      const stat = this.storedStat(stored);
      if (stored.kind !== 'submit') stored.read = true;
      if (this.cmgf === 1) {
        if (stored.text === undefined) return fail({ cms: 500 });
        return ok(
          `+CMGR: "${stat.word}",${this.textHeader(stored)}`,
          this.textForHost(stored.text),
        );
      }
      return ok(`+CMGR: ${stat.num},,${stored.tpduLength}`, stored.pdu);
    },
    '+CMGL': (_kind, args) => {
      const lines: string[] = [];
      const memory = this.memory(this.readMemory);
      for (const index of [...memory.keys()].sort((a, b) => a - b)) {
        const stored = memory.get(index)!;
        const stat = this.storedStat(stored);
        if (this.cmgf === 1) {
          if (args[0]?.toUpperCase() !== 'ALL' || stored.text === undefined) continue;
          lines.push(`+CMGL: ${index},"${stat.word}",${this.textHeader(stored)}`);
          lines.push(this.textForHost(stored.text));
        } else {
          if (args[0] !== '4') continue;
          lines.push(`+CMGL: ${index},${stat.num},,${stored.tpduLength}`, stored.pdu);
        }
        if (stored.kind !== 'submit') stored.read = true;
      }
      return ok(...lines);
    },
    '+CPMS': (kind, args) => {
      const counts = (name: string) => `"${name}",${this.memory(name).size},30`;
      if (kind === 'read')
        return ok(`+CPMS: ${counts(this.readMemory)},"SM",${this.memory('SM').size},30`);
      const memory = (args[0] ?? '').toUpperCase();
      if (kind !== 'set' || !this.memories.has(memory)) return fail({ cms: 302 });
      this.readMemory = memory;
      return ok(`+CPMS: ${this.memory(memory).size},30,${this.memory('SM').size},30`);
    },
    '+CUSD': (kind, args) => {
      if (this.profile.ussd === 'error') return fail('ERROR');
      if (this.profile.ussd === 'cme-error') return fail({ cme: 4 });
      if (kind !== 'set') return ok();
      if (args[0] === '2' || args[1] === undefined) return ok();
      const reply = this.profile.ussdReplies[args[1]];
      const line = reply ? ussdLine(reply) : '+CUSD: 4';
      if (reply?.inline) return ok(line);
      return {
        ...ok(),
        after: () => this.after(reply?.delayMs ?? 0, () => this.writeLines([line])),
      };
    },
    '+CNUM': () =>
      this.profile.ownNumber
        ? ok(
            `+CNUM: "",${JSON.stringify(this.profile.ownNumber)},${this.profile.ownNumber.startsWith('+') ? 145 : 129}`,
          )
        : ok(),
    '+CMGD': (_kind, args) => {
      this.memory(this.readMemory).delete(Number(args[0]));
      return ok();
    },
  };

  private registration(name: string, kind: string): Reply {
    if (kind !== 'read') return ok();
    const stat = { home: 1, roaming: 5, searching: 2, denied: 3, none: 0 }[this.profile.network];
    return ok(`${name}: 0,${this.simUnlocked && this.profile.simInserted ? stat : 0}`);
  }

  // --- sending ------------------------------------------------------------------------------

  private startCmgs(line: string, args: string): void {
    const latency = this.latencyFor(line);
    const simError = this.needSim();
    if (simError) {
      this.respond(fail(simError), latency);
      return;
    }
    this.after(latency, () => {
      this.textEntry = { command: args, body: '' };
      this.write(`${this.profile.lineEnding}${this.profile.prompt}`);
      for (const urc of this.urcsAfterPrompt.splice(0)) this.writeLines([urc]);
      if (this.unplugWhen === 'after-prompt') {
        this.unplugWhen = undefined;
        this.unplug();
      }
    });
  }

  private onMessageText(args: string, body: string): void {
    if (this.unplugWhen === 'after-payload') {
      // The message reaches the network, the answer never reaches the host.
      this.unplugWhen = undefined;
      this.accept(args, body);
      this.unplug();
      return;
    }
    const failure = this.failures.shift();
    const registered = this.profile.network === 'home' || this.profile.network === 'roaming';
    let reply: Reply;
    if (failure) reply = fail(failure);
    else if (!registered) reply = fail({ cms: 331 });
    else {
      const references = this.accept(args, body);
      reply = references === undefined ? fail({ cms: 304 }) : ok(`+CMGS: ${references}`);
    }
    const urcs = this.urcsBeforeResult.splice(0);
    this.after(this.profile.networkDelayMs, () => {
      for (const urc of urcs) this.writeLines([urc]);
      this.respond(reply, 0);
    });
  }

  /** Decodes and files one message part; returns its reference, or undefined if invalid. */
  private accept(args: string, body: string): number | undefined {
    const part = this.cmgf === 0 ? this.decodePdu(args, body) : this.decodeText(args, body);
    if (!part) return undefined;
    this.emit('part', part);
    this.file(part);
    if (part.statusReportRequested && this.profile.autoStatusReportMs !== undefined) {
      this.after(this.profile.autoStatusReportMs, () =>
        this.sendStatusReport(part.reference, part.to, 0),
      );
    }
    return part.reference;
  }

  private takeReference(): number {
    const r = this.nextReference;
    this.nextReference = (this.nextReference + 1) & 0xff;
    return r;
  }

  private decodePdu(args: string, body: string): ReceivedPart | undefined {
    const hex = body.trim();
    const length = Number.parseInt(args, 10);
    if (!/^([0-9A-F]{2})+$/i.test(hex)) return undefined;
    const smscLength = Number.parseInt(hex.slice(0, 2), 16);
    if (hex.length / 2 - 1 - smscLength !== length) return undefined;
    try {
      const d = decodeSubmitPdu(hex);
      return {
        to: d.to,
        text: d.text,
        reference: this.takeReference(),
        mode: 'pdu',
        encoding: d.encoding,
        statusReportRequested: d.requestStatusReport,
        concat: d.concat,
      };
    } catch {
      return undefined;
    }
  }

  private decodeText(args: string, body: string): ReceivedPart | undefined {
    const [rawTo] = splitParams(args);
    const ucs2 = this.cscs === 'UCS2';
    const to = ucs2 ? fromUcs2Hex(rawTo ?? '') : rawTo;
    const text = ucs2 ? fromUcs2Hex(body) : body;
    if (!to || text === undefined) return undefined;
    return {
      to,
      text,
      reference: this.takeReference(),
      mode: 'text',
      encoding: ucs2 ? 'ucs2' : 'gsm7',
      statusReportRequested: (this.csmpFirstOctet & 0x20) !== 0,
    };
  }

  private file(part: ReceivedPart): void {
    if (!part.concat || part.concat.total <= 1) {
      this.deliver([part]);
      return;
    }
    const key = `${part.to}|${part.concat.reference}|${part.concat.total}`;
    let parts = this.pendingParts.get(key);
    if (!parts) this.pendingParts.set(key, (parts = new Map()));
    parts.set(part.concat.sequence, part);
    if (parts.size === part.concat.total) {
      this.pendingParts.delete(key);
      this.deliver([...parts.values()].sort((a, b) => a.concat!.sequence - b.concat!.sequence));
    }
  }

  private deliver(parts: ReceivedPart[]): void {
    const first = parts[0]!;
    const message: ReceivedMessage = {
      to: first.to,
      text: parts.map((p) => p.text).join(''),
      mode: first.mode,
      encoding: first.encoding,
      references: parts.map((p) => p.reference),
      parts: parts.length,
      statusReportRequested: first.statusReportRequested,
      receivedAt: this.scheduler.now(),
    };
    const list = this.inboxes.get(message.to) ?? [];
    list.push(message);
    this.inboxes.set(message.to, list);
    this.emit('message', message);
  }

  private memory(name: string): Map<number, StoredSms> {
    return this.memories.get(name)!;
  }

  private store(sms: StoredSms, memory = 'SM'): number {
    const storage = this.memory(memory);
    let index = 1;
    while (storage.has(index)) index++;
    storage.set(index, sms);
    return index;
  }

  // --- output -------------------------------------------------------------------------------

  private after(ms: number, fn: () => void): void {
    // Answers leave in order even when latency varies from command to command.
    const now = this.scheduler.now();
    const at = Math.max(now + Math.max(0, ms), this.busyUntil);
    this.busyUntil = at;
    if (at <= now && this.scheduledOutputs === 0) {
      fn();
      return;
    }
    this.scheduledOutputs++;
    this.scheduler.setTimeout(() => {
      this.scheduledOutputs--;
      if (!this.unplugged) fn();
    }, at - now);
  }

  private respond(reply: Reply, latency: number): void {
    this.after(latency, () => {
      this.writeLines(reply.lines);
      if (reply.final !== null) this.writeLines([this.finalText(reply.final)]);
      reply.after?.();
    });
  }

  private finalText(final: Reply['final']): string {
    if (final === 'OK') return 'OK';
    if (final === 'ERROR' || final === null) return 'ERROR';
    if (this.cmee === 0) return 'ERROR';
    if ('cms' in final) return `+CMS ERROR: ${final.cms}`;
    if (this.cmee === 2 && CME_TEXT[final.cme]) return `+CME ERROR: ${CME_TEXT[final.cme]}`;
    return `+CME ERROR: ${final.cme}`;
  }

  private writeLines(lines: string[]): void {
    const eol = this.profile.lineEnding;
    // An information response (or a two-line URC) is one block: <eol>a<eol>b<eol>.
    if (lines.length > 0) this.write(`${eol}${lines.join(eol)}${eol}`);
  }

  private write(text: string): void {
    if (this.unplugged || !this.transport) return;
    this.transport.write(Buffer.from(text, 'latin1'));
  }
}

const CME_TEXT: Record<number, string> = {
  3: 'operation not allowed',
  4: 'operation not supported',
  10: 'SIM not inserted',
  11: 'SIM PIN required',
  16: 'incorrect password',
  30: 'no network service',
};

function formatTimestamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(date.getUTCFullYear() % 100)}/${p(date.getUTCMonth() + 1)}/${p(date.getUTCDate())},${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())}+00`;
}

/** Connects a simulator to any duplex byte stream (a socket, a child's stdio, a PassThrough). */
export function serveStream(
  simulator: ModemSimulator,
  stream: {
    write(data: Buffer): unknown;
    on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  },
): void {
  simulator.attach({ write: (data) => void stream.write(data) });
  stream.on('data', (chunk) => simulator.receive(chunk));
}

/**
 * A serialport binding whose ports are simulated modems, built on MockBinding. Unplugging a
 * port makes its reads fail the way a USB unplug does, so SerialPortStream reports a
 * disconnect; until it is plugged back, opening it fails.
 */
export class SimulatorBinding implements BindingInterface<MockPortBinding> {
  private readonly modems = new Map<string, ModemSimulator>();
  private readonly openPorts = new Map<string, MockPortBinding>();
  private readonly unplugged = new Set<string>();

  /** Adds a port backed by `simulator`; the simulator's unplug knob unplugs the port. */
  plug(path: string, simulator: ModemSimulator, info: Partial<PortInfo> = {}): void {
    MockBinding.createPort(path, {
      echo: false,
      record: false,
      manufacturer: info.manufacturer ?? simulator.profile.manufacturer,
      vendorId: info.vendorId,
      productId: info.productId,
    });
    if (!this.modems.has(path)) simulator.on('unplug', () => this.unplug(path));
    this.modems.set(path, simulator);
    this.unplugged.delete(path);
    if (simulator.isUnplugged) simulator.replug();
  }

  /** A port with nothing that answers (a GPS, a debug console). */
  plugSilent(path: string): void {
    MockBinding.createPort(path, { echo: false, record: false });
  }

  unplug(path: string): void {
    this.unplugged.add(path);
    const port = this.openPorts.get(path);
    this.openPorts.delete(path);
    const simulator = this.modems.get(path);
    if (simulator && !simulator.isUnplugged) simulator.unplug();
    if (port) {
      const internal = port as unknown as { pendingRead: ((err?: Error) => void) | null };
      const pending = internal.pendingRead;
      internal.pendingRead = null;
      pending?.(new Error('The device was unplugged'));
    }
  }

  /** Plugs an unplugged port back in (the simulator reboots, its inbox kept). */
  replug(path: string): void {
    const simulator = this.modems.get(path);
    if (!simulator) throw new Error(`No simulator was plugged at ${path}`);
    this.plug(path, simulator);
  }

  async list(): Promise<PortInfo[]> {
    const all = await MockBinding.list();
    return all.filter((p) => !this.unplugged.has(p.path));
  }

  /** Ports another program holds (ModemManager): opening fails as the system says it. */
  readonly heldByAnother = new Map<string, 'EBUSY' | 'EACCES'>();

  async open(options: OpenOptions): Promise<MockPortBinding> {
    if (this.unplugged.has(options.path)) {
      throw new Error(`Error: No such file or directory, cannot open ${options.path}`);
    }
    const held = this.heldByAnother.get(options.path);
    if (held) {
      const words = held === 'EBUSY' ? 'Resource busy' : 'Permission denied';
      throw Object.assign(new Error(`Error: ${words}, cannot open ${options.path}`), {
        code: held,
      });
    }
    const port = await MockBinding.open(options);
    const simulator = this.modems.get(options.path);
    if (!simulator) return port;
    const path = options.path;
    const gone = () => this.unplugged.has(path) || this.openPorts.get(path) !== port;
    const write = port.write.bind(port);
    port.write = async (buffer: Buffer) => {
      if (gone()) throw new Error('The device was unplugged');
      await write(buffer);
      simulator.receive(buffer);
    };
    const read = port.read.bind(port);
    port.read = async (buffer: Buffer, offset: number, length: number) => {
      if (gone() && port.isOpen) throw new Error('The device was unplugged');
      return read(buffer, offset, length);
    };
    const close = port.close.bind(port);
    port.close = async () => {
      if (this.openPorts.get(path) === port) {
        this.openPorts.delete(path);
        simulator.detach();
      }
      await close();
    };
    this.openPorts.set(path, port);
    simulator.detach();
    simulator.attach({
      write: (data) => {
        if (port.isOpen && !gone()) port.emitData(data);
      },
    });
    return port;
  }
}
