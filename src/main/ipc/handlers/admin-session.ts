import type { AdminServices } from '../../admin';
import type { HandlerTable } from '../dispatcher';
import { adminOnly, typed } from './admin-gate';
import { AdminError } from '../../admin/errors';

export type AdminSessionChannel =
  | 'admin.start'
  | 'admin.resend'
  | 'admin.verify'
  | 'admin.factor'
  | 'admin.setPin'
  | 'admin.staffResetPin'
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
    'admin.factor': ({ factor, proof }) => typed(() => session.provideFactorAsync(factor, proof)),
    'admin.setPin': ({ pin, confirm }) =>
      typed(() => {
        if (pin !== confirm) {
          throw new AdminError('invalid_input', 'The two PINs are not the same. Type them again.');
        }
        return session.setUpFactor('pin', pin);
      }),
    'admin.staffResetPin': adminOnly(session, ({ id }, { actor }) => {
      if (!admin.staffExists(id)) {
        throw new AdminError('user_not_found', 'That person is no longer in the registry.');
      }
      return { reset: admin.pins.reset(id, actor) };
    }),
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
