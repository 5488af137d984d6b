// The sign-in flow: number → code → (PIN) → session, with every failure either a line under the
// field or a full screen (lib/errors.ts decides which).
import type {
  ChallengeView,
  DeliveryStatus,
  FactorStepView,
  IpcError,
  VerifyStepView,
} from '../../../shared/ipc/contract';
import { kiosk } from '../api';
import { isLanguage } from '../i18n';
import { emptyCode, isComplete } from '../lib/code-input';
import { isInline, type InlineError, type ScreenCode } from '../lib/errors';
import { pressPhoneKey, sanitizePhone } from '../lib/phone-input';
import type { Slice } from './types';

export type SignInStep = 'phone' | 'code' | 'factor';
export type PendingAction = 'start' | 'resend' | 'verify' | 'factor';

export interface FullScreen {
  code: ScreenCode;
  error?: IpcError;
}

export interface SignInSlice {
  step: SignInStep;
  /** What was typed: digits and an optional leading "+"; formatted only for display. */
  phone: string;
  challenge: ChallengeView | null;
  code: string[];
  pending: PendingAction | null;
  /** A typing mistake, shown under the field. */
  inlineError: InlineError | null;
  /** Anything else: replaces the whole screen until the worker starts again. */
  screen: FullScreen | null;
  attemptsLeft: number | null;
  /** Set after a resend, so the code screen can say a new code is coming. */
  resent: boolean;
  delivery: DeliveryStatus;
  /** Bumped whenever the flow starts over, so late answers to an old flow are dropped. */
  flow: number;
  /** The second factor still to give: the PIN screen or "set your PIN". */
  factor: FactorStepView | null;
  /** Wrong PINs (or app codes) left, after a wrong one. */
  factorAttemptsLeft: number | null;
  /** Why the last factor answer was not accepted, shown on the factor screen. */
  factorError: IpcError | null;

  pressPhoneKey(key: string): void;
  setPhone(text: string): void;
  startSignIn(): Promise<void>;
  setCode(digits: string[]): void;
  verifyCode(): Promise<void>;
  resendCode(): Promise<void>;
  pollDelivery(): Promise<void>;
  /** The expiry countdown reached zero on screen. */
  codeExpired(): void;
  /** Back to the number, forgetting the number, the code and any error. */
  restart(): void;
  /**
   * The answer of any first factor (signin.verify, text-to-sign-in, registration): opens the
   * session, or shows the factor screen.
   */
  showStep(step: VerifyStepView): void;
  /** The PIN (or app code) for the factor step. */
  submitFactor(proof: string): Promise<void>;
  /** A new PIN, typed twice, for the "set your PIN" step. */
  submitNewPin(pin: string, confirm: string): Promise<void>;
}

export const initialSignIn = {
  step: 'phone' as SignInStep,
  phone: '',
  challenge: null as ChallengeView | null,
  code: [] as string[],
  pending: null as PendingAction | null,
  inlineError: null as InlineError | null,
  screen: null as FullScreen | null,
  attemptsLeft: null as number | null,
  resent: false,
  delivery: 'pending' as DeliveryStatus,
  factor: null as FactorStepView | null,
  factorAttemptsLeft: null as number | null,
  factorError: null as IpcError | null,
};

