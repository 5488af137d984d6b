import type { SignInEngine, SignInFailure } from '../../auth/engine';
import type { KioskSession } from '../../auth/kiosk-session';
import type { HandlerTable } from '../dispatcher';
import type { IpcError } from '../../../shared/ipc/contract';

export function signInHandlers(deps: {
  engine: SignInEngine;
  session: KioskSession;
  kioskId: string;
}): Pick<
  HandlerTable,
  'signin.start' | 'signin.resend' | 'signin.verify' | 'signin.deliveryStatus'
> {
  const { engine, session, kioskId } = deps;
  return {
    'signin.start': async ({ phone }) => toIpc(await engine.start({ phone, kioskId })),
    'signin.resend': async ({ challengeId }) =>
      toIpc(await engine.resend({ challengeId, kioskId })),
    'signin.verify': ({ challengeId, code }) => {
      const result = engine.verify({ challengeId, code, kioskId });
      return result.ok ? { ok: true, value: session.begin(result.value) } : toIpc(result);
    },
    'signin.deliveryStatus': ({ challengeId }) => ({
      ok: true,
      value: { status: engine.deliveryStatus(challengeId, kioskId) },
    }),
  };
}

function toIpc<T>(
  result: { ok: true; value: T } | { ok: false; error: SignInFailure },
): { ok: true; value: T } | { ok: false; error: IpcError } {
  return result;
}
