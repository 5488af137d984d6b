// Every admin call goes through here. An 'admin_required' answer means the admin session ended
// (5 minutes idle, signed out elsewhere, the manager lost the role), so the admin screen goes
// back to its sign-in whichever section made the call.
import type { IpcResult } from '../../../shared/ipc/contract';

const sessionLostListeners = new Set<() => void>();

export function onAdminSessionLost(listener: () => void): () => void {
  sessionLostListeners.add(listener);
  return () => sessionLostListeners.delete(listener);
}

export async function callAdmin<T>(call: Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  const result = await call;
  if (!result.ok && result.error.code === 'admin_required') {
    sessionLostListeners.forEach((listener) => listener());
  }
  return result;
}
