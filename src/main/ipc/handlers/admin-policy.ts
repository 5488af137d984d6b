import type { AdminServices } from '../../admin';
import type { HandlerTable } from '../dispatcher';
import { adminOnly } from './admin-gate';

export function adminPolicyHandlers(
  admin: AdminServices,
): Pick<HandlerTable, 'admin.policyGet' | 'admin.policyUpdate'> {
  const { session, policy } = admin;
  return {
    'admin.policyGet': adminOnly(session, () => policy.view()),
    'admin.policyUpdate': adminOnly(session, ({ patch }, { actor }) => policy.update(patch, actor)),
  };
}
