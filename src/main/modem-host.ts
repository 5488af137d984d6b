// The kiosk's modem as one thing the app can ask, although the device behind it changes: a real
// port, port discovery or the demo's simulator at start, and a new device each time a manager
// moves the modem to another port. What hangs on a device (its outbox wiring, the status the
// kiosk screen shows, inbound texts, the SIM's own number) is attached per device here; the app
// reaches the current one through `outbound`, `status()`, `admin` and the `sms` event.
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { BindingInterface } from '@serialport/bindings-interface';
import type { AuditLog } from './audit/audit-log';
import type { Db } from './db/connection';
import {
  ModemIdentityStore,
  identityAlarmMessage,
  type IdentityAlarm,
  type ModemIdentity,
} from './modem-identity';
import { systemScheduler, type Scheduler } from './time';
import {
  ModemDevice,
  discoverModems,
  type InboundSms,
  type ModemHealth,
  type ModemInfo,
} from './modem/device';
import type { ModemError } from './modem/errors';
import { listPorts, portRows } from './modem/port-list';
import { ModemSimulator, SimulatorBinding, type SimulatorProfile } from './modem/simulator';
import { createModemOutbox } from './outbox/modem-wiring';
import type { OutboundSms } from './outbox/outbound';
import {
  readModemPortChoice,
  writeModemPortChoice,
  type ModemLike as AdminModemLike,
  type ModemPortControl,
  type OutboxLike,
} from './admin/modem-admin';
import type { ModemStatusView } from '../shared/ipc/contract';
import type { BalanceView } from '../shared/admin';
import { readSetting } from './db/settings';
import { BalanceMonitor, balanceSettingsSchema, type BalanceSettings } from './modem/balance';

/**
 * Settings key of the scheduled balance check: JSON `{code, pattern?, lowBelow,
 * intervalMinutes?}` (modem/balance.ts balanceSettingsSchema); absent: no check.
 */
export const MODEM_BALANCE_SETTING = 'modem.balance';

