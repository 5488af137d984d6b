import type { AdminServices } from '../../admin';
import type { HandlerTable } from '../dispatcher';
import { typed } from './admin-gate';

export type SetupChannel = 'setup.status' | 'setup.start' | 'setup.resend' | 'setup.complete';

/** First-run setup: open to anyone, but only while the registry has no active manager. */
export function adminSetupHandlers(admin: AdminServices): Pick<HandlerTable, SetupChannel> {
  const { setup } = admin;
  return {
    'setup.status': () => ({ ok: true, value: setup.status() }),
    'setup.start': (request) => typed(() => setup.start(request)),
    'setup.resend': ({ setupId }) => typed(() => setup.resend(setupId)),
    'setup.complete': ({ setupId, code }) => typed(() => setup.complete(setupId, code)),
  };
}
