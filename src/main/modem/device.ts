// The modem as the rest of the app sees it: open (with port discovery), initialise with
// fallbacks, publish health, send SMS, match delivery reports, and come back after an unplug.
// Commands go through the channel one at a time; meaning comes from commands.ts.
import { EventEmitter } from 'node:events';
import { access } from 'node:fs/promises';
import { SerialPortStream } from '@serialport/stream';
import type { BindingInterface, PortInfo } from '@serialport/bindings-interface';
import { systemScheduler, type Scheduler, type TimerHandle } from '../time';
import { buildSubmitPdus, decodeDeliverPdu, decodeStatusReportPdu } from '../sms/pdu';
import { splitMessage } from '../sms/segment';
import { isGsm7 } from '../sms/gsm7';
import { AtChannel, type AtResponse, type Urc } from './channel';
import * as at from './commands';
import { ModemError, ModemErrorCode } from './errors';
import { listPorts } from './port-list';

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
  /** Something went wrong in the background (init after reconnect, a report we could not read). */
  problem: [ModemError];
}

const DEFAULT_TIMEOUTS: ModemTimeouts = {
  commandMs: 5_000,
  promptMs: 5_000,
  resultMs: 60_000,
  okGraceMs: 500,
  probeMs: 1_500,
};

interface OpenPort {
  stream: SerialPortStream;
  channel: AtChannel;
}

function openStream(binding: BindingInterface, path: string, baudRate: number) {
  return new Promise<SerialPortStream>((resolve, reject) => {
    const stream = new SerialPortStream({ binding, path, baudRate, autoOpen: false });
    stream.open((error) => {
      if (error) {
        reject(
          new ModemError(ModemErrorCode.OpenFailed, `The modem port ${path} could not be opened`, {
            temporary: true,
            cause: error,
          }),
        );
      } else resolve(stream);
    });
  });
}

function closeStream(stream: SerialPortStream): Promise<void> {
  return new Promise((resolve) => {
    if (!stream.isOpen) return resolve();
    stream.close(() => resolve());
  });
}

function connect(
  stream: SerialPortStream,
  scheduler: Scheduler,
  timeouts: ModemTimeouts,
  trace?: ModemDeviceOptions['trace'],
): AtChannel {
  const channel = new AtChannel(stream, {
    scheduler,
    defaultTimeoutMs: timeouts.commandMs,
    promptTimeoutMs: timeouts.promptMs,
    resultTimeoutMs: timeouts.resultMs,
    okGraceMs: timeouts.okGraceMs,
  });
  stream.on('data', (chunk: Buffer) => channel.receive(chunk));
  // Errors also arrive as 'close'; without a listener an 'error' event would crash the process.
  stream.on('error', () => undefined);
  if (trace) channel.on('trace', (t) => trace(t.direction, t.text));
  return channel;
}

export interface ProbeResult {
  path: string;
  baudRate: number;
  port: PortInfo;
  manufacturer?: string;
  model?: string;
}

/**
 * Finds modems by probing every listed port with `AT`. Ports are probed in parallel; a port
 * that is busy, silent or answers garbage is skipped.
 */
export async function discoverModems(options: {
  binding: BindingInterface;
  baudRates?: number[];
  scheduler?: Scheduler;
  probeTimeoutMs?: number;
  filter?: (port: PortInfo) => boolean;
}): Promise<ProbeResult[]> {
  const scheduler = options.scheduler ?? systemScheduler;
  const timeouts = { ...DEFAULT_TIMEOUTS, commandMs: options.probeTimeoutMs ?? 1_500 };
  const ports = (await listPorts(options.binding)).filter(options.filter ?? (() => true));
  const results = await Promise.all(
    ports.map(async (port) => {
      for (const baudRate of options.baudRates ?? [115200, 9600]) {
        const found = await probe(options.binding, port, baudRate, scheduler, timeouts);
        if (found) return found;
      }
      return undefined;
    }),
  );
  return results.filter((r): r is ProbeResult => r !== undefined);
}

