// The gate in front of every admin channel: no signed-in manager, no action. A request from the
// manager also counts as activity (the 5-minute idle sign-out starts again). Errors an admin
// action throws on purpose become typed Results; anything else is left to the dispatcher.
import type { AdminSession } from '../../admin/admin-session';
import { managerActor } from '../../admin/admin-session';
import { toIpcError } from '../../admin/errors';
import type { User } from '../../../shared/domain';
import type { Channel, IpcResult, RequestOf, ResponseOf } from '../../../shared/ipc/contract';
import { fail, type Handler } from '../dispatcher';

export interface AdminCaller {
  user: User;
  /** The audit actor: manager:<employeeId>. */
  actor: string;
}

export const ADMIN_REQUIRED_MESSAGE = 'Sign in as a manager to use the admin screen.';

/** Runs `action`, turning the admin, registry and settings errors into typed Results. */
export async function typed<T>(action: () => T | Promise<T>): Promise<IpcResult<T>> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    const known = toIpcError(error);
    if (known) return { ok: false, error: known };
    throw error;
  }
}

/** A handler that needs a signed-in manager. */
export function adminOnly<C extends Channel>(
  session: AdminSession,
  action: (request: RequestOf<C>, caller: AdminCaller) => ResponseOf<C> | Promise<ResponseOf<C>>,
): Handler<C> {
  return (request) => {
    const user = session.manager();
    if (!user) return fail('admin_required', ADMIN_REQUIRED_MESSAGE);
    session.touch();
    return typed(() => action(request, { user, actor: managerActor(user) }));
  };
}
