import type { AdminServices } from '../../admin';
import type { HandlerTable } from '../dispatcher';
import { AdminError } from '../../admin/errors';
import { typed } from './admin-gate';

export type SetupChannel =
  | 'setup.status'
  | 'setup.start'
  | 'setup.resend'
  | 'setup.complete'
  | 'setup.modemPorts'
  | 'setup.modemUsePort'
  | 'setup.testSms';

/** First-run setup: open to anyone, but only while the registry has no active manager. */
export function adminSetupHandlers(admin: AdminServices): Pick<HandlerTable, SetupChannel> {
  const { setup } = admin;
  return {
    'setup.status': () => ({ ok: true, value: setup.status() }),
    'setup.start': (request) => typed(() => setup.start(request)),
    'setup.resend': ({ setupId }) => typed(() => setup.resend(setupId)),
    'setup.complete': ({ setupId, code }) => typed(() => setup.complete(setupId, code)),
    // Slots for the wizard's modem step (being built).
    'setup.modemPorts': () => typed(notBuilt),
    'setup.modemUsePort': () => typed(notBuilt),
    'setup.testSms': () => typed(notBuilt),
  };
}

function notBuilt(): never {
  throw new AdminError('invalid_input', 'The modem step of the setup is not built yet.');
}