async function probe(
  binding: BindingInterface,
  port: PortInfo,
  baudRate: number,
  scheduler: Scheduler,
  timeouts: ModemTimeouts,
): Promise<ProbeResult | undefined> {
  let stream: SerialPortStream | undefined;
  try {
    stream = await openStream(binding, port.path, baudRate);
    const channel = connect(stream, scheduler, timeouts);
    stream.once('close', () =>
      channel.close(new ModemError(ModemErrorCode.Disconnected, 'Gone', { temporary: true })),
    );
    channel.writeRaw(at.ESC);
    await channel.run('AT');
    await channel.run(at.echoOff).catch(() => undefined);
    const manufacturer = await channel
      .run(at.identityQueries.manufacturer)
      .then((r) => at.parseInfoText(r.lines))
      .catch(() => undefined);
    const model = await channel
      .run(at.identityQueries.model)
      .then((r) => at.parseInfoText(r.lines))
      .catch(() => undefined);
    return { path: port.path, baudRate, port, manufacturer, model };
  } catch {
    return undefined;
  } finally {
    if (stream) await closeStream(stream);
  }
}

export class ModemDevice extends EventEmitter<ModemDeviceEvents> {
  private readonly options: ModemDeviceOptions;
  private readonly scheduler: Scheduler;
  private readonly timeouts: ModemTimeouts;
  private port?: OpenPort;
  private currentState: DeviceState = 'closed';
  private modemInfo?: ModemInfo;
  private lastHealth?: ModemHealth;
  /**
   * Set once the SIM refused the configured PIN: it is never tried again, because three wrong
   * tries lock the SIM until someone enters its PUK.
   */
  private pinRefused = false;
  private healthTimer?: TimerHandle;
  private presenceTimer?: TimerHandle;
  private reconnectTimer?: TimerHandle;
  private reconnectAttempt = 0;
  private cmgf?: 0 | 1;
  private charset?: string;
  private nextConcatReference = 1;
  private readonly sent = new Map<number, { to: string; sentAt: number }>();
  private stopping = false;
  private sending = 0;
  private lock: Promise<void> = Promise.resolve();
  private heldReports: Omit<DeliveryReport, 'sentTo' | 'sentAt'>[] = [];
  /** Parts of concatenated inbound messages, by sender + reference, until all have arrived. */
  private readonly partials = new Map<
    string,
    { texts: Map<number, string>; total: number; indexes: Set<number> }
  >();

  constructor(options: ModemDeviceOptions) {
    super();
    this.options = options;
    this.scheduler = options.scheduler ?? systemScheduler;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    // A random start keeps two kiosks (or two runs) from reusing the same references at once.
    this.nextConcatReference = 1 + Math.floor(Math.random() * 255);
  }

  get state(): DeviceState {
    return this.currentState;
  }

  get info(): ModemInfo | undefined {
    return this.modemInfo;
  }

  get health(): ModemHealth | undefined {
    return this.lastHealth;
  }

  /** Opens and initialises the modem; rejects if that fails (no retry). */
  async open(): Promise<ModemInfo> {
    if (this.currentState === 'ready' && this.modemInfo) return this.modemInfo;
    this.stopping = false;
    this.setState('connecting');
    try {
      return await this.connectOnce();
    } catch (error) {
      this.setState('closed');
      throw error;
    }
  }

  /**
   * Opens the modem in the background: failures, and later unplugs, are retried with backoff
   * until close(). Progress is visible through the `state`, `connected` and `health` events.
   */
  start(): void {
    this.stopping = false;
    if (this.currentState !== 'closed') return;
    this.setState('connecting');
    this.connectOnce().catch((error: unknown) => {
      this.emit('problem', asModemError(error));
      this.scheduleReconnect();
    });
  }

