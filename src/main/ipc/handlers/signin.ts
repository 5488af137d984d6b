import type { SignInEngine, SignInFailure, VerifyStep } from '../../auth/engine';
import type { KioskSession } from '../../auth/kiosk-session';
import type { HandlerTable } from '../dispatcher';
import type { IpcError, VerifyStepView } from '../../../shared/ipc/contract';

/**
 * The one mapping from an engine step to what the kiosk sees: a session begins on this kiosk, or
 * the factor step goes out without any id but the pending one. Every first factor (SMS code,
 * authenticator app, text-to-sign-in, self-registration) answers through it.
 */
export function stepView(step: VerifyStep, session: KioskSession): VerifyStepView {
  if (step.state === 'signed_in') {
    return { state: 'signed_in', session: session.begin(step.signedIn) };
  }
  return {
    state: 'factor_required',
    pendingId: step.pendingId,
    factor: step.factor,
    setUp: step.setUp,
    until: step.until,
    user: { displayName: step.user.displayName, language: step.user.language },
    ...(step.pinMinLength !== undefined ? { pinMinLength: step.pinMinLength } : {}),
    ...(step.attemptsLeft !== undefined ? { attemptsLeft: step.attemptsLeft } : {}),
  };
}

export function signInHandlers(deps: {
  engine: SignInEngine;
  session: KioskSession;
  kioskId: string;
}): Pick<
  HandlerTable,
  | 'signin.start'
  | 'signin.resend'
  | 'signin.verify'
  | 'signin.deliveryStatus'
  | 'signin.factor'
  | 'signin.setPin'
  | 'session.changePin'
> {
  const { engine, session, kioskId } = deps;
  const answer = (
    result: { ok: true; value: VerifyStep } | { ok: false; error: SignInFailure },
  ): { ok: true; value: VerifyStepView } | { ok: false; error: IpcError } =>
    result.ok ? { ok: true, value: stepView(result.value, session) } : toIpc(result);
  return {
    'signin.start': async ({ phone }) => toIpc(await engine.start({ phone, kioskId })),
    'signin.resend': async ({ challengeId }) =>
      toIpc(await engine.resend({ challengeId, kioskId })),
    'signin.verify': async ({ challengeId, code }) =>
      answer(await engine.verify({ challengeId, code, kioskId })),
    'signin.deliveryStatus': ({ challengeId }) => ({
      ok: true,
      value: { status: engine.deliveryStatus(challengeId, kioskId) },
    }),
    'signin.factor': async ({ pendingId, factor, proof }) =>
      answer(await engine.provideFactorAsync({ pendingId, factor, proof: proof.trim(), kioskId })),
    'signin.setPin': ({ pendingId, pin, confirm }) => {
      if (pin !== confirm) {
        return {
          ok: false,
          error: {
            code: 'pin_invalid',
            message: 'The two PINs are not the same. Type them again.',
            field: 'confirm',
            params: { problem: 'mismatch' },
          },
        };
      }
      return answer(engine.setUpFactor({ pendingId, factor: 'pin', value: pin, kioskId }));
    },
    'session.changePin': async ({ old, pin, confirm }) => {
      const userId = session.userId();
      if (userId === null) {
        return { ok: false, error: { code: 'not_signed_in', message: 'You are not signed in.' } };
      }
      session.touch();
      if (pin !== confirm) {
        return {
          ok: false,
          error: {
            code: 'pin_invalid',
            message: 'The two new PINs are not the same. Type them again.',
            field: 'confirm',
            params: { problem: 'mismatch' },
          },
        };
      }
      return toIpc(await engine.changePinAsync({ userId, oldPin: old, newPin: pin, kioskId }));
    },
  };
}

function toIpc<T>(
  result: { ok: true; value: T } | { ok: false; error: SignInFailure },
): { ok: true; value: T } | { ok: false; error: IpcError } {
  return result;
}
