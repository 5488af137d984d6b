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
import { createDispatcher, type Dispatcher } from './ipc/dispatcher';
import { createHandlers } from './ipc/handlers';
import { ModemDevice, type ModemHealth } from './modem/device';
import type { ModemError } from './modem/errors';
import { ModemSimulator, SimulatorBinding, type SimulatorProfile } from './modem/simulator';
import { createModemOutbox } from './sms/outbox-wiring';
import type { Outbox } from './sms/outbox';
import { cryptoRandom } from './auth/random';
import { createAdminServices } from './admin';
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
}

/** Each contract event with its payload, as the transports forward them. */
export type KioskEventMap = { [E in EventName]: [EventPayloads[E]] };

export interface KioskApp {
  dispatcher: Dispatcher;
  /** Emits each EventName of the IPC contract with its payload. */
  events: EventEmitter<KioskEventMap>;
  services: Services;
  kioskId: string;
  /** The modem device (the simulated one in the demo). */
  modem: ModemDevice;
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
    const modem = await openModem(options, scheduler, log);
    cleanups.push(() => modem.device.close());

    const { outbound, closeOutbound } = wireOutbound(core, modem.device, scheduler, log);
    cleanups.push(closeOutbound);
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

    const status = trackModemStatus(modem.device, (view) => events.emit('modem.status', view));
    cleanups.push(status.dispose);

    // The admin screen (issue 5): its own session, 5 minutes idle; a manager signing in ends
    // the worker's session, since the kiosk shows one person at a time.
    const admin = createAdminServices({
      services,
      outbound,
      outbox: outbound,
      modem: modem.device,
      modemStatus: status.current,
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
        modemStatus: status.current,
        demo,
        admin,
      }),
      (channel, error) => log(`IPC ${channel} failed: ${(error as Error)?.stack ?? error}`),
    );

    await startModem(modem.device, modem.simulator !== undefined);

    return {
      dispatcher,
      events,
      services,
      kioskId,
      modem: modem.device,
      simulator: modem.simulator,
      simulatorPort: modem.simulatorPort,
      modemStatus: status.current,
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
  simulator?: ModemSimulator;
  simulatorPort?: { binding: SimulatorBinding; path: string };
}

async function openModem(
  options: KioskAppOptions,
  scheduler: Scheduler,
  log: (line: string) => void,
): Promise<OpenedModem> {
  if (options.modemPort || !options.demo) {
    const device = new ModemDevice({
      scheduler: systemScheduler,
      binding: await nativeSerialBinding(),
      path: options.modemPort,
    });
    device.on('problem', (error) => log(`modem: ${error.message}`));
    return { device };
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
  return { device, simulator, simulatorPort: { binding, path } };
}

async function nativeSerialBinding(): Promise<BindingInterface> {
  const { SerialPort } = await import('serialport');
  return SerialPort.binding as unknown as BindingInterface;
}

/**
 * Opens the modem in the background (retrying with backoff until it answers). The simulator is
 * waited for, up to its first health report, so the demo starts with its modem status known.
 */
async function startModem(device: ModemDevice, waitForIt: boolean): Promise<void> {
  if (!waitForIt) {
    device.start();
    return;
  }
  await new Promise<void>((resolve) => {
    const done = () => {
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
 * (src/main/sms/outbox.ts) sending through the modem device, its availability following the
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
