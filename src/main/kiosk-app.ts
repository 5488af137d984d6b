// The kiosk's main-process services joined together: database and engine, the modem (a real
// port, port discovery, or the demo's simulator), the persistent outbox, the kiosk session, the
// modem status and the IPC handler table behind one dispatcher. The Electron shell
// (src/main/index.ts) and the browser harness (src/dev/demo-web.ts) both start the kiosk through
// createKioskApp, so they run exactly the same code; only their transports differ.
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { BindingInterface } from '@serialport/bindings-interface';
import { openCoreServices, withEngine, type Services } from './services';
import { startBackgroundCheckpoints } from './db/checkpoint';
import type { RandomSource } from './auth/random';
import { systemScheduler, type Scheduler } from './time';
import { readSetting, writeSetting } from './db/settings';
import { KioskSession } from './auth/kiosk-session';
import { TextSignIn } from './auth/text-sign-in';
import { textOutcomeEvent } from './ipc/handlers/text-signin';
import { createDispatcher, type Dispatcher } from './ipc/dispatcher';
import { createHandlers } from './ipc/handlers';
import { ModemDevice, discoverModems, type InboundSms, type ModemHealth } from './modem/device';
import { listPorts, portRows } from './modem/port-list';
import type { ModemError } from './modem/errors';
import { ModemSimulator, SimulatorBinding, type SimulatorProfile } from './modem/simulator';
import { createModemOutbox } from './outbox/modem-wiring';
import type { Outbox } from './outbox/outbox';
import type { OutboundSms } from './outbox/outbound';
import type { OutboxLike } from './admin/modem-admin';
import { cryptoRandom } from './auth/random';
import { createAdminServices } from './admin';
import { SecurityAdmin } from './admin/security-admin';
import {
  readModemPortChoice,
  writeModemPortChoice,
  type ModemLike as AdminModemLike,
  type ModemPortControl,
} from './admin/modem-admin';
import type { EventName, EventPayloads, ModemStatusView } from '../shared/ipc/contract';

export interface KioskAppOptions {
  dbPath: string;
  /** A serial port such as /dev/ttyUSB2. Without it: the simulator in demo mode, else discovery. */
  modemPort?: string;
  /** The browser demo: kiosk.info says demo:true and, with no modemPort, a simulator is the modem. */
  demo?: boolean;
  /** better-sqlite3 addon built for Electron's ABI (see docs/ARCHITECTURE.md). */
  nativeBinding?: string;
  /**
   * Injected time for the sign-in rules, the session timers and the outbox (tests move it on).
   * Default: the system clock. The modem driver's own timeouts always run on real time, so a
   * jump of the clock never times out a command the modem is still answering.
   */
  scheduler?: Scheduler;
  // --- for the harness and the tests; the Electron shell leaves these out ---
  /** Simulator knobs (latency, network delay, automatic delivery reports). */
  simulatorProfile?: Partial<SimulatorProfile>;
  /** The engine's answer-time floor for start/resend (default 400 ms); tests use 0. */
  minResponseMs?: number;
  /** Codes and ids (default: crypto); tests pass a repeatable source. */
  random?: RandomSource;
  /** Where background problems (modem, outbox) are written. Default: console.warn. */
  log?: (line: string) => void;
  /** Stands in for the computer's serial ports (tests: a SimulatorBinding). Default: native. */
  serialBinding?: BindingInterface;
}

/** Each contract event with its payload, as the transports forward them. */
export type KioskEventMap = { [E in EventName]: [EventPayloads[E]] };

export interface KioskApp {
  dispatcher: Dispatcher;
  /** Emits each EventName of the IPC contract with its payload. */
  events: EventEmitter<KioskEventMap>;
  services: Services;
  kioskId: string;
  /** The modem device (the simulated one in the demo); a new one after the port is changed. */
  readonly modem: ModemDevice;
  /** Only in demo mode without a modem port: the simulated modem and its phones' inboxes. */
  simulator?: ModemSimulator;
  /** The simulator's serial port, to unplug and replug it (demo and tests). */
  simulatorPort?: { binding: SimulatorBinding; path: string };
  modemStatus(): ModemStatusView;
  close(): Promise<void>;
}

/** Settings key of this kiosk's id, generated on first start and kept with the database. */
export const KIOSK_ID_SETTING = 'kiosk.id';