  async close(): Promise<void> {
    this.stopping = true;
    this.stopTimers();
    const port = this.port;
    this.port = undefined;
    if (port) {
      port.channel.close(
        new ModemError(ModemErrorCode.Closed, 'The modem connection was closed', {
          temporary: true,
        }),
      );
      await closeStream(port.stream);
    }
    this.setState('closed');
  }

  /**
   * Sends one SMS (split into parts when needed) and resolves with one message reference per
   * part. Rejects with a ModemError: `temporary` says whether to retry; `referencesSent` lists
   * the parts that went out before the failure.
   */
  async sendSms(to: string, text: string, options: SendOptions = {}): Promise<SendResult> {
    const port = this.requireReady();
    const number = to.replace(/[\s\-()]/g, '');
    if (!/^\+?\d{3,20}$/.test(number)) {
      throw new ModemError(ModemErrorCode.InvalidNumber, 'The phone number is not valid', {
        temporary: false,
      });
    }
    const mode = options.mode ?? this.options.mode ?? (this.modemInfo?.pduMode ? 'pdu' : 'text');
    const statusReport = options.requestStatusReport ?? this.options.statusReports ?? true;
    const references: number[] = [];
    this.sending++;
    try {
      return await this.exclusive(() =>
        mode === 'pdu'
          ? this.sendPduMode(port, number, text, statusReport, options, references)
          : this.sendTextMode(port, number, text, statusReport, options, references),
      );
    } catch (error) {
      const e = asModemError(error);
      e.referencesSent = [...references];
      throw e;
    } finally {
      this.sending--;
      if (this.sending === 0) for (const r of this.heldReports.splice(0)) this.emitReport(r);
    }
  }

  /** Polls health now (also done on a timer) and publishes it. */
  async checkHealth(): Promise<ModemHealth> {
    const port = this.port;
    if (!port || this.currentState !== 'ready') {
      const health = disconnectedHealth(this.scheduler.now());
      this.publishHealth(health);
      return health;
    }
    const health = await this.readHealth(port.channel);
    // The modem may have been unplugged while the answers came in: a reading of the old port
    // must not overwrite the "disconnected" already published.
    if (this.port !== port || this.currentState !== 'ready') {
      return this.lastHealth ?? disconnectedHealth(this.scheduler.now());
    }
    this.publishHealth(health);
    return health;
  }

  /** Runs a raw AT command (diagnostics, the CLI). */
  async command(command: string, timeoutMs?: number): Promise<AtResponse> {
    return this.requireReady().channel.run(command, { timeoutMs });
  }

  // --- connection ---------------------------------------------------------------------------

  private async connectOnce(): Promise<ModemInfo> {
    const path = this.options.path ?? (await this.findPort());
    const baudRate = this.options.baudRate ?? 115200;
    const stream = await openStream(this.options.binding, path, baudRate);
    const channel = connect(stream, this.scheduler, this.timeouts, this.options.trace);
    const port: OpenPort = { stream, channel };
    this.port = port;
    channel.on('urc', (urc) => this.onUrc(port, urc));
    // A modem that stops answering altogether (firmware hang, dead pty) is reconnected.
    let silentTimeouts = 0;
    channel.on('trace', (t) => {
      if (t.direction === 'rx') silentTimeouts = 0;
    });
    channel.on('timeout', () => {
      if (++silentTimeouts >= 3 && this.currentState === 'ready') {
        this.onPortClosed(port, new Error('The modem stopped answering'));
      }
    });
    stream.once('close', (error?: Error | null) => this.onPortClosed(port, error ?? undefined));
    try {
      const info = await this.initialise(channel, path, baudRate);
      // Watch for the port node vanishing before anyone may send: the first health check below
      // can wait behind a send, and a send whose modem vanished is noticed only by this watch
      // when the read side does not report the hang-up.
      const watched = await this.portPresent(path);
      if (this.port !== port)
        throw new ModemError(ModemErrorCode.Disconnected, 'Gone', { temporary: true });
      if (watched) this.watchPresence(port, path);
      this.modemInfo = info;
      this.reconnectAttempt = 0;
      this.setState('ready');
      this.emit('connected', info);
      await this.checkHealth().catch((error: unknown) => this.emit('problem', asModemError(error)));
      this.scheduleHealth();
      // Texts that arrived while the kiosk was closed, busy or restarting wait on the SIM.
      void this.readAllStored(port);
      return info;
    } catch (error) {
      if (this.port === port) this.port = undefined;
      channel.close(asModemError(error));
      await closeStream(stream);
      throw error;
    }
  }

