import type { AdminServices } from '../../admin';
import type { HandlerTable } from '../dispatcher';
import { AdminError } from '../../admin/errors';
import { adminOnly } from './admin-gate';

export function adminModemHandlers(
  admin: AdminServices,
): Pick<
  HandlerTable,
  'admin.modemPanel' | 'admin.modemTestSms' | 'admin.modemPorts' | 'admin.modemUsePort'
> {
  const { session, modem } = admin;
  return {
    'admin.modemPanel': adminOnly(session, ({ outboxLimit, refresh }) =>
      modem.panel(outboxLimit ?? 50, refresh ?? false),
    ),
    'admin.modemTestSms': adminOnly(session, ({ phone }, { actor }) =>
      modem.sendTest(phone, actor),
    ),
    // Slots for the port choice (being built).
    'admin.modemPorts': adminOnly(session, notBuilt),
    'admin.modemUsePort': adminOnly(session, notBuilt),
  };
}

function notBuilt(): never {
  throw new AdminError('invalid_input', 'Choosing the modem port is not built yet.');
}