export async function createKioskApp(options: KioskAppOptions): Promise<KioskApp> {
  const scheduler = options.scheduler ?? systemScheduler;
  const log = options.log ?? ((line: string) => console.warn(line));
  const demo = options.demo ?? false;
  const events = new EventEmitter<KioskEventMap>();
  const core = openCoreServices(options.dbPath, {
    scheduler,
    nativeBinding: options.nativeBinding,
    backgroundCheckpoints: true,
  });
  const cleanups: Array<() => Promise<void> | void> = [
    () => core.close(),
    startBackgroundCheckpoints(core.db, scheduler),
  ];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        log(`kiosk: shutting down: ${(error as Error).message}`);
      }
    }
  };

  try {
    const kioskId = kioskIdOf(core);
    // The port: --port, else the manager's saved choice (admin screen), else probing.
    let modem = await openModem(options, options.modemPort ?? readModemPortChoice(core.db), log);
    cleanups.push(() => modem.device.close());

    // The admin screen can move the modem to another port: what hangs on a device (the outbox
    // wiring, the status tracking) is attached per device, and everything else reaches the
    // current one through `outbound`, `modemStatus` and `adminModem` below.
    // Texts the modem receives go to text-to-sign-in (set up below, once the engine exists);
    // the SIM's own number (AT+CNUM) stands in when the site settings have none.
    const inbound = {
      sms: (_message: InboundSms): void => undefined,
      simNumber: undefined as string | undefined,
    };
    const attachDevice = (device: ModemDevice) => {
      const onSms = (message: InboundSms) => inbound.sms(message);
      const onConnected = () =>
        void device.ownNumber().then(
          (n) => (inbound.simNumber = n),
          () => undefined,
        );
      device.on('sms', onSms);
      device.on('connected', onConnected);
      const wiring = wireOutbound(core, device, scheduler, log);
      const tracker = trackModemStatus(device, (view) => events.emit('modem.status', view));
      return {
        outbox: wiring.outbound,
        status: tracker,
        detach: async () => {
          tracker.dispose();
          device.off('sms', onSms);
          device.off('connected', onConnected);
          await wiring.closeOutbound();
        },
      };
    };
    let attached = attachDevice(modem.device);
    cleanups.push(() => attached.detach());
    const outbound: OutboundSms & OutboxLike = {
      availability: () => attached.outbox.availability(),
      enqueue: (message) => attached.outbox.enqueue(message),
      cancel: (id) => attached.outbox.cancel(id),
      status: (id) => attached.outbox.status(id),
      recent: (limit) => attached.outbox.recent(limit),
      sentToday: () => attached.outbox.sentToday(),
    };
    const modemStatus = () => attached.status.current();

    let switching: Promise<void> = Promise.resolve();
    const ports: ModemPortControl = {
      fixed: modem.simulator !== undefined,
      current: () => modem.device.info?.path ?? modem.path ?? null,
      chosen: () => readModemPortChoice(core.db),
      list: async () => {
        const inUse = ports.current();
        const answers = inUse === null ? null : modem.device.state === 'ready';
        if (modem.simulatorPort) {
          const path = modem.simulatorPort.path;
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
        const run = switching.then(async () => {
          writeModemPortChoice(core.db, port);
          await attached.detach();
          await modem.device.close();
          modem = await openModem({ ...options, demo: false }, port, log);
          attached = attachDevice(modem.device);
          events.emit('modem.status', attached.status.current());
          await startModem(modem.device, MODEM_SWITCH_WAIT_MS);
        });
        switching = run.catch(() => undefined);
        return run;
      },
    };
    const adminModem: AdminModemLike = {
      get state() {
        return modem.device.state;
      },
      get info() {
        return modem.device.info;
      },
      get health() {
        return modem.device.health;
      },
      checkHealth: () => modem.device.checkHealth(),
      ports,
    };

    const services = withEngine(core, {
      outbound,
      scheduler,
      minResponseMs: options.minResponseMs,
      random: options.random,
    });

    const session = new KioskSession({
      engine: services.engine,
      config: services.config,
      groups: services.registry.groups,
      scheduler,
      events: {
        expiring: (idleEndsAt) => events.emit('session.expiring', { idleEndsAt }),
        signedOut: (reason) => events.emit('session.signedOut', { reason }),
      },
    });
    // Whoever is signed in when the kiosk shuts down is signed out (and the timers stop).
    cleanups.push(() => void session.end('user'));

    // Text-to-sign-in (issue 6): the worker texts the code on screen from their registered phone.
    const textSignIn = new TextSignIn({
      db: services.db,
      config: services.config,
      registry: services.registry,
      signInLog: services.signInLog,
      secret: services.secret,
      random: options.random ?? cryptoRandom,
      scheduler,
      kioskId,
      ownNumber: () => inbound.simNumber,
      completeFirstFactor: (user, id, method) =>
        services.engine.completeFirstFactor(user, id, method),
    });
    textSignIn.on('outcome', (outcome) => {
      if (outcome.kioskId === kioskId)
        events.emit('signin.text', textOutcomeEvent(outcome, session));
    });
    inbound.sms = (message) => {
      try {
        textSignIn.receive(message);
      } catch (error) {
        // Never the text itself: it may hold a code.
        log(`text sign-in: an inbound text could not be handled: ${(error as Error).message}`);
      }
    };

    // The admin screen (issue 5): its own session, 5 minutes idle; a manager signing in ends
    // the worker's session, since the kiosk shows one person at a time.
    const admin = createAdminServices({
      services,
      outbound,
      outbox: outbound,
      modem: adminModem,
      modemStatus,
      kioskId,
      scheduler,
      random: options.random ?? cryptoRandom,
      events: { signedOut: (reason) => events.emit('admin.signedOut', { reason }) },
      onSignedIn: () => void session.end('user'),
    });
    cleanups.push(admin.close);

    const dispatcher = createDispatcher(
      createHandlers({
        engine: services.engine,
        session,
        kioskId,
        config: services.config,
        modemStatus,
        demo,
        textSignIn,
        textSignInAvailable: () => textSignIn.available(),
        admin,
        security: {
          db: services.db,
          registry: services.registry,
          totp: services.totp,
          enrolment: services.enrolment,
          appSignIn: services.appSignIn,
          securityAdmin: new SecurityAdmin({
            registry: services.registry,
            totp: services.totp,
            enrolment: services.enrolment,
            pinStatus: (id) => {
              const pin = services.pins.status(id);
              return { set: pin.set, locked: pin.lockedUntil !== null };
            },
          }),
        },
      }),
      (channel, error) => log(`IPC ${channel} failed: ${(error as Error)?.stack ?? error}`),
    );

    await startModem(modem.device, modem.simulator !== undefined ? Infinity : 0);

    return {
      dispatcher,
      events,
      services,
      kioskId,
      get modem() {
        return modem.device;
      },
      simulator: modem.simulator,
      simulatorPort: modem.simulatorPort,
      modemStatus,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** This kiosk's id: a setting made once per database ("kiosk-" + 8 hex digits). */
function kioskIdOf(core: ReturnType<typeof openCoreServices>): string {
  const stored = readSetting(core.db, KIOSK_ID_SETTING);
  if (stored) {
    const parsed: unknown = JSON.parse(stored);
    if (typeof parsed === 'string' && /^[\w.-]{1,64}$/.test(parsed)) return parsed;
  }
  const id = `kiosk-${randomBytes(4).toString('hex')}`;
  core.db.transaction(() => {
    writeSetting(core.db, KIOSK_ID_SETTING, JSON.stringify(id));
    core.audit.append({ actor: 'system', action: 'kiosk.create', target: id, details: {} });
  })();
  return id;
}

interface OpenedModem {
  device: ModemDevice;
  /** The port it was told to use; undefined: it probes for one. */
  path?: string;
  simulator?: ModemSimulator;
  simulatorPort?: { binding: SimulatorBinding; path: string };
}

/** Waits this long for a modem on a newly chosen port to answer before the admin call returns. */
const MODEM_SWITCH_WAIT_MS = 15_000;

async function openModem(
  options: KioskAppOptions,
  port: string | null | undefined,
  log: (line: string) => void,
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
    device.on('problem', (error) => log(`modem: ${error.message}`));
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
  device.on('problem', (error) => log(`modem (simulated): ${error.message}`));
  return { device, path, simulator, simulatorPort: { binding, path } };
}

async function serialBindingOf(options: KioskAppOptions): Promise<BindingInterface> {
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

/**
 * The one place the engine's SMS sender is chosen: the persistent outbox
 * (src/main/outbox/outbox.ts) sending through the modem device, its availability following the
 * device's health.
 */
function wireOutbound(
  core: ReturnType<typeof openCoreServices>,
  device: ModemDevice,
  scheduler: Scheduler,
  log: (line: string) => void,
): { outbound: Outbox; closeOutbound: () => Promise<void> } {
  const { outbox, close } = createModemOutbox({
    db: core.db,
    secret: core.secret,
    scheduler,
    log,
    device,
  });
  return { outbound: outbox, closeOutbound: close };
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
