import type { AdminServices } from '../../admin';
import type { HandlerTable } from '../dispatcher';
import { adminOnly } from './admin-gate';

export function adminModemHandlers(
  admin: AdminServices,
): Pick<
  HandlerTable,
  | 'admin.modemPanel'
  | 'admin.modemTestSms'
  | 'admin.modemPorts'
  | 'admin.modemUsePort'
  | 'admin.modemConfirmIdentity'
> {
  const { session, modem } = admin;
  return {
    'admin.modemPanel': adminOnly(session, ({ outboxLimit, refresh }) =>
      modem.panel(outboxLimit ?? 50, refresh ?? false),
    ),
    'admin.modemTestSms': adminOnly(session, ({ phone }, { actor }) =>
      modem.sendTest(phone, actor),
    ),
    'admin.modemPorts': adminOnly(session, () => modem.ports()),
    'admin.modemUsePort': adminOnly(session, ({ port }, { actor }) => modem.usePort(port, actor)),
    'admin.modemConfirmIdentity': adminOnly(session, (_input, { actor }) =>
      modem.confirmIdentity(actor),
    ),
  };
}
