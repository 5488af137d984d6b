// "My security info" (authenticator app enrolment after a sign-in), self-service phone
// registration with an enrolment code, and the admin screen's security panel.
import type { Db } from '../../db/connection';
import type { ConfigStore } from '../../config/config-store';
import type { RegistryService } from '../../registry/registry-service';
import type { KioskSession } from '../../auth/kiosk-session';
import type { AppFirstFactor, TotpStore } from '../../auth/totp';
import type { FreshProof } from '../../auth/fresh-proof';
import type { SignInEngine } from '../../auth/engine';
import { stepView as verifyStepView } from './signin';
import type { EnrolFailure, EnrolmentService, PhoneVerified } from '../../auth/enrolment';
import type { AdminServices } from '../../admin';
import type { SecurityAdmin } from '../../admin/security-admin';
import type { User } from '../../../shared/domain';
import type { IpcResult } from '../../../shared/ipc/contract';
import type { EnrolStepView, MySecurityView } from '../../../shared/security';
import { fail, type HandlerTable } from '../dispatcher';
import { adminOnly } from './admin-gate';

export type SecurityAdminChannel =
  | 'admin.staffSecurity'
  | 'admin.enrolmentIssue'
  | 'admin.staffResetTotp'
  | 'admin.staffUnlockPin'
  | 'admin.enrolmentClearKioskLock';

export type SecurityChannel =
  | 'security.options'
  | 'security.mine'
  | 'security.totpOffer'
  | 'security.totpProofCode'
  | 'security.totpConfirm'
  | 'security.appSignIn'
  | 'enrol.start'
  | 'enrol.sendCode'
  | 'enrol.verify'
  | 'enrol.setPin'
  | 'enrol.cancel'
  | SecurityAdminChannel;

export interface SecurityHandlerDeps {
  db: Db;
  config: ConfigStore;
  registry: RegistryService;
  session: KioskSession;
  kioskId: string;
  totp: TotpStore;
  enrolment: EnrolmentService;
  securityAdmin: SecurityAdmin;
  appSignIn: AppFirstFactor;
  freshProof: FreshProof;
  engine: SignInEngine;
  admin?: AdminServices;
}

const NOT_SIGNED_IN = 'Sign in first to see your security info.';

export function securityHandlers(deps: SecurityHandlerDeps): Pick<HandlerTable, SecurityChannel> {
  const { totp, enrolment, kioskId, config } = deps;

  /** The worker signed in at this kiosk now, or undefined. */
  const signedInUser = (): User | undefined => {
    const userId = deps.session.userId();
    return userId === null ? undefined : deps.registry.users.byId(userId);
  };
  const mine = (user: User): MySecurityView => ({
    totpEnrolled: totp.enrolled(user.id),
    totpEnrolmentAllowed: config.policy().totpEnrolmentEnabled,
    totpProof: deps.freshProof.kind(user),
  });

  return {
    'security.options': () => ({
      ok: true,
      value: { appSignInWhenModemDown: config.policy().totpWhenModemDown },
    }),
    'security.mine': () => {
      const user = signedInUser();
      if (!user) return fail('not_signed_in', NOT_SIGNED_IN);
      deps.session.touch();
      return { ok: true, value: mine(user) };
    },
    'security.totpProofCode': () => {
      const user = signedInUser();
      if (!user) return fail('not_signed_in', NOT_SIGNED_IN);
      deps.session.touch();
      return deps.freshProof.sendCode(user, kioskId);
    },
    'security.totpOffer': (proof) => {
      const user = signedInUser();
      if (!user) return fail('not_signed_in', NOT_SIGNED_IN);
      if (!config.policy().totpEnrolmentEnabled) {
        return fail('method_not_allowed', 'Authenticator apps are turned off at this kiosk.');
      }
      // Replacing an app is a manager's reset: otherwise someone who intercepted one SMS code
      // could put their own app in place of the worker's.
      if (totp.enrolled(user.id)) {
        return fail(
          'method_not_allowed',
          'You already have an authenticator app. Ask your manager to remove it first.',
        );
      }
      deps.session.touch();
      // A session left open must not let someone else add their app: a fresh proof first.
      const proved = deps.db.transaction(() => deps.freshProof.check(user, proof))();
      if (!proved.ok) return proved;
      const offer = totp.offer(user);
      return {
        ok: true,
        value: {
          enrolmentId: offer.enrolmentId,
          secretGroups: offer.secretGroups,
          qr: offer.qr,
          expiresAt: offer.expiresAt,
        },
      };
    },
    'security.totpConfirm': ({ enrolmentId, code }) => {
      const user = signedInUser();
      if (!user) return fail('not_signed_in', NOT_SIGNED_IN);
      deps.session.touch();
      const result = totp.confirm(
        enrolmentId,
        user.id,
        code.trim(),
        `self:${user.employeeId}`,
        user.employeeId,
      );
      if (result.ok) return { ok: true, value: mine(user) };
      if (result.reason === 'wrong') {
        return {
          ok: false,
          error: {
            code: 'wrong_code',
            message: 'That code is not right. Type the 6 digits the app shows now.',
            attemptsLeft: result.attemptsLeft,
          },
        };
      }
      return fail('code_expired', 'This set-up has expired. Start the set-up again.');
    },

    'security.appSignIn': ({ employeeId, code }) => {
      const checked = deps.appSignIn.check(employeeId, code.trim(), kioskId);
      if (!checked.ok) {
        const { ok: _ok, ...error } = checked;
        return { ok: false, error };
      }
      const step = deps.engine.completeFirstFactor(checked.user, kioskId, 'totp');
      return step.ok ? { ok: true, value: verifyStepView(step.value, deps.session) } : step;
    },
    'enrol.start': ({ employeeId, code }) =>
      enrolIpc(enrolment.start({ employeeId, code, kioskId })),
    'enrol.sendCode': ({ flowId, phone }) =>
      enrolIpc(enrolment.sendPhoneCode({ flowId, phone, kioskId })),
    'enrol.verify': ({ flowId, code }) =>
      enrolIpc(enrolment.verifyPhone({ flowId, code: code.trim(), kioskId }), stepView),
    'enrol.setPin': ({ flowId, pin }) =>
      enrolIpc(enrolment.setPin({ flowId, pin, kioskId }), stepView),
    'enrol.cancel': ({ flowId }) => {
      enrolment.cancel(flowId);
      return { ok: true, value: { cancelled: true } };
    },

    ...securityAdminHandlers(deps.admin, deps.securityAdmin),
  };
}