/** The balance check's settings, or undefined when none (or unusable ones, logged) are saved. */
export function readBalanceSettings(
  db: Db,
  log: (line: string) => void,
): BalanceSettings | undefined {
  const raw = readSetting(db, MODEM_BALANCE_SETTING);
  if (raw === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const parsed = balanceSettingsSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  log(`modem: the balance check settings are not usable (${parsed.error.issues[0]?.message})`);
  return undefined;
}

export interface ModemHostOptions {
  db: Db;
  /** Where binding a modem and SIM to its port, and changes to them, are recorded. */
  audit: AuditLog;
  /** The install secret: the outbox seals message bodies with a key derived from it. */
  secret: Buffer;
  /** Time for the outbox; the driver's own timeouts always run on real time (see below). */
  scheduler?: Scheduler;
  log: (line: string) => void;
  /** A serial port given at start (--port): wins over the saved choice. */
  modemPort?: string;
  /** The browser demo: with no modemPort, a simulator is the modem. */
  demo?: boolean;
  /** Simulator knobs (latency, network delay, automatic delivery reports). */
  simulatorProfile?: Partial<SimulatorProfile>;
  /** Stands in for the computer's serial ports (tests: a SimulatorBinding). Default: native. */
  serialBinding?: BindingInterface;
}

export interface ModemHostEvents {
  /** A text the current device received (see ModemDevice's `sms`). */
  sms: [InboundSms];
  /** The modem as the kiosk screen shows it, each time it changes. */
  status: [ModemStatusView];
  /** After each balance check (only with a balance code set). */
  balance: [BalanceView];
}

interface OpenedModem {
  device: ModemDevice;
  /** The port it was told to use; undefined: it probes for one. */
  path?: string;
  simulator?: ModemSimulator;
  simulatorPort?: { binding: SimulatorBinding; path: string };
}

interface Attachment {
  outbox: OutboxLike;
  status: { current: () => ModemStatusView };
  detach: () => Promise<void>;
}

/** Waits this long for a modem on a newly chosen port to answer before the admin call returns. */
const MODEM_SWITCH_WAIT_MS = 15_000;

export class ModemHost extends EventEmitter<ModemHostEvents> {
  /** The engine's and the admin screen's SMS sender: the current device's outbox. */
  readonly outbound: OutboundSms & OutboxLike;
  /** What the admin modem panel reads, with the port choice. */
  readonly admin: AdminModemLike;
  /** Only in demo mode without a modem port: the simulated modem and its phones' inboxes. */
  readonly simulator?: ModemSimulator;
  /** The simulator's serial port, to unplug and replug it (demo and tests). */
  readonly simulatorPort?: { binding: SimulatorBinding; path: string };
  private modem: OpenedModem;
  private attached: Attachment;
  private ownNumber: string | undefined;
  private switching: Promise<void> = Promise.resolve();
  /** The SIM's credit by USSD on a schedule, when the site set a balance code. */
  private readonly balance?: BalanceMonitor;
  /** Which modem and SIM belong to each port (see modem-identity.ts). */
  readonly identities: ModemIdentityStore;

  /** Opens the modem the options and the saved choice name: --port, else the choice, else probing. */
  static async open(options: ModemHostOptions): Promise<ModemHost> {
    const port = options.modemPort ?? readModemPortChoice(options.db);
    return new ModemHost(options, await openModem(options, port));
  }

  private constructor(
    private readonly options: ModemHostOptions,
    modem: OpenedModem,
  ) {
    super();
    this.identities = new ModemIdentityStore(
      options.db,
      options.audit,
      options.scheduler ?? systemScheduler,
    );
    this.modem = modem;
    this.simulator = modem.simulator;
    this.simulatorPort = modem.simulatorPort;
    const balanceSettings = readBalanceSettings(options.db, options.log);
    if (balanceSettings) {
      this.balance = new BalanceMonitor({
        scheduler: options.scheduler ?? systemScheduler,
        settings: balanceSettings,
        // Whichever device is current when the check runs.
        ussd: (code) => this.modem.device.ussd(code),
        log: options.log,
        onStatus: () => this.emit('balance', this.balanceView()!),
      });
    }
    this.attached = this.attach(modem.device);
    const current = () => this.attached.outbox;
    this.outbound = {
      availability: () => current().availability(),
      enqueue: (message) => current().enqueue(message),
      cancel: (id) => current().cancel(id),
      status: (id) => current().status(id),
      recent: (limit) => current().recent(limit),
      sentToday: () => current().sentToday(),
    };
    const device = () => this.modem.device;
    this.admin = {
      get state() {
        return device().state;
      },
      get info() {
        return device().info;
      },
      get health() {
        return device().health;
      },
      checkHealth: () => device().checkHealth(),
      ports: this.portControl(modem.simulator !== undefined),
      balance: () => this.balanceView(),
      identity: {
        alarm: () => this.identityAlarm(),
        bound: () => {
          const path = this.currentPath();
          return path === undefined ? undefined : this.identities.bound(path);
        },
        confirm: (actor) => this.confirmIdentity(actor),
      },
    };
  }

  /** The port the current modem is (or was last) open on. */
  private currentPath(): string | undefined {
    return this.modem.device.info?.path ?? this.modem.path;
  }

  /**
   * A modem or SIM change on the current port that no manager has confirmed yet. While there is
   * one, texts to the kiosk are not used for sign-in. Read from the database each time, so a
   * confirmation from the CLI takes effect at once.
   */
  identityAlarm(): IdentityAlarm | undefined {
    const path = this.currentPath();
    return path === undefined ? undefined : this.identities.alarm(path);
  }

  /** A manager accepts the modem and SIM now on the current port; audited. */
  confirmIdentity(actor: string): ModemIdentity {
    const path = this.currentPath();
    if (path === undefined) {
      throw new Error('The modem is not connected, so there is nothing to confirm.');
    }
    const identity = this.identities.confirm(path, actor);
    this.emit('status', this.status());
    return identity;
  }

  /** The current device (the simulated one in the demo); a new one after the port is changed. */
  get device(): ModemDevice {
    return this.modem.device;
  }

  /** The SIM's own number (AT+CNUM), read at each connect; undefined when the SIM has none. */
  get simNumber(): string | undefined {
    return this.ownNumber;
  }

  status(): ModemStatusView {
    return this.attached.status.current();
  }

  /**
   * Opens the modem in the background (retrying with backoff until it answers). The demo waits
   * for its simulator's first health report, so it starts with the status known.
   */
  start(): Promise<void> {
    return startModem(this.modem.device, this.modem.simulator !== undefined ? Infinity : 0);
  }

  /** The balance check's last result for the modem panel; undefined when no code is set. */
  balanceView(): BalanceView | undefined {
    if (!this.balance) return undefined;
    const s = this.balance.status;
    return {
      amount: s?.amount ?? null,
      low: s?.low ?? false,
      lowBelow: this.balance.settings.lowBelow,
      checkedAt: s?.checkedAt ?? null,
      problem: s?.problem ?? null,
    };
  }

  async close(): Promise<void> {
    this.balance?.stop();
    await this.attached.detach();
    await this.modem.device.close();
  }

  private attach(device: ModemDevice): Attachment {
    const { options } = this;
    const onSms = (message: InboundSms) => {
      // A swapped SIM may have a number people still text, or be a stranger's: its texts are
      // no sign-in until a manager confirms it. Never the text itself in the log.
      if (this.identityAlarm()) {
        options.log(
          'modem: a text message was received but not used for sign-in: the modem or SIM changed and no manager has confirmed it yet',
        );
        return;
      }
      this.emit('sms', message);
    };
    const onConnected = (info: ModemInfo) => {
      const check = this.identities.check(info.path, {
        imei: info.imei,
        iccid: info.iccid,
        imsi: info.imsi,
      });
      if (check.kind === 'changed')
        options.log(`modem: ${identityAlarmMessage(check.alarm.changes)}`);
      void device.ownNumber().then(
        (n) => (this.ownNumber = n),
        () => undefined,
      );
      // The first check waits for a modem that answers; later ones follow the schedule.
      this.balance?.start();
    };
    device.on('sms', onSms);
    device.on('connected', onConnected);
    // The one place the engine's SMS sender is chosen: the persistent outbox
    // (src/main/outbox/outbox.ts) sending through the device, its availability following the
    // device's health.
    const wiring = createModemOutbox({
      db: options.db,
      secret: options.secret,
      scheduler: options.scheduler ?? systemScheduler,
      log: options.log,
      device,
    });
    const tracker = trackModemStatus(device, (view) => this.emit('status', view));
    return {
      outbox: wiring.outbox,
      status: tracker,
      detach: async () => {
        tracker.dispose();
        device.off('sms', onSms);
        device.off('connected', onConnected);
        await wiring.close();
      },
    };
  }

  private portControl(fixed: boolean): ModemPortControl {
    const { options } = this;
    const ports: ModemPortControl = {
      fixed,
      current: () => this.modem.device.info?.path ?? this.modem.path ?? null,
      chosen: () => readModemPortChoice(options.db),
      list: async () => {
        const inUse = ports.current();
        const answers = inUse === null ? null : this.modem.device.state === 'ready';
        if (this.modem.simulatorPort) {
          const path = this.modem.simulatorPort.path;
          return [{ path, description: 'Simulated modem (demo)', answersAt: answers }];
        }
        const binding = await serialBindingOf(options);
        const [listed, probed] = await Promise.all([
          listPorts(binding),
          discoverModems({ binding, filter: (p) => p.path !== inUse, probeTimeoutMs: 1_000 }),
        ]);
        return portRows(listed, probed, { path: inUse, answers });
      },
      use: (port) => {
        // One move at a time; each closes the device and its outbox wiring and opens a new one.
        const run = this.switching.then(async () => {
          writeModemPortChoice(options.db, port);
          await this.attached.detach();
          await this.modem.device.close();
          this.modem = await openModem({ ...options, demo: false }, port);
          this.attached = this.attach(this.modem.device);
          this.emit('status', this.attached.status.current());
          await startModem(this.modem.device, MODEM_SWITCH_WAIT_MS);
        });
        this.switching = run.catch(() => undefined);
        return run;
      },
    };
    return ports;
  }
}

async function openModem(
  options: ModemHostOptions,
  port: string | null | undefined,
): Promise<OpenedModem> {
  const scheduler = options.scheduler ?? systemScheduler;
  // The demo keeps its simulator unless a port is given on the command line.
  if (options.modemPort || !options.demo) {
    const path = port ?? undefined;
    const device = new ModemDevice({
      scheduler: systemScheduler,
      binding: await serialBindingOf(options),
      path,
    });
    device.on('problem', (error) => options.log(`modem: ${error.message}`));
    device.on('recovery', (e) => options.log(`modem: reset ladder: ${e.step}: ${e.outcome}`));
    return { device, path };
  }
  const simulator = new ModemSimulator(options.simulatorProfile, { scheduler });
  const binding = new SimulatorBinding();
  // Unique per app, because MockBinding's ports live in one table per process.
  const path = `/dev/ttySIM-${randomBytes(4).toString('hex')}`;
  binding.plug(path, simulator);
  const device = new ModemDevice({
    scheduler: systemScheduler,
    binding,
    path,
    reconnect: { initialDelayMs: 500, maxDelayMs: 2_000 },
  });
  device.on('problem', (error) => options.log(`modem (simulated): ${error.message}`));
  return { device, path, simulator, simulatorPort: { binding, path } };
}

async function serialBindingOf(options: ModemHostOptions): Promise<BindingInterface> {
  if (options.serialBinding) return options.serialBinding;
  const { SerialPort } = await import('serialport');
  return SerialPort.binding as unknown as BindingInterface;
}

/**
 * Opens the modem in the background (retrying with backoff until it answers). With waitMs, waits
 * up to its first health report or problem (real time): the demo starts with its simulator's
 * status known, and a port change answers with the new port's status.
 */
async function startModem(device: ModemDevice, waitMs: number): Promise<void> {
  if (waitMs <= 0) {
    device.start();
    return;
  }
  await new Promise<void>((resolve) => {
    const timer = Number.isFinite(waitMs) ? setTimeout(() => done(), waitMs) : undefined;
    const done = () => {
      if (timer) clearTimeout(timer);
      device.off('health', done);
      device.off('problem', done);
      resolve();
    };
    device.on('health', done);
    device.on('problem', done);
    device.start();
  });
}

/** The modem as the kiosk screen shows it, kept current from the device's events. */
function trackModemStatus(
  device: ModemDevice,
  publish: (view: ModemStatusView) => void,
): { current: () => ModemStatusView; dispose: () => void } {
  let everConnected = false;
  let lastProblem: string | undefined;
  const compute = (): ModemStatusView => {
    const health: ModemHealth | undefined = device.health;
    if (device.state === 'ready') {
      if (!health || !health.connected) return { state: 'ready', signalDbm: null };
      if (health.canSend) {
        return health.operator === undefined
          ? { state: 'ready', signalDbm: health.signalDbm }
          : { state: 'ready', operator: health.operator, signalDbm: health.signalDbm };
      }
      return { state: 'down', reason: health.problem?.message ?? 'The modem cannot send' };
    }
    if (!everConnected) {
      return { state: 'none', reason: lastProblem ?? 'Looking for the modem' };
    }
    return { state: 'down', reason: lastProblem ?? 'The modem is not connected' };
  };
  let current = compute();
  const update = () => {
    const next = compute();
    if (JSON.stringify(next) === JSON.stringify(current)) return;
    current = next;
    publish(next);
  };
  const onConnected = () => {
    everConnected = true;
    lastProblem = undefined;
    update();
  };
  const onProblem = (error: ModemError) => {
    lastProblem = error.message;
    update();
  };
  device.on('connected', onConnected);
  device.on('disconnected', onProblem);
  device.on('problem', onProblem);
  device.on('state', update);
  device.on('health', update);
  return {
    current: () => current,
    dispose: () => {
      device.off('connected', onConnected);
      device.off('disconnected', onProblem);
      device.off('problem', onProblem);
      device.off('state', update);
      device.off('health', update);
    },
  };
}
