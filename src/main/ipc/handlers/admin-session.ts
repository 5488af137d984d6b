import type { AdminServices } from '../../admin';
import type { HandlerTable } from '../dispatcher';
import { adminOnly, typed } from './admin-gate';

export type AdminSessionChannel =
  | 'admin.start'
  | 'admin.resend'
  | 'admin.verify'
  | 'admin.factor'
  | 'admin.recover'
  | 'admin.current'
  | 'admin.activity'
  | 'admin.signOut'
  | 'admin.newRecoveryCode';

export function adminSessionHandlers(
  admin: AdminServices,
): Pick<HandlerTable, AdminSessionChannel> {
  const { session } = admin;
  return {
    'admin.start': ({ phone }) => session.start(phone),
    'admin.resend': ({ challengeId }) => session.resend(challengeId),
    'admin.verify': ({ challengeId, code }) => session.verify(challengeId, code),
    'admin.factor': ({ factor, proof }) => typed(() => session.provideFactor(factor, proof)),
    'admin.recover': ({ employeeId, recoveryCode }) =>
      typed(() => admin.recoverySignIn.recover(employeeId, recoveryCode)),
    'admin.current': () => ({ ok: true, value: session.view() }),
    'admin.activity': () => ({ ok: true, value: session.touch() }),
    'admin.signOut': () => ({ ok: true, value: { signedOut: session.end('user') } }),
    'admin.newRecoveryCode': adminOnly(session, (_request, { actor }) =>
      admin.recoverySignIn.renew(actor),
    ),
  };
}