export const createSignInSlice: Slice<SignInSlice> = (set, get) => {
  /** Runs a request for the current flow; the answer is dropped if the flow moved on. */
  const inFlow = async <T>(action: PendingAction, call: () => Promise<T>) => {
    const flow = get().flow;
    set({ pending: action });
    const result = await call();
    if (get().flow !== flow) return undefined;
    set({ pending: null });
    return result;
  };

  const fail = (error: IpcError) => {
    if (isInline(error)) set({ inlineError: error });
    else set({ screen: { code: error.code, error }, inlineError: null });
  };

  const showChallenge = (challenge: ChallengeView, resent: boolean) =>
    set({
      step: 'code',
      challenge,
      code: emptyCode(challenge.codeLength),
      inlineError: null,
      screen: null,
      attemptsLeft: null,
      resent,
      delivery: 'pending',
    });

  return {
    ...initialSignIn,
    flow: 0,

    pressPhoneKey(key) {
      set({ phone: pressPhoneKey(get().phone, key), inlineError: null });
    },

    setPhone(text) {
      set({ phone: sanitizePhone(text), inlineError: null });
    },

    async startSignIn() {
      const { phone, pending } = get();
      if (pending) return;
      if (phone.replace(/\D/g, '') === '') {
        set({ inlineError: { code: 'phone_empty' } });
        return;
      }
      const result = await inFlow('start', () => kiosk.signin.start({ phone }));
      if (!result) return;
      if (result.ok) showChallenge(result.value, false);
      else fail(result.error);
    },

    setCode(digits) {
      set({ code: digits, inlineError: null });
    },

    async verifyCode() {
      const { challenge, code, pending } = get();
      if (!challenge || pending) return;
      if (!isComplete(code)) {
        set({ inlineError: { code: 'malformed_code' } });
        return;
      }
      const result = await inFlow('verify', () =>
        kiosk.signin.verify({ challengeId: challenge.challengeId, code: code.join('') }),
      );
      if (!result) return;
      if (result.ok) {
        get().showStep(result.value);
        return;
      }
      const error = result.error;
      if (error.code === 'wrong_code') {
        set({
          inlineError: { code: 'wrong_code', attemptsLeft: error.attemptsLeft },
          attemptsLeft: error.attemptsLeft ?? null,
          code: emptyCode(challenge.codeLength),
        });
        return;
      }
      if (error.code === 'malformed_code') {
        set({ inlineError: { code: 'malformed_code' }, code: emptyCode(challenge.codeLength) });
        return;
      }
      fail(error);
    },

    async resendCode() {
      const { challenge, pending } = get();
      if (!challenge || pending) return;
      const result = await inFlow('resend', () =>
        kiosk.signin.resend({ challengeId: challenge.challengeId }),
      );
      if (!result) return;
      if (result.ok) {
        showChallenge(result.value, true);
        return;
      }
      const error = result.error;
      if (error.code === 'resend_too_soon') {
        // Main's clock decides; move the on-screen cooldown to match it.
        const resendAt = error.retryAt ?? challenge.resendAt;
        set({
          inlineError: { code: 'resend_too_soon', retryAt: resendAt },
          challenge: { ...challenge, resendAt },
          screen: null,
        });
        return;
      }
      set({ step: 'code' });
      fail(error);
    },

    async pollDelivery() {
      const { challenge, step, screen, delivery } = get();
      if (!challenge || step !== 'code' || screen || delivery !== 'pending') return;
      const flow = get().flow;
      const result = await kiosk.signin.deliveryStatus({ challengeId: challenge.challengeId });
      const now = get();
      // Dropped when the flow moved on or a resend replaced the code meanwhile.
      if (now.flow !== flow || now.challenge?.expiresAt !== challenge.expiresAt) return;
      if (!result.ok) return;
      const status = result.value.status;
      if (status === 'failed') {
        set({ delivery: status, screen: { code: 'sms_not_delivered' } });
      } else if (status !== 'unknown') {
        set({ delivery: status });
      }
    },

    codeExpired() {
      const { step, screen, challenge } = get();
      if (step !== 'code' || screen || !challenge) return;
      set({
        screen: { code: 'code_expired', error: { code: 'code_expired', message: 'expired' } },
        inlineError: null,
      });
    },

    restart() {
      // A sign-in given up at (or after) the PIN step leaves the worker's language behind.
      const abandonedFactor = get().factor !== null;
      set({ ...initialSignIn, flow: get().flow + 1 });
      if (abandonedFactor) get().chooseLanguage(get().homeLanguage);
      if (!get().info) void get().loadInfo();
    },

    showStep(step) {
      if (step.state === 'signed_in') {
        set({ ...initialSignIn, flow: get().flow + 1 });
        get().beginSession(step.session);
        return;
      }
      set({
        ...initialSignIn,
        step: 'factor',
        factor: step,
        flow: get().flow + 1,
      });
      // The person is known from here on: the PIN screens speak their language, as Home does.
      if (isLanguage(step.user.language)) get().chooseLanguage(step.user.language);
    },

    async submitFactor(proof) {
      const { factor, pending } = get();
      if (!factor || pending) return;
      const result = await inFlow('factor', () =>
        kiosk.signin.factor({ pendingId: factor.pendingId, factor: factor.factor, proof }),
      );
      if (!result) return;
      if (result.ok) {
        get().showStep(result.value);
        return;
      }
      const error = result.error;
      // A wrong PIN stays on the PIN screen with the tries left; anything else is a screen.
      if (error.code === 'wrong_pin' || error.code === 'wrong_factor') {
        set({ factorError: error, factorAttemptsLeft: error.attemptsLeft ?? null });
        return;
      }
      set({ screen: { code: error.code, error }, factorError: null });
    },

    async submitNewPin(pin, confirm) {
      const { factor, pending } = get();
      if (!factor || pending) return;
      const result = await inFlow('factor', () =>
        kiosk.signin.setPin({ pendingId: factor.pendingId, pin, confirm }),
      );
      if (!result) return;
      if (result.ok) {
        get().showStep(result.value);
        return;
      }
      const error = result.error;
      if (error.code === 'pin_invalid') {
        set({ factorError: error });
        return;
      }
      set({ screen: { code: error.code, error }, factorError: null });
    },
  };
};
