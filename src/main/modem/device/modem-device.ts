// The modem as the rest of the app sees it: open (with port discovery), initialise, publish
// health, send SMS, hand on inbound texts and delivery reports, and come back after an unplug.
// This class owns the connection's life (open, presence watch, reconnect with backoff, the
// timers); each concern's work lives beside it: initialise.ts, sim.ts, health.ts, sending.ts,
// inbound.ts, reports.ts, discovery.ts. Commands go through the channel one at a time; their
// meaning comes from commands.ts.
import { EventEmitter } from 'node:events';
import { access } from 'node:fs/promises';
import { systemScheduler, type Scheduler, type TimerHandle } from '../../time';
import type { AtResponse, Urc } from '../channel';
import * as at from '../commands';
import { ModemError, ModemErrorCode, asModemError, portSharedError } from '../errors';
import { ForeignTrafficWatch } from './port-guard';
import { findPortByImei, reauthoriseUsb, type LadderStep } from './recovery';
import { findModemPort } from './discovery';
import { disconnectedHealth, readHealth } from './health';
import { InboundReader } from './inbound';
import { initialise } from './initialise';
import { CommandLock, OpenPort, channelOn, closeStream, openStream } from './port';
import { DeliveryReports } from './reports';
import { Sender } from './sending';
import { SimPin } from './sim';
import type { StoredMessage } from './stored';
import { runUssd } from './ussd';
import {
  DEFAULT_TIMEOUTS,
  type DeviceState,
  type ModemDeviceEvents,
  type ModemDeviceOptions,
  type ModemHealth,
  type ModemInfo,
  type ModemTimeouts,
  type SendOptions,
  type SendResult,
} from './types';

export class ModemDevice extends EventEmitter<ModemDeviceEvents> {
  private readonly options: ModemDeviceOptions;
  private readonly scheduler: Scheduler;
  private readonly timeouts: ModemTimeouts;
  private port?: OpenPort;
  private currentState: DeviceState = 'closed';
  private modemInfo?: ModemInfo;
  private lastHealth?: ModemHealth;
  private readonly sim: SimPin;
  private healthTimer?: TimerHandle;
  private presenceTimer?: TimerHandle;
  private reconnectTimer?: TimerHandle;
  private reconnectAttempt = 0;
  /** Where the reset ladder stands while a modem that stopped answering is brought back. */
  private ladder?: {
    step: LadderStep;
    failures: number;
    path: string;
    imei?: string;
    /** A rung's work is under way; retries go on meanwhile but do not climb. */
    busy?: boolean;
  };
  /** The port the modem came back on under another name (found by its IMEI). */
  private pathOverride?: string;
  /** Another program was seen talking to the modem on this connection. */
  private portShared = false;
  private stopping = false;
  private readonly lock = new CommandLock();
  private readonly sender: Sender;
  private readonly reports: DeliveryReports;
  private readonly inbound: InboundReader;