/** A handler table built without the security services (worker-screen tests). */
export function securityUnavailable(): Pick<HandlerTable, SecurityChannel> {
  const table: Record<string, () => ReturnType<typeof fail>> = {};
  for (const name of SECURITY_CHANNELS) {
    table[name] = () => fail('not_signed_in', 'Security settings are not available here.');
  }
  return table as unknown as Pick<HandlerTable, SecurityChannel>;
}

// A Record, so the compiler names any channel of SecurityChannel this fallback table misses.
const SECURITY_CHANNELS = Object.keys({
  'security.options': true,
  'security.mine': true,
  'security.totpOffer': true,
  'security.totpProofCode': true,
  'security.totpConfirm': true,
  'security.appSignIn': true,
  'enrol.start': true,
  'enrol.sendCode': true,
  'enrol.verify': true,
  'enrol.setPin': true,
  'enrol.cancel': true,
  'admin.staffSecurity': true,
  'admin.enrolmentIssue': true,
  'admin.staffResetTotp': true,
  'admin.staffUnlockPin': true,
  'admin.enrolmentClearKioskLock': true,
} satisfies Record<SecurityChannel, true>) as SecurityChannel[];

function securityAdminHandlers(
  admin: AdminServices | undefined,
  security: SecurityAdmin,
): Pick<HandlerTable, SecurityAdminChannel> {
  if (!admin) {
    const unavailable = () => fail('not_signed_in', 'The admin screen is not available here.');
    return {
      'admin.staffSecurity': unavailable,
      'admin.enrolmentIssue': unavailable,
      'admin.staffResetTotp': unavailable,
      'admin.staffUnlockPin': unavailable,
      'admin.enrolmentClearKioskLock': unavailable,
    };
  }
  return {
    'admin.staffSecurity': adminOnly(admin.session, ({ id }) => security.view(id)),
    'admin.enrolmentIssue': adminOnly(admin.session, ({ id }, { actor }) =>
      security.issueEnrolmentCode(id, actor),
    ),
    'admin.staffResetTotp': adminOnly(admin.session, ({ id }, { actor }) =>
      security.resetTotp(id, actor),
    ),
    'admin.staffUnlockPin': adminOnly(admin.session, ({ id }, { actor }) =>
      security.unlockPin(id, actor),
    ),
    'admin.enrolmentClearKioskLock': adminOnly(admin.session, (_request, { actor }) =>
      security.clearKioskEnrolmentLock(actor),
    ),
  };
}

function stepView(step: PhoneVerified): EnrolStepView {
  return step.next === 'pin' ? step : { next: 'done', displayName: step.user.displayName };
}

function enrolIpc<T, V = T>(
  result: { ok: true; value: T } | { ok: false; error: EnrolFailure },
  map: (value: T) => V = (value) => value as unknown as V,
): IpcResult<V> {
  return result.ok ? { ok: true, value: map(result.value) } : result;
}