  private async findPort(): Promise<string> {
    const found = await discoverModems({
      binding: this.options.binding,
      baudRates: [this.options.baudRate ?? 115200],
      scheduler: this.scheduler,
      probeTimeoutMs: this.timeouts.probeMs,
    });
    const first = found[0];
    if (!first) {
      throw new ModemError(ModemErrorCode.NoModemFound, 'No modem was found; check the USB cable', {
        temporary: true,
      });
    }
    return first.path;
  }

  private onPortClosed(port: OpenPort, error?: Error): void {
    if (this.port !== port) return;
    this.port = undefined;
    this.stopTimers();
    // The stream may still be open when we gave up on it (presence check, repeated timeouts).
    void closeStream(port.stream);
    const gone = new ModemError(
      ModemErrorCode.Disconnected,
      'The modem was disconnected; check the USB cable',
      { temporary: true, cause: error },
    );
    port.channel.close(gone);
    this.emit('disconnected', gone);
    this.publishHealth(disconnectedHealth(this.scheduler.now()));
    if (this.stopping || this.options.reconnect?.enabled === false) this.setState('closed');
    else this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopping) return;
    this.setState('reconnecting');
    const initial = this.options.reconnect?.initialDelayMs ?? 1_000;
    const max = this.options.reconnect?.maxDelayMs ?? 30_000;
    const delay = Math.min(max, initial * 2 ** this.reconnectAttempt);
    this.reconnectAttempt++;
    if (this.reconnectTimer) this.scheduler.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = this.scheduler.setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.stopping) return;
      this.setState('connecting');
      this.connectOnce().catch((error: unknown) => {
        this.emit('problem', asModemError(error));
        this.scheduleReconnect();
      });
    }, delay);
  }

  /**
   * A pty whose other end went away (and, rarely, a USB port) can leave reads hanging without an
   * error. When the port is a device node we watch it: when the node is gone, so is the modem.
   */
  private watchPresence(port: OpenPort, path: string): void {
    const every = this.options.presenceIntervalMs ?? 1_000;
    if (every <= 0) return;
    this.presenceTimer = this.scheduler.setTimeout(() => {
      this.presenceTimer = undefined;
      if (this.port !== port) return;
      void this.portPresent(path).then((present) => {
        if (this.port !== port) return;
        if (present) this.watchPresence(port, path);
        else this.onPortClosed(port, new Error(`${path} disappeared`));
      });
    }, every);
  }

  private portPresent(path: string): Promise<boolean> {
    if (this.options.portPresent) return this.options.portPresent(path);
    if (!path.startsWith('/')) return Promise.resolve(false);
    return access(path).then(
      () => true,
      () => false,
    );
  }

  private stopTimers(): void {
    if (this.presenceTimer) this.scheduler.clearTimeout(this.presenceTimer);
    this.presenceTimer = undefined;
    if (this.healthTimer) this.scheduler.clearTimeout(this.healthTimer);
    if (this.reconnectTimer) this.scheduler.clearTimeout(this.reconnectTimer);
    this.healthTimer = undefined;
    this.reconnectTimer = undefined;
  }

  private scheduleHealth(): void {
    const every = this.options.healthIntervalMs ?? 30_000;
    if (every <= 0 || this.stopping) return;
    if (this.healthTimer) this.scheduler.clearTimeout(this.healthTimer);
    this.healthTimer = this.scheduler.setTimeout(() => {
      this.healthTimer = undefined;
      if (this.currentState !== 'ready') return;
      this.checkHealth()
        .catch((error: unknown) => this.emit('problem', asModemError(error)))
        .finally(() => this.scheduleHealth());
    }, every);
  }

  private setState(state: DeviceState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.emit('state', state);
  }

  private requireReady(): OpenPort {
    if (!this.port || this.currentState !== 'ready') {
      throw new ModemError(ModemErrorCode.NotConnected, 'The modem is not connected', {
        temporary: true,
      });
    }
    return this.port;
  }

  // --- initialisation -----------------------------------------------------------------------

  private async initialise(channel: AtChannel, path: string, baudRate: number): Promise<ModemInfo> {
    // A modem left waiting for message text would take our first command as text.
    channel.writeRaw(at.ESC);
    let synced = false;
    for (let attempt = 0; attempt < 3 && !synced; attempt++) {
      synced = await channel
        .run('AT', { timeoutMs: Math.min(this.timeouts.commandMs, 2_000) })
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

    await this.unlockSim(channel);

    // Try PDU mode first (it is the default), then leave the modem in the preferred mode.
    const pduMode = await optional(at.cmgfPdu);
    this.cmgf = pduMode ? 0 : undefined;
    if (!pduMode || this.options.mode === 'text') {
      if (await optional(at.cmgfText)) this.cmgf = 1;
    }
    this.charset = undefined;

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
    return {
      path,
      baudRate,
      manufacturer: await text(at.identityQueries.manufacturer),
      model: await text(at.identityQueries.model),
      revision: await text(at.identityQueries.revision),
      imei: await text(at.identityQueries.imei),
      imsi: await text(at.identityQueries.imsi),
      pduMode,
      cnmi,
      statusReports,
    };
  }

  private async readSim(channel: AtChannel): Promise<at.SimState | 'error'> {
    try {
      const r = await channel.run(at.cpinQuery, { okOptionalAfter: '+CPIN' });
      return at.parseCpin(r.lines) ?? 'unknown';
    } catch (error) {
      const e = asModemError(error);
      if (e.code === ModemErrorCode.Disconnected || e.code === ModemErrorCode.Closed) throw e;
      if (e.code === ModemErrorCode.SimMissing) return 'not-inserted';
      if (e.code === ModemErrorCode.SimLocked) return 'pin-required';
      return 'error';
    }
  }

  private async unlockSim(channel: AtChannel): Promise<void> {
    const sim = await this.readSim(channel);
    if (sim !== 'pin-required' || !this.options.pin || this.pinRefused) return;
    try {
      await channel.run(at.cpinEnter(this.options.pin), { timeoutMs: 10_000 });
    } catch (error) {
      const e = asModemError(error);
      const noAnswer = [ModemErrorCode.Disconnected, ModemErrorCode.Closed, ModemErrorCode.Timeout];
      if (!(noAnswer as string[]).includes(e.code)) this.pinRefused = true;
      throw error;
    }
  }

  // --- health -------------------------------------------------------------------------------

  private async readHealth(channel: AtChannel): Promise<ModemHealth> {
    let sim = await this.readSim(channel);
    // A SIM can ask for its PIN again while the modem stays connected (a SIM refresh, a modem
    // reset behind a USB hub): enter the configured PIN here too, not only at start-up.
    if (sim === 'pin-required' && this.options.pin && !this.pinRefused) {
      await this.unlockSim(channel).catch(() => undefined);
      sim = await this.readSim(channel);
    }
    const optional = (command: string) => channel.run(command).catch(() => undefined);
    const registrations: at.Registration[] = [];
    for (const q of at.registrationQueries) {
      const r = await optional(q);
      const status = r?.lines.map((l) => at.parseRegistration(l)).find((s) => s !== undefined);
      if (status) registrations.push(status.registration);
    }
    const registration = at.bestRegistration(registrations);
    const cops = await optional(at.copsQuery);
    const csq = await optional(at.csqQuery);
    const csca = await optional(at.cscaQuery);
    const signal = csq ? at.parseCsq(csq.lines) : undefined;
    const operator = cops ? at.parseCops(cops.lines)?.name : undefined;
    const smsc = csca ? at.parseCsca(csca.lines)?.number : undefined;
    const problem = problemFor(sim, registration);
    return {
      checkedAt: this.scheduler.now(),
      connected: true,
      sim,
      registration,
      operator,
      signal,
      signalDbm: signal?.dbm ?? null,
      smsc,
      canSend: problem === undefined,
      problem,
    };
  }

  private publishHealth(health: ModemHealth): void {
    this.lastHealth = health;
    this.emit('health', health);
  }

  // --- sending ------------------------------------------------------------------------------

  private async setCmgf(channel: AtChannel, value: 0 | 1): Promise<void> {
    if (this.cmgf === value) return;
    await channel.run(value === 0 ? at.cmgfPdu : at.cmgfText);
    this.cmgf = value;
  }

  private async sendPduMode(
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
    await this.setCmgf(port.channel, 0);
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

  private async sendTextMode(
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
    await this.setCmgf(port.channel, 1);
    const charset = plainAscii ? 'IRA' : 'UCS2';
    if (this.charset !== charset) {
      await port.channel.run(at.cscs(charset));
      this.charset = charset;
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
    this.sent.set(reference, { to, sentAt: this.scheduler.now() });
    // References wrap at 256; keep only the most recent use of each.
    if (this.sent.size > 256) this.sent.delete(this.sent.keys().next().value!);
    return reference;
  }

  /**
   * Runs command sequences that depend on modem state (CMGF, CSCS, CSMP) one after another, so
   * a text-mode send and a PDU-mode send never interleave their settings.
   */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private takeConcatReference(): number {
    const ref = this.nextConcatReference;
    this.nextConcatReference = (this.nextConcatReference % 255) + 1;
    return ref;
  }

  // --- unsolicited --------------------------------------------------------------------------

  private onUrc(port: OpenPort, urc: Urc): void {
    this.emit('urc', urc);
    switch (urc.name) {
      case '+CDS':
        this.onStatusReport(urc);
        break;
      case '+CDSI': {
        const stored = at.parseStoredIndication(urc.line);
        if (stored) void this.readStoredReport(port, stored.index);
        break;
      }
      case '+CMTI': {
        const stored = at.parseStoredIndication(urc.line);
        if (stored) {
          this.emit('incoming', { kind: 'stored', memory: stored.memory, index: stored.index });
          void this.readStoredSms(port, stored.index);
        }
        break;
      }
      case '+CMT':
        this.emit('incoming', { kind: 'direct', header: urc.line, body: urc.body });
        this.onDirectSms(urc);
        break;
      default:
        break;
    }
  }

  // --- inbound messages ----------------------------------------------------------------------

  private readsPdu(): boolean {
    return this.modemInfo?.pduMode !== false;
  }

  /** +CMTI: read the message at `index`, hand it on, then delete it from the SIM. */
  private async readStoredSms(port: OpenPort, index: number): Promise<void> {
    try {
      await this.exclusive(async () => {
        if (this.port !== port) return;
        const pdu = this.readsPdu();
        await this.setCmgf(port.channel, pdu ? 0 : 1);
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
        const done = pdu
          ? this.takePdu(at.parseCmgrPdu(lines)?.pdu, index)
          : this.takeText(at.parseCmgrText(lines), index);
        await this.deleteStored(port, done);
      });
    } catch (error) {
      this.emit('problem', asModemError(error));
    }
  }

  /** On (re)connect: every message stored on the SIM, oldest index first. */
  private async readAllStored(port: OpenPort): Promise<void> {
    try {
      await this.exclusive(async () => {
        if (this.port !== port) return;
        const pdu = this.readsPdu();
        await this.setCmgf(port.channel, pdu ? 0 : 1);
        const r = await port.channel.run(pdu ? at.cmglPduAll : at.cmglTextAll, {
          timeoutMs: Math.max(this.timeouts.commandMs, 30_000),
        });
        for (const item of at.parseCmgl(r.lines, pdu ? 'pdu' : 'text')) {
          const done = pdu
            ? this.takePdu(item.pdu, item.index)
            : this.takeText(
                item.from !== undefined ? { from: item.from, text: item.text ?? '' } : undefined,
                item.index,
              );
          await this.deleteStored(port, done);
        }
      });
    } catch (error) {
      const e = asModemError(error);
      // Some modems answer an empty store with +CMS 321 instead of a bare OK.
      if (e.cms !== 321) this.emit('problem', e);
    }
  }

  private async deleteStored(port: OpenPort, indexes: readonly number[]): Promise<void> {
    for (const index of indexes) await port.channel.run(at.cmgd(index)).catch(() => undefined);
  }

  /** +CMT: the message itself, not stored, so nothing to delete. */
  private onDirectSms(urc: Urc): void {
    if (this.cmgf === 1) {
      const header = at.parseCmtTextHeader(urc.line);
      this.takeText(header ? { from: header.from, text: urc.body ?? '' } : undefined, undefined);
    } else this.takePdu(urc.body, undefined);
  }

  /** Decodes one stored or routed PDU; returns the SIM indexes that may now be deleted. */
  private takePdu(hex: string | undefined, index: number | undefined): number[] {
    const own = index === undefined ? [] : [index];
    if (!hex) return this.garbled(own);
    let deliver: ReturnType<typeof decodeDeliverPdu>;
    try {
      deliver = decodeDeliverPdu(hex);
    } catch {
      // A listing at connect also holds status reports stored with +CDSI.
      try {
        const r = decodeStatusReportPdu(hex);
        this.emitReport({
          reference: r.messageReference,
          recipient: r.recipient,
          status: r.status,
          outcome: r.outcome,
        });
        return own;
      } catch {
        return this.garbled(own);
      }
    }
    const text = deliver.encoding === '8bit' ? '' : deliver.text;
    return this.takePart(deliver.from, text, deliver.concat, own);
  }

  private takeText(
    message: { from: string; text: string } | undefined,
    index: number | undefined,
  ): number[] {
    const own = index === undefined ? [] : [index];
    if (!message) return this.garbled(own);
    // With AT+CSCS="UCS2" (left by a text-mode send) the modem gives both fields in hex.
    const decode = (value: string) =>
      this.charset === 'UCS2' ? (at.fromUcs2Hex(value) ?? value) : value;
    return this.takePart(decode(message.from), decode(message.text), undefined, own);
  }

  private takePart(
    from: string,
    text: string,
    concat: { reference: number; total: number; sequence: number } | undefined,
    indexes: number[],
  ): number[] {
    if (!concat || concat.total <= 1) {
      this.emit('sms', { from, text, receivedAt: this.scheduler.now(), parts: 1 });
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
    this.emit('sms', { from, text: joined, receivedAt: this.scheduler.now(), parts: entry.total });
    return [...entry.indexes];
  }

  /** A message we cannot read is deleted (it would otherwise fill the SIM); its content is not logged. */
  private garbled(indexes: number[]): number[] {
    this.emit(
      'problem',
      new ModemError(
        ModemErrorCode.Protocol,
        'A text message the modem received could not be read; it was deleted',
        {
          temporary: true,
        },
      ),
    );
    return indexes;
  }

  /** The SIM's own number from AT+CNUM, when the SIM has it stored. */
  async ownNumber(): Promise<string | undefined> {
    const port = this.requireReady();
    return this.exclusive(() =>
      port.channel.run(at.cnumQuery).then(
        (r) => at.parseCnum(r.lines),
        () => undefined,
      ),
    );
  }

  private onStatusReport(urc: Urc): void {
    if (urc.body) this.emitReportPdu(urc.body);
    else {
      const text = at.parseCdsText(urc.line);
      if (text) this.emitReport({ ...text, outcome: at.statusOutcome(text.status) });
    }
  }

  private async readStoredReport(port: OpenPort, index: number): Promise<void> {
    try {
      const stored = await this.exclusive(async () => {
        await this.setCmgf(port.channel, 0);
        const r = await port.channel.run(at.cmgr(index));
        await port.channel.run(at.cmgd(index)).catch(() => undefined);
        return at.parseCmgrPdu(r.lines);
      });
      if (stored) this.emitReportPdu(stored.pdu);
    } catch (error) {
      this.emit('problem', asModemError(error));
    }
  }

  private emitReportPdu(hex: string): void {
    try {
      const r = decodeStatusReportPdu(hex);
      this.emitReport({
        reference: r.messageReference,
        recipient: r.recipient,
        status: r.status,
        outcome: r.outcome,
      });
    } catch (error) {
      this.emit(
        'problem',
        new ModemError(ModemErrorCode.Protocol, 'A delivery report could not be read', {
          temporary: true,
          cause: error,
        }),
      );
    }
  }

  private emitReport(report: Omit<DeliveryReport, 'sentTo' | 'sentAt'>): void {
    // A report can overtake the +CMGS that tells us its reference; hold it until the send ends.
    if (this.sending > 0) {
      this.heldReports.push(report);
      return;
    }
    const sent = this.sent.get(report.reference);
    const matches = sent && sameNumber(sent.to, report.recipient);
    this.emit('delivery-report', {
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

function validityCode(options: SendOptions): number | undefined {
  const minutes = options.validityMinutes;
  if (minutes === undefined) return undefined;
  // TS 23.040 9.2.3.12.1, first range: (VP + 1) x 5 minutes, up to 12 hours.
  return Math.max(0, Math.min(143, Math.ceil(minutes / 5) - 1));
}

function problemFor(
  sim: ModemHealth['sim'],
  registration: at.Registration,
): ModemProblem | undefined {
  switch (sim) {
    case 'ready':
      break;
    case 'pin-required':
    case 'pin2-required':
      return { code: ModemErrorCode.SimLocked, message: 'The SIM card needs its PIN' };
    case 'puk-required':
    case 'puk2-required':
      return {
        code: ModemErrorCode.SimLocked,
        message: 'The SIM card is blocked and needs its PUK',
      };
    case 'phone-lock':
      return { code: ModemErrorCode.SimLocked, message: 'The modem is locked to another SIM' };
    case 'not-inserted':
      return { code: ModemErrorCode.SimMissing, message: 'There is no SIM card in the modem' };
    default:
      return { code: ModemErrorCode.SimMissing, message: 'The SIM card cannot be read' };
  }
  switch (registration) {
    case 'home':
    case 'roaming':
      return undefined;
    case 'searching':
      return { code: ModemErrorCode.NoNetwork, message: 'No mobile network (still searching)' };
    case 'denied':
      return { code: ModemErrorCode.NoNetwork, message: 'The mobile network refused this SIM' };
    default:
      return { code: ModemErrorCode.NoNetwork, message: 'No mobile network' };
  }
}

function disconnectedHealth(now: number): ModemHealth {
  return {
    checkedAt: now,
    connected: false,
    sim: 'unknown',
    registration: 'unknown',
    signalDbm: null,
    canSend: false,
    problem: { code: ModemErrorCode.NotConnected, message: 'The modem is not connected' },
  };
}

export function asModemError(error: unknown): ModemError {
  if (error instanceof ModemError) return error;
  return new ModemError(ModemErrorCode.Protocol, 'The modem driver failed unexpectedly', {
    temporary: true,
    cause: error,
  });
}
