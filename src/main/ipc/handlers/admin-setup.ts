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
  const { setup, modem } = admin;
  // The wizard's modem step, refused once a manager exists (then it is the admin screen's).
  const whileNeeded = <T>(action: () => T | Promise<T>) =>
    typed(() => {
      if (!setup.needed()) throw new AdminError('setup_not_needed', SET_UP_ALREADY);
      return action();
    });
  return {
    'setup.status': () => ({ ok: true, value: setup.status() }),
    'setup.start': (request) => typed(() => setup.start(request)),
    'setup.resend': ({ setupId }) => typed(() => setup.resend(setupId)),
    'setup.complete': ({ setupId, code, pin }) => typed(() => setup.complete(setupId, code, pin)),
    'setup.modemPorts': () => whileNeeded(() => modem.ports()),
    'setup.modemUsePort': ({ port }) => whileNeeded(() => modem.usePort(port, SETUP_ACTOR)),
    'setup.testSms': ({ phone }) => whileNeeded(() => modem.sendTest(phone, SETUP_ACTOR)),
  };
}

/** The audit actor of the wizard's modem step (no manager exists yet). */
const SETUP_ACTOR = 'setup';
const SET_UP_ALREADY =
  'This kiosk is already set up. A manager changes the modem from the admin screen.';
