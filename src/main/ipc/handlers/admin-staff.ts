import type { AdminServices } from '../../admin';
import type { HandlerTable } from '../dispatcher';
import { adminOnly } from './admin-gate';

export type AdminStaffChannel =
  | 'admin.staffList'
  | 'admin.staffGet'
  | 'admin.staffAdd'
  | 'admin.staffUpdate'
  | 'admin.staffDisable'
  | 'admin.staffEnable'
  | 'admin.staffDelete'
  | 'admin.staffSetPhone'
  | 'admin.staffPhoneCode'
  | 'admin.staffClearPhone'
  | 'admin.staffUnlock'
  | 'admin.staffImportPreview'
  | 'admin.staffImportCommit'
  | 'admin.staffExport';

export function adminStaffHandlers(admin: AdminServices): Pick<HandlerTable, AdminStaffChannel> {
  const { session, staff } = admin;
  return {
    'admin.staffList': adminOnly(session, (q) =>
      staff.list({
        search: q.search,
        status: q.status,
        groupId: q.groupId,
        offset: q.offset ?? 0,
        limit: q.limit ?? 100,
      }),
    ),
    'admin.staffGet': adminOnly(session, ({ id }) => staff.get(id)),
    'admin.staffAdd': adminOnly(session, (person, { actor }) => staff.add(person, actor)),
    'admin.staffUpdate': adminOnly(session, ({ id, ...patch }, { actor }) =>
      staff.update(id, patch, actor),
    ),
    'admin.staffDisable': adminOnly(session, ({ id }, { actor }) =>
      staff.setStatus(id, 'disabled', actor),
    ),
    'admin.staffEnable': adminOnly(session, ({ id }, { actor }) =>
      staff.setStatus(id, 'active', actor),
    ),
    'admin.staffDelete': adminOnly(session, ({ id }, { actor }) => {
      staff.delete(id, actor);
      return { deleted: true };
    }),
    'admin.staffSetPhone': adminOnly(session, ({ id, phone, confirmId, code }, { actor }) =>
      staff.setPhone(id, phone, actor, { confirmId, code }),
    ),
    'admin.staffPhoneCode': adminOnly(session, ({ id, phone }, { actor }) =>
      staff.sendPhoneCode(id, phone, actor),
    ),
    'admin.staffClearPhone': adminOnly(session, ({ id }, { actor }) =>
      staff.setPhone(id, null, actor),
    ),
    'admin.staffUnlock': adminOnly(session, ({ id }, { actor }) => staff.unlock(id, actor)),
    'admin.staffImportPreview': adminOnly(session, ({ csv }, { actor }) =>
      staff.preview(csv, actor),
    ),
    'admin.staffImportCommit': adminOnly(session, ({ csv }, { actor }) => staff.commit(csv, actor)),
    'admin.staffExport': adminOnly(session, (_request, { actor }) => staff.export(actor)),
  };
}
