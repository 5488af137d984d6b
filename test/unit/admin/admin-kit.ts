// The admin services and the full handler table over the test kit: in-memory database, manual
// clock, recording SMS sender for sign-in and setup codes, and a real Outbox (never started, its
// sender a no-op) for the modem panel and test messages.
import { createDispatcher, type Dispatcher } from '../../../src/main/ipc/dispatcher';
import { createHandlers } from '../../../src/main/ipc/handlers';
import { KioskSession } from '../../../src/main/auth/kiosk-session';
import { createAdminServices, type AdminServices } from '../../../src/main/admin';
import type { AdminFactor } from '../../../src/main/admin/admin-session';
import type { ModemLike } from '../../../src/main/admin/modem-admin';
import { Outbox } from '../../../src/main/outbox/outbox';
import { SecurityAdmin } from '../../../src/main/admin/security-admin';
import type { AdminSignOutReason } from '../../../src/shared/admin';
import type { IpcResult } from '../../../src/shared/ipc/contract';
import { makeKit, type TestKit } from '../../support/harness';

export interface AdminKit {
  kit: TestKit;
  admin: AdminServices;
  dispatcher: Dispatcher;
  outbox: Outbox;
  modem: { -readonly [K in keyof ModemLike]: ModemLike[K] };
  signedOut: AdminSignOutReason[];
  workerSignedOut: string[];
  /** dispatch, expecting ok: returns the value (throws with the error otherwise). */
  call<T = unknown>(channel: string, payload?: unknown): Promise<T>;
  /** dispatch, returning the Result as is. */
  send(channel: string, payload?: unknown): Promise<IpcResult<unknown>>;
  /** Adds a person with the registry directly (actor "test"). */
  addPerson(
    employeeId: string,
    phone: string,
    role?: 'worker' | 'manager',
    status?: 'active' | 'disabled',
  ): number;
  /** Signs `phone` in at the admin entry with the code from its SMS. */
  signInAdmin(phone: string): Promise<IpcResult<unknown>>;
}

export const KIOSK = 'k1';

/**
 * factors: the admin entry's further factors; none unless given, so most tests sign in with the
 * SMS code alone. pinFactor: true keeps the product's default, the manager's PIN (issue 6).
 */
export function makeAdminKit(
  options: { factors?: AdminFactor[]; pinFactor?: boolean } = {},
): AdminKit {
  const kit = makeKit();
  const outbox = new Outbox({
    db: kit.db,
    secret: kit.secret,
    scheduler: kit.scheduler,
    sender: { sendSms: () => Promise.resolve({ references: [1] }) },
  });
  const modem: AdminKit['modem'] = { state: 'ready', info: undefined, health: undefined };
  const signedOut: AdminSignOutReason[] = [];
  const workerSignedOut: string[] = [];
  const session = new KioskSession({
    engine: kit.engine,
    config: kit.config,
    groups: kit.registry.groups,
    scheduler: kit.scheduler,
    events: { expiring: () => undefined, signedOut: (r) => workerSignedOut.push(r) },
    users: kit.registry.users,
  });
  // As kiosk-app.ts: a person changed on the admin screen is signed out at once.
  kit.registry.onUserChanged(() => void session.recheck());
  const admin = createAdminServices({
    services: kit,
    outbound: kit.outbound,
    outbox,
    modem,
    modemStatus: () => ({ state: 'ready', signalDbm: -71 }),
    kioskId: KIOSK,
    scheduler: kit.scheduler,
    random: kit.random,
    factors: options.pinFactor ? undefined : (options.factors ?? []),
    events: { signedOut: (reason) => signedOut.push(reason) },
    onSignedIn: () => void session.end('user'),
  });
  const dispatcher = createDispatcher(
    createHandlers({
      engine: kit.engine,
      session,
      kioskId: KIOSK,
      config: kit.config,
      modemStatus: () => ({ state: 'ready', signalDbm: -71 }),
      demo: false,
      admin,
      security: {
        db: kit.db,
        registry: kit.registry,
        totp: kit.totp,
        enrolment: kit.enrolment,
        appSignIn: kit.appSignIn,
        freshProof: kit.freshProof,
        securityAdmin: new SecurityAdmin({
          registry: kit.registry,
          totp: kit.totp,
          enrolment: kit.enrolment,
          kioskId: KIOSK,
          pins: kit.pins,
        }),
      },
    }),
    (channel, error) => {
      throw new Error(`IPC ${channel} crashed: ${(error as Error)?.stack ?? String(error)}`);
    },
  );
  const send = (channel: string, payload: unknown = {}) => dispatcher.dispatch(channel, payload);
  const call = async <T>(channel: string, payload: unknown = {}): Promise<T> => {
    const result = await send(channel, payload);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
    return result.value as T;
  };
  return {
    kit,
    admin,
    dispatcher,
    outbox,
    modem,
    signedOut,
    workerSignedOut,
    call,
    send,
    addPerson: (employeeId, phone, role = 'worker', status = 'active') =>
      kit.registry.addUser(
        { employeeId, displayName: `Person ${employeeId}`, phone, role, status },
        'test',
      ).id,
    async signInAdmin(phone) {
      const started = await send('admin.start', { phone });
      if (!started.ok) return started;
      const { challengeId } = started.value as { challengeId: string };
      const e164 = kit.registry.normalizePhone(phone);
      return send('admin.verify', { challengeId, code: kit.outbound.lastCodeTo(e164) });
    },
  };
}
