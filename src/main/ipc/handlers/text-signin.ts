import type { TextOutcome, TextSignIn } from '../../auth/text-sign-in';
import type { VerifyStep } from '../../auth/engine';
import type { KioskSession } from '../../auth/kiosk-session';
import type { EventPayloads } from '../../../shared/ipc/contract';
import type { HandlerTable } from '../dispatcher';
import { stepView } from './signin';

/** Text-to-sign-in: the code the kiosk shows, and leaving the screen. */
export function textSignInHandlers(deps: {
  /** Absent when the kiosk has no modem to receive texts with. */
  textSignIn?: Pick<TextSignIn, 'begin' | 'cancel'>;
  kioskId: string;
}): Pick<HandlerTable, 'signin.textStart' | 'signin.textCancel'> {
  return {
    'signin.textStart': () =>
      deps.textSignIn
        ? deps.textSignIn.begin(deps.kioskId)
        : {
            ok: false,
            error: {
              code: 'method_not_allowed',
              message: 'Sign-in by text message is not available at this kiosk.',
            },
          },
    'signin.textCancel': ({ textId }) => ({
      ok: true,
      value: { cancelled: deps.textSignIn?.cancel(deps.kioskId, textId) ?? false },
    }),
  };
}

/** What the kiosk hears when a text matched its code: the same answer as signin.verify. */
export function textOutcomeEvent(
  outcome: TextOutcome<VerifyStep>,
  session: KioskSession,
): EventPayloads['signin.text'] {
  return {
    textId: outcome.textId,
    result:
      outcome.kind === 'matched'
        ? { ok: true, value: stepView(outcome.step, session) }
        : { ok: false, error: outcome.failure },
  };
}
