// The kiosk's main-process services joined together: database and engine, the modem host (the
// device on a real port, found by discovery, or the demo's simulator, with its persistent outbox
// and status), the kiosk session and the IPC handler table behind one dispatcher. The Electron shell
// (src/main/index.ts) and the browser harness (src/dev/demo-web.ts) both start the kiosk through
// createKioskApp, so they run exactly the same code; only their transports differ.
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { BindingInterface } from '@serialport/bindings-interface';
import { openCoreServices, withEngine, type Services } from './services';
import { scheduleRetention } from './db/retention';
import { startBackgroundCheckpoints } from './db/checkpoint';
import type { RandomSource } from './auth/random';
import { systemScheduler, type Scheduler } from './time';
import { readSetting, writeSetting } from './db/settings';
import { KioskSession } from './auth/kiosk-session';
import { TextSignIn } from './auth/text-sign-in';
import { textOutcomeEvent } from './ipc/handlers/text-signin';
import { createDispatcher, type Dispatcher } from './ipc/dispatcher';
import { createHandlers } from './ipc/handlers';
import type { ModemDevice } from './modem/device';
import type { ModemSimulator, SimulatorBinding, SimulatorProfile } from './modem/simulator';
import { ModemHost } from './modem-host';
import { cryptoRandom } from './auth/random';
import { createAdminServices } from './admin';
import { err } from '../shared/result';
import { SecurityAdmin } from './admin/security-admin';
import type { SecretSealer } from './secret';
import type { EventName, EventPayloads, ModemStatusView } from '../shared/ipc/contract';

export interface KioskAppOptions {
  dbPath: string;
  /** A serial port such as /dev/ttyUSB2. Without it: the simulator in demo mode, else discovery. */
  modemPort?: string;
  /** The browser demo: kiosk.info says demo:true and, with no modemPort, a simulator is the modem. */
  demo?: boolean;
  /** better-sqlite3 addon built for Electron's ABI (see docs/ARCHITECTURE.md). */
  nativeBinding?: string;
  /** Seals the install secret with the OS key store (Electron: safeStorage). */
  sealer?: SecretSealer;
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
    sealer: options.sealer,
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
    // The modem (--port, else the manager's saved choice, else probing; the demo's simulator)
    // and what hangs on it; the host follows the manager's port changes.
    const modem = await ModemHost.open({
      db: core.db,
      audit: core.audit,
      secret: core.secret,
      scheduler,
      log,
      modemPort: options.modemPort,
      demo,
      simulatorProfile: options.simulatorProfile,
      serialBinding: options.serialBinding,
    });
    cleanups.push(() => modem.close());
    // Old sign-in records go daily, on the same clock as everything else.
    cleanups.push(scheduleRetention({ ...core, scheduler }, log));
    modem.on('status', (view) => events.emit('modem.status', view));
    const outbound = modem.outbound;
    const modemStatus = () => modem.status();

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
      hasPin: (userId) => services.pins.enrolled(userId),
      events: {
        expiring: (idleEndsAt) => events.emit('session.expiring', { idleEndsAt }),
        signedOut: (reason) => events.emit('session.signedOut', { reason }),
      },
      users: services.registry.users,
    });
    // Whoever is signed in when the kiosk shuts down is signed out (and the timers stop).
    cleanups.push(() => void session.end('user'));
    // A person disabled or given another role on the admin screen is signed out at once.
    cleanups.push(services.registry.onUserChanged(() => void session.recheck()));

    // Text-to-sign-in: the worker texts the code on screen from their registered phone.
    const textSignIn = new TextSignIn({
      db: services.db,
      config: services.config,
      registry: services.registry,
      signInLog: services.signInLog,
      secret: services.secret,
      random: options.random ?? cryptoRandom,
      scheduler,
      kioskId,
      ownNumber: () => modem.simNumber,
      completeFirstFactor: (user, id, method) =>
        services.engine.completeFirstFactor(user, id, method),
    });
    textSignIn.on('outcome', (outcome) => {
      if (outcome.kioskId === kioskId)
        events.emit('signin.text', textOutcomeEvent(outcome, session));
    });
    modem.on('sms', (message) => {
      try {
        textSignIn.receive(message);
      } catch (error) {
        // Never the text itself: it may hold a code.
        log(`text sign-in: an inbound text could not be handled: ${(error as Error).message}`);
      }
    });

    // The admin screen: its own session, 5 minutes idle; a manager signing in ends
    // the worker's session, since the kiosk shows one person at a time.
    const admin = createAdminServices({
      services,
      outbound,
      outbox: outbound,
      modem: modem.admin,
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
        // An unconfirmed modem or SIM change: no new text code either (its text would be dropped).
        textSignIn: {
          begin: (id) =>
            modem.identityAlarm()
              ? err({
                  code: 'sms_unavailable',
                  message:
                    'Sign-in by text message is paused: the modem or its SIM card changed. A manager must confirm it on the admin screen.',
                })
              : textSignIn.begin(id),
          cancel: (id, textId) => textSignIn.cancel(id, textId),
        },
        // Not while an unconfirmed modem or SIM change pauses texts as sign-ins.
        textSignInAvailable: () => textSignIn.available() && !modem.identityAlarm(),
        admin,
        security: {
          db: services.db,
          registry: services.registry,
          totp: services.totp,
          enrolment: services.enrolment,
          appSignIn: services.appSignIn,
          freshProof: services.freshProof,
          securityAdmin: new SecurityAdmin({
            registry: services.registry,
            totp: services.totp,
            enrolment: services.enrolment,
            kioskId,
            pins: services.pins,
          }),
        },
      }),
      (channel, error) => log(`IPC ${channel} failed: ${(error as Error)?.stack ?? error}`),
    );

    await modem.start();

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
