import type { AdminServices } from '../../admin';
import type { HandlerTable } from '../dispatcher';
import { adminOnly } from './admin-gate';

export type AdminGroupsChannel =
  | 'admin.groupsList'
  | 'admin.groupAdd'
  | 'admin.groupRename'
  | 'admin.groupDelete'
  | 'admin.groupMembers'
  | 'admin.resourcesList'
  | 'admin.resourceAdd'
  | 'admin.resourceDelete';

export function adminGroupsHandlers(admin: AdminServices): Pick<HandlerTable, AdminGroupsChannel> {
  const { session, groups } = admin;
  return {
    'admin.groupsList': adminOnly(session, () => groups.list()),
    'admin.groupAdd': adminOnly(session, ({ name }, { actor }) => groups.add(name, actor)),
    'admin.groupRename': adminOnly(session, ({ id, name }, { actor }) =>
      groups.rename(id, name, actor),
    ),
    'admin.groupDelete': adminOnly(session, ({ id }, { actor }) => {
      groups.delete(id, actor);
      return { deleted: true };
    }),
    'admin.groupMembers': adminOnly(session, ({ groupId, add, remove }, { actor }) =>
      groups.members(groupId, add ?? [], remove ?? [], actor),
    ),
    'admin.resourcesList': adminOnly(session, ({ groupId }) => groups.resources(groupId)),
    'admin.resourceAdd': adminOnly(session, ({ groupId, name, url }, { actor }) =>
      groups.addResource(groupId, name, url, actor),
    ),
    'admin.resourceDelete': adminOnly(session, ({ id }, { actor }) => {
      groups.deleteResource(id, actor);
      return { deleted: true };
    }),
  };
}
