// Builds the main-process services from a database path. Shared by the Electron app, the
// browser harness and the CLI, so all three run exactly the same rules.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db, type OpenOptions } from './db/connection';
import { AuditLog } from './audit/audit-log';
import { SignInLog } from './audit/signin-log';
import { ConfigStore } from './config/config-store';
import { RegistryService } from './registry/registry-service';
import { SignInEngine } from './auth/engine';
import { cryptoRandom, type RandomSource } from './auth/random';
import { deriveKey, loadOrCreateInstallSecret, type SecretSealer } from './secret';
import { systemScheduler, type Scheduler } from './time';
import type { OutboundSms } from './outbox/outbound';
import { AppFirstFactor, TotpStore } from './auth/totp';
import { EnrolmentService } from './auth/enrolment';
import { PinStore, type PinCost } from './auth/pin';
import { SetupMarker } from './config/setup-marker';
import { FreshProof } from './auth/fresh-proof';

export interface CoreServices {
  db: Db;
  secret: Buffer;
  audit: AuditLog;
  /** Whether first-run setup has been done (it never opens again after). */
  setupMarker: SetupMarker;
  signInLog: SignInLog;
  config: ConfigStore;
  registry: RegistryService;
  close(): void;
}

export interface Services extends CoreServices {
  engine: SignInEngine;
  /** Authenticator apps: a second factor, and the first while the modem is down. */
  totp: TotpStore;
  /** Self-service phone registration with a manager's enrolment code. */
  enrolment: EnrolmentService;
  /** PINs: a second factor, required for managers and the groups the policy names. */
  pins: PinStore;
  /** Employee ID + app code instead of SMS while the modem is down (policy totpWhenModemDown). */
  appSignIn: AppFirstFactor;
  /** The PIN or a new SMS code before a signed-in person adds an authenticator app. */
  freshProof: FreshProof;
}

/** The app's own database: Electron's userData folder for this app, unless KIOSK_DB is set. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KIOSK_DB) return env.KIOSK_DB;
  const configHome =
    process.platform === 'win32'
      ? (env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'))
      : process.platform === 'darwin'
        ? join(homedir(), 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? join(homedir(), '.config'));
  return join(configHome, 'sms-kiosk-sign-in', 'kiosk.db');
}

export function openCoreServices(
  dbPath: string,
  options: OpenOptions & { scheduler?: Scheduler; secret?: Buffer; sealer?: SecretSealer } = {},
): CoreServices {
  const db = openDatabase(dbPath, options);
  const scheduler = options.scheduler ?? systemScheduler;
  let secret: Buffer;
  try {
    secret = options.secret ?? loadOrCreateInstallSecret(dbPath, options.sealer);
  } catch (error) {
    db.close();
    throw error;
  }
  const audit = new AuditLog(db, deriveKey(secret, 'audit'), scheduler);
  const config = new ConfigStore(db, audit);
  const setupMarker = new SetupMarker(db, secret);
  // An install from before the marker (or whose marker went missing) that has had a manager is
  // set up: first-run setup must not open again when its managers are all gone.
  if (!options.readonly) {
    db.transaction(() => {
      if (setupMarker.markExistingInstall()) {
        audit.append({ actor: 'system', action: 'setup.marked', target: 'site', details: {} });
      }
    })();
  }
  return {
    db,
    secret,
    audit,
    setupMarker,
    signInLog: new SignInLog(db),
    config,
    registry: new RegistryService(db, config, audit, scheduler),
    close: () => db.close(),
  };
}

/** The PIN store over the core services, keyed from the install secret. */
export function pinStoreOf(
  core: CoreServices,
  options: { clock?: Scheduler; random?: RandomSource; cost?: PinCost } = {},
): PinStore {
  return new PinStore({
    db: core.db,
    config: core.config,
    users: core.registry.users,
    audit: core.audit,
    clock: options.clock ?? systemScheduler,
    random: options.random ?? cryptoRandom,
    key: deriveKey(core.secret, 'pin'),
    cost: options.cost,
  });
}

export function withEngine(
  core: CoreServices,
  deps: {
    outbound: OutboundSms;
    scheduler?: Scheduler;
    random?: RandomSource;
    minResponseMs?: number;
    /** scrypt cost of new PINs; tests pass a low one. */
    pinCost?: PinCost;
  },
): Services {
  const random = deps.random ?? cryptoRandom;
  const scheduler = deps.scheduler ?? systemScheduler;
  const pins = pinStoreOf(core, { clock: scheduler, random, cost: deps.pinCost });
  const totp = new TotpStore({
    db: core.db,
    secret: core.secret,
    config: core.config,
    audit: core.audit,
    clock: scheduler,
    random,
  });
  const enrolment = new EnrolmentService({
    db: core.db,
    secret: core.secret,
    config: core.config,
    registry: core.registry,
    audit: core.audit,
    signInLog: core.signInLog,
    outbound: deps.outbound,
    random,
    clock: scheduler,
    pins,
  });
  const engine = new SignInEngine({
    db: core.db,
    config: core.config,
    registry: core.registry,
    signInLog: core.signInLog,
    outbound: deps.outbound,
    secret: core.secret,
    random: deps.random ?? cryptoRandom,
    scheduler: deps.scheduler ?? systemScheduler,
    minResponseMs: deps.minResponseMs,
    factors: [pins, totp],
    audit: core.audit,
  });
  const appSignIn = new AppFirstFactor({
    db: core.db,
    secret: core.secret,
    config: core.config,
    registry: core.registry,
    signInLog: core.signInLog,
    outbound: deps.outbound,
    totp,
    clock: scheduler,
  });
  const freshProof = new FreshProof({
    db: core.db,
    config: core.config,
    outbound: deps.outbound,
    secret: core.secret,
    random,
    scheduler,
    pins,
  });
  return { ...core, engine, totp, enrolment, appSignIn, pins, freshProof };
}
