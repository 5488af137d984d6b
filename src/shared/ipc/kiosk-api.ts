// window.kiosk, built over any transport (Electron IPC in the preload, HTTP in the browser demo,
// a Playwright binding in tests). Imports only types from contract.ts: the preload bundle must
// not pull in zod.
import type {
  Channel,
  EventName,
  EventPayloads,
  IpcResult,
  RequestOf,
  ResponseOf,
} from './contract';

export const CHANNEL_NAMES = [
  'kiosk.info',
  'signin.start',
  'signin.resend',
  'signin.verify',
  'signin.deliveryStatus',
  'signin.factor',
  'signin.setPin',
  'signin.textStart',
  'signin.textCancel',
  'session.current',
  'session.activity',
  'session.signOut',
  'session.changePin',
  'security.options',
  'security.mine',
  'security.totpOffer',
  'security.totpProofCode',
  'security.totpConfirm',
  'security.appSignIn',
  'enrol.start',
  'enrol.sendCode',
  'enrol.verify',
  'enrol.setPin',
  'enrol.cancel',
  'setup.status',
  'setup.start',
  'setup.modemPorts',
  'setup.modemUsePort',
  'setup.testSms',
  'setup.resend',
  'setup.complete',
  'admin.start',
  'admin.resend',
  'admin.verify',
  'admin.factor',
  'admin.setPin',
  'admin.recover',
  'admin.current',
  'admin.activity',
  'admin.signOut',
  'admin.newRecoveryCode',
  'admin.staffList',
  'admin.staffGet',
  'admin.staffAdd',
  'admin.staffUpdate',
  'admin.staffDisable',
  'admin.staffEnable',
  'admin.staffDelete',
  'admin.staffSetPhone',
  'admin.staffPhoneCode',
  'admin.staffClearPhone',
  'admin.staffUnlock',
  'admin.staffSecurity',
  'admin.enrolmentIssue',
  'admin.staffResetTotp',
  'admin.staffUnlockPin',
  'admin.enrolmentClearKioskLock',
  'admin.staffResetPin',
  'admin.staffImportPreview',
  'admin.staffImportCommit',
  'admin.staffExport',
  'admin.groupsList',
  'admin.groupAdd',
  'admin.groupRename',
  'admin.groupDelete',
  'admin.groupMembers',
  'admin.resourcesList',
  'admin.resourceAdd',
  'admin.resourceDelete',
  'admin.policyGet',
  'admin.policyUpdate',
  'admin.modemPanel',
  'admin.modemTestSms',
  'admin.modemPorts',
  'admin.modemUsePort',
  'admin.modemConfirmIdentity',
  'admin.signInLog',
  'admin.signInLogExport',
  'admin.auditLog',
  'admin.auditLogExport',
] as const;

export const EVENT_NAMES: readonly EventName[] = [
  'modem.status',
  'session.expiring',
  'session.signedOut',
  'admin.signedOut',
  'signin.text',
];

type Domain = Channel extends `${infer D}.${string}` ? D : never;
type Method<C extends Channel> = (request: RequestOf<C>) => Promise<IpcResult<ResponseOf<C>>>;

/**
 * window.kiosk: named functions grouped by domain, derived from the channel table, e.g.
 * `kiosk.signin.start({ phone })` invokes 'signin.start'. The preload, the browser demo and the
 * test bridge all build it with `buildKioskApi` over their own transport.
 */
export type KioskApi = {
  [D in Domain]: { [C in Channel as C extends `${D}.${infer M}` ? M : never]: Method<C> };
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};

export interface KioskTransport {
  invoke(channel: Channel, request: unknown): Promise<IpcResult<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

export function buildKioskApi(transport: KioskTransport): KioskApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const channel of CHANNEL_NAMES) {
    const [domain, method] = channel.split('.') as [string, string];
    api[domain] ??= {};
    api[domain][method] = (request: unknown) => transport.invoke(channel, request ?? {});
  }
  return {
    ...api,
    on: (event: EventName, listener: (payload: never) => void) =>
      transport.subscribe(event, listener as (payload: unknown) => void),
  } as unknown as KioskApi;
}
