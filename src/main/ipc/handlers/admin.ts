// Every 'admin.*' and 'setup.*' channel: one handler file per domain, joined here. Without the
// admin services (a handler table built for the worker screens only) each of them answers
// not_signed_in (the worker screens' code: that table knows nothing of the admin screen).
import type { AdminServices } from '../../admin';
import { channels, type Channel } from '../../../shared/ipc/contract';
import { fail, type HandlerTable } from '../dispatcher';
import { adminGroupsHandlers } from './admin-groups';
import { adminLogsHandlers } from './admin-logs';
import { adminModemHandlers } from './admin-modem';
import { adminPolicyHandlers } from './admin-policy';
import { adminSessionHandlers } from './admin-session';
import { adminSetupHandlers } from './admin-setup';
import { adminStaffHandlers } from './admin-staff';
import type { SecurityAdminChannel } from './security';

/** The security panel's admin channels live in security.ts with the kiosk's security screens. */
export type AdminChannel = Exclude<
  Extract<Channel, `admin.${string}` | `setup.${string}`>,
  SecurityAdminChannel
>;

export function adminHandlers(admin: AdminServices | undefined): Pick<HandlerTable, AdminChannel> {
  if (!admin) return unavailable();
  return {
    ...adminSetupHandlers(admin),
    ...adminSessionHandlers(admin),
    ...adminStaffHandlers(admin),
    ...adminGroupsHandlers(admin),
    ...adminPolicyHandlers(admin),
    ...adminModemHandlers(admin),
    ...adminLogsHandlers(admin),
  };
}

function unavailable(): Pick<HandlerTable, AdminChannel> {
  const table: Record<string, () => ReturnType<typeof fail>> = {};
  for (const name of Object.keys(channels)) {
    if (name.startsWith('admin.') || name.startsWith('setup.')) {
      table[name] = () => fail('not_signed_in', 'The admin screen is not available here.');
    }
  }
  return table as unknown as Pick<HandlerTable, AdminChannel>;
}
