// The admin screen's main-process services, built from the core services and the kiosk's modem
// and outbox. kiosk-app.ts builds one per kiosk; tests build it over the test kit.
import type { Services } from '../services';
import type { RandomSource } from '../auth/random';
import type { Scheduler } from '../time';
import type { OutboundSms } from '../outbox/outbound';
import type { ModemStatusView } from '../../shared/ipc/contract';
import type { AdminSignOutReason } from '../../shared/admin';
import { AdminQueries } from './admin-queries';
import { AdminSession, type AdminFactor } from './admin-session';
import { RecoveryCodes } from './recovery';
import { FirstRunSetup } from './setup';
import { StaffAdmin } from './staff-admin';
import { PhoneConfirmations } from './phone-confirm';
import { GroupsAdmin } from './groups-admin';
import { PolicyAdmin } from './policy-admin';
import { ModemAdmin, type ModemLike, type OutboxLike } from './modem-admin';
import { LogsAdmin } from './logs-admin';
import { RecoverySignIn } from './recovery-sign-in';
import type { PinStore } from '../auth/pin';
import type { User } from '../../shared/domain';

/**
 * The PIN at the admin entry: every manager gives one after the SMS code; a manager
 * without one sets it there. A wrong PIN counts toward the PIN's own lockout; a locked PIN is
 * answered like a wrong one (the pending sign-in ends).
 */
export function pinAdminFactor(
  pins: PinStore,
  now: () => number,
  minLength: () => number,
): AdminFactor {
  return {
    kind: 'pin',
    required: (manager: User) => manager.role === 'manager',
    check: (manager, proof, prepared) =>
      pins.check(manager.id, proof, now(), prepared).ok ? 'ok' : 'wrong',
    prepare: (manager, proof) => pins.prepare(manager.id, proof),
    needsSetUp: (manager) => !pins.enrolled(manager.id),
    setUp: (manager, value) => pins.set(manager.id, value, `manager:${manager.employeeId}`),
    minLength,
  };
}

export interface AdminServices {
  session: AdminSession;
  setup: FirstRunSetup;
  recovery: RecoveryCodes;
  recoverySignIn: RecoverySignIn;
  staff: StaffAdmin;
  groups: GroupsAdmin;
  policy: PolicyAdmin;
  modem: ModemAdmin;
  logs: LogsAdmin;
  queries: AdminQueries;
  /** PINs: admin.staffResetPin. */
  pins: PinStore;
  /** The person is in the registry. */
  staffExists(id: number): boolean;
  /** Ends the admin session (the kiosk is shutting down). */
  close(): void;
}

export interface AdminDeps {
  services: Services;
  /** Where setup codes go (the kiosk's outbox). */
  outbound: OutboundSms;
  /** The outbox the panel lists and test messages go through. */
  outbox: OutboxLike;
  modem: ModemLike;
  modemStatus: () => ModemStatusView;
  kioskId: string;
  scheduler: Scheduler;
  random: RandomSource;
  /** Further admin sign-in factors after the SMS code; by default the PIN. */
  factors?: readonly AdminFactor[];
  events?: { signedOut(reason: AdminSignOutReason): void };
  onSignedIn?: () => void;
}

export function createAdminServices(deps: AdminDeps): AdminServices {
  const { services, scheduler, random, kioskId } = deps;
  const { db, audit, config, registry, signInLog, engine } = services;
  const queries = new AdminQueries(db);
  const session = new AdminSession({
    db,
    engine,
    users: registry.users,
    config,
    audit,
    signInLog,
    scheduler,
    kioskId,
    factors: deps.factors ?? [
      pinAdminFactor(
        services.pins,
        () => scheduler.now(),
        () => config.policy().pinMinLength,
      ),
    ],
    events: deps.events,
    onSignedIn: deps.onSignedIn,
  });
  const recovery = new RecoveryCodes({ db, audit, random, scheduler });
  return {
    session,
    recovery,
    recoverySignIn: new RecoverySignIn({
      db,
      audit,
      users: registry.users,
      recovery,
      session,
      now: () => scheduler.now(),
    }),
    queries,
    pins: services.pins,
    staffExists: (id) => registry.users.byId(id) !== undefined,
    setup: new FirstRunSetup({
      db,
      config,
      registry,
      audit,
      queries,
      outbound: deps.outbound,
      random,
      scheduler,
      secret: services.secret,
      recovery,
      session,
      pins: services.pins,
      marker: services.setupMarker,
      kioskId,
    }),
    staff: new StaffAdmin({
      db,
      registry,
      audit,
      queries,
      scheduler,
      phones: new PhoneConfirmations({
        db,
        config,
        registry,
        audit,
        outbound: deps.outbound,
        random,
        scheduler,
        secret: services.secret,
        kioskId,
      }),
    }),
    groups: new GroupsAdmin({ db, registry, config, audit, queries }),
    policy: new PolicyAdmin({ config, registry }),
    modem: new ModemAdmin({
      modem: deps.modem,
      modemStatus: deps.modemStatus,
      outbox: deps.outbox,
      config,
      audit,
      queries,
      random,
      scheduler,
      kioskId,
    }),
    logs: new LogsAdmin({ audit, registry, queries }),
    close: () => void session.end('user'),
  };
}
