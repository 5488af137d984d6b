import type { AdminServices } from '../../admin';
import type { HandlerTable } from '../dispatcher';
import { adminOnly } from './admin-gate';

export type AdminLogsChannel =
  'admin.signInLog' | 'admin.signInLogExport' | 'admin.auditLog' | 'admin.auditLogExport';

export function adminLogsHandlers(admin: AdminServices): Pick<HandlerTable, AdminLogsChannel> {
  const { session, logs } = admin;
  return {
    'admin.signInLog': adminOnly(session, ({ offset, limit, ...filter }) =>
      logs.signInLog({ ...filter, offset: offset ?? 0, limit: limit ?? 100 }),
    ),
    'admin.signInLogExport': adminOnly(session, (filter, { actor }) =>
      logs.exportSignInLog(filter, actor),
    ),
    'admin.auditLog': adminOnly(session, ({ offset, limit }) =>
      logs.auditLog({ offset: offset ?? 0, limit: limit ?? 100 }),
    ),
    'admin.auditLogExport': adminOnly(session, (_request, { actor }) => logs.exportAuditLog(actor)),
  };
}
