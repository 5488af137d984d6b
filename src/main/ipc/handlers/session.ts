import type { KioskSession } from '../../auth/kiosk-session';
import type { HandlerTable } from '../dispatcher';

export function sessionHandlers(
  session: KioskSession,
): Pick<HandlerTable, 'session.current' | 'session.activity' | 'session.signOut'> {
  return {
    'session.current': () => ({ ok: true, value: session.view() }),
    'session.activity': () => ({ ok: true, value: session.touch() }),
    'session.signOut': () => ({ ok: true, value: { signedOut: session.end('user') } }),
  };
}