  constructor(options: ModemDeviceOptions) {
    super();
    this.options = options;
    this.scheduler = options.scheduler ?? systemScheduler;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.sim = new SimPin(options.pin);
    this.sender = new Sender(this.scheduler);
    const problem = (error: ModemError) => this.emit('problem', error);
    this.reports = new DeliveryReports({
      lock: this.lock,
      lastSentWith: (reference) => this.sender.lastSentWith(reference),
      report: (report) => this.emit('delivery-report', report),
      problem,
    });
    this.inbound = new InboundReader({
      clock: this.scheduler,
      lock: this.lock,
      commandMs: this.timeouts.commandMs,
      isCurrent: (port) => this.port === port,
      readsPdu: () => this.modemInfo?.pduMode !== false,
      sms: (message) => this.emit('sms', message),
      statusReport: (report) => this.reports.emit(report),
      problem,
    });
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
    this.reports.beginSend();
    try {
      return await this.lock.exclusive(() =>
        this.sender.send(port, mode, number, text, statusReport, options, references),
      );
    } catch (error) {
      const e = asModemError(error);
      e.referencesSent = [...references];
      throw e;
    } finally {
      this.reports.endSend();
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
    const health = await readHealth(port.channel, this.sim, this.scheduler);
    // The modem may have been unplugged while the answers came in: a reading of the old port
    // must not overwrite the "disconnected" already published.
    if (this.port !== port || this.currentState !== 'ready') {
      return this.lastHealth ?? disconnectedHealth(this.scheduler.now());
    }
    return this.publishHealth(health);
  }

  /** Runs a raw AT command (diagnostics, the CLI). */
  async command(command: string, timeoutMs?: number): Promise<AtResponse> {
    return this.requireReady().channel.run(command, { timeoutMs });
  }

  /**
   * Sends a USSD code (the operator's balance code) and resolves with the decoded reply.
   * Rejects with NOT_SUPPORTED "This modem does not support USSD balance checks" when the modem
   * refuses AT+CUSD, and with a worded error when the network does.
   */
  ussd(code: string, timeoutMs = 30_000): Promise<at.UssdReply> {
    return runUssd(this.requireReady(), this.lock, this.scheduler, code, timeoutMs);
  }

  /** Every message stored on the SIM, decoded; nothing is handed on or deleted. */
  listStored(): Promise<Array<{ index: number; message: StoredMessage }>> {
    return this.inbound.list(this.requireReady());
  }

  /** Deletes stored messages by index; resolves with the indexes the modem deleted. */
  deleteStored(indexes: readonly number[]): Promise<number[]> {
    return this.inbound.remove(this.requireReady(), indexes);
  }

  /** The SIM's own number from AT+CNUM, when the SIM has it stored. */
  async ownNumber(): Promise<string | undefined> {
    const port = this.requireReady();
    return this.lock.exclusive(() =>
      port.channel.run(at.cnumQuery).then(
        (r) => at.parseCnum(r.lines),
        () => undefined,
      ),
    );
  }

  // --- connection ---------------------------------------------------------------------------

  private async connectOnce(): Promise<ModemInfo> {
    const path = this.pathOverride ?? this.options.path ?? (await this.findPort());
    const baudRate = this.options.baudRate ?? 115200;
    const stream = await openStream(this.options.binding, path, baudRate);
    const channel = channelOn(stream, this.scheduler, this.timeouts, this.options.trace);
    const port = new OpenPort(stream, channel);
    this.port = port;
    channel.on('urc', (urc) => this.onUrc(port, urc));
    this.portShared = false;
    const foreign = new ForeignTrafficWatch(this.scheduler, () => {
      if (this.port !== port) return;
      this.portShared = true;
      this.emit('problem', portSharedError(path));
      if (this.lastHealth?.connected) this.publishHealth(this.lastHealth);
    });
    channel.on('stray', (line) => foreign.seen(line));
    channel.on('urc', (urc) => foreign.seen(urc.line));
    // A modem that stops answering altogether (firmware hang, dead pty) is reconnected.
    let silentTimeouts = 0;
    channel.on('trace', (t) => {
      if (t.direction === 'rx') silentTimeouts = 0;
    });
    channel.on('timeout', () => {
      if (++silentTimeouts >= 3 && this.currentState === 'ready') {
        if (this.options.recovery?.enabled !== false && !this.stopping) {
          // First rung: a full modem reset; most hung firmwares come back from it.
          channel.writeRaw(`${at.cfunReset}\r`);
          this.ladder = { step: 'reset', failures: 0, path, imei: this.modemInfo?.imei };
          this.recoveryEvent('reset', `${at.cfunReset} sent to ${path}; waiting for it to restart`);
        }
        this.onPortClosed(port, new Error('The modem stopped answering'));
      }
    });
    stream.once('close', (error?: Error | null) => this.onPortClosed(port, error ?? undefined));
    try {
      const info = await initialise(port, {
        path,
        baudRate,
        timeouts: this.timeouts,
        mode: this.options.mode,
        sim: this.sim,
      });
      // Watch for the port node vanishing before anyone may send: the first health check below
      // can wait behind a send, and a send whose modem vanished is noticed only by this watch
      // when the read side does not report the hang-up.
      const watched = await this.portPresent(path);
      if (this.port !== port)
        throw new ModemError(ModemErrorCode.Disconnected, 'Gone', { temporary: true });
      if (watched) this.watchPresence(port, path);
      this.modemInfo = info;
      this.reconnectAttempt = 0;
      if (this.ladder) {
        this.ladder = undefined;
        this.recoveryEvent('recovered', `the modem answers again on ${path}`);
      }
      this.setState('ready');
      this.emit('connected', info);
      await this.checkHealth().catch((error: unknown) => this.emit('problem', asModemError(error)));
      this.scheduleHealth();
      // Texts that arrived while the kiosk was closed, busy or restarting wait on the SIM.
      if (this.options.handleInbound !== false) void this.inbound.readAll(port);
      return info;
    } catch (error) {
      if (this.port === port) this.port = undefined;
      channel.close(asModemError(error));
      await closeStream(stream);
      throw error;
    }
  }

  private findPort(): Promise<string> {
    return findModemPort({
      binding: this.options.binding,
      baudRate: this.options.baudRate ?? 115200,
      scheduler: this.scheduler,
      probeTimeoutMs: this.timeouts.probeMs,
    });
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
        // Not awaited: a rung's own work (probing ports, sysfs) must not delay the next retry.
        void this.climbLadder().catch((e: unknown) => this.emit('problem', asModemError(e)));
        this.scheduleReconnect();
      });
    }, delay);
  }

  /** After enough failed reconnects on one rung of the reset ladder, the next rung. */
  private async climbLadder(): Promise<void> {
    const ladder = this.ladder;
    if (!ladder || ladder.busy || this.stopping) return;
    if (++ladder.failures < (this.options.recovery?.reconnectsPerStep ?? 2)) return;
    ladder.failures = 0;
    ladder.busy = true;
    try {
      await this.nextRung(ladder);
    } finally {
      ladder.busy = false;
    }
  }

  private async nextRung(ladder: NonNullable<ModemDevice['ladder']>): Promise<void> {
    switch (ladder.step) {
      case 'reset': {
        ladder.step = 'rediscover';
        if (!ladder.imei) {
          this.recoveryEvent('rediscover', 'skipped: the modem’s IMEI is not known');
          return;
        }
        const found = await findPortByImei({
          binding: this.options.binding,
          imei: ladder.imei,
          baudRate: this.options.baudRate ?? 115200,
          scheduler: this.scheduler,
          probeMs: this.timeouts.probeMs,
          skip: this.pathOverride ?? ladder.path,
        });
        if (found) {
          this.pathOverride = found;
          this.reconnectAttempt = 0;
          this.recoveryEvent('rediscover', `the modem (IMEI ${ladder.imei}) is now ${found}`);
        } else this.recoveryEvent('rediscover', 'the modem is on no other port');
        return;
      }
      case 'rediscover': {
        ladder.step = 'reauthorise';
        const sysfs = this.options.recovery?.sysfs;
        if (sysfs === false) {
          this.recoveryEvent('reauthorise', 'skipped: turned off');
          return;
        }
        const result = await reauthoriseUsb(ladder.path, sysfs ?? {});
        this.recoveryEvent(
          'reauthorise',
          result === 'done'
            ? 'the USB device was re-authorised (as if unplugged and plugged in)'
            : result === 'not-permitted'
              ? 'not permitted: the kiosk may not write to /sys (needs root or a udev rule)'
              : 'skipped: no USB device behind the port',
        );
        return;
      }
      case 'reauthorise':
        ladder.step = 'alarm';
        this.recoveryEvent('alarm', 'every reset step failed; a person is needed');
        this.emit(
          'problem',
          new ModemError(
            ModemErrorCode.Unresponsive,
            'The modem stopped answering and did not come back after a reset. Unplug it and plug it back in; if that does not help, restart the kiosk computer.',
            { temporary: true },
          ),
        );
        return;
      default:
        return;
    }
  }

  private recoveryEvent(step: LadderStep, outcome: string): void {
    this.emit('recovery', { step, outcome, at: this.scheduler.now() });
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

  private publishHealth(reading: ModemHealth): ModemHealth {
    let health = reading;
    if (this.portShared && health.connected && !health.warning) {
      health = {
        ...health,
        warning: {
          code: 'port_shared',
          message: portSharedError(this.modemInfo?.path ?? '').message,
        },
      };
    }
    this.lastHealth = health;
    this.emit('health', health);
    return health;
  }

  // --- unsolicited --------------------------------------------------------------------------

  private onUrc(port: OpenPort, urc: Urc): void {
    this.emit('urc', urc);
    switch (urc.name) {
      case '+CDS':
        this.reports.fromUrc(urc);
        break;
      case '+CDSI': {
        const stored = at.parseStoredIndication(urc.line);
        if (stored) void this.reports.readStored(port, stored.memory, stored.index);
        break;
      }
      case '+CMTI': {
        const stored = at.parseStoredIndication(urc.line);
        if (stored && this.options.handleInbound === false) {
          this.emit('incoming', { kind: 'stored', memory: stored.memory, index: stored.index });
        } else if (stored) {
          this.emit('incoming', { kind: 'stored', memory: stored.memory, index: stored.index });
          void this.inbound.readStored(port, stored.index);
        }
        break;
      }
      case '+CMT':
        this.emit('incoming', { kind: 'direct', header: urc.line, body: urc.body });
        if (this.options.handleInbound !== false) this.inbound.onDirect(port, urc);
        break;
      default:
        break;
    }
  }
}
