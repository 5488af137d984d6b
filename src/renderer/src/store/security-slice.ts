// "My security info" (authenticator app set-up after a sign-in) and "Register my phone"
// (self-service registration with a manager's enrolment code). Errors show under the form.
import type { IpcError } from '../../../shared/ipc/contract';
import type {
  EnrolCodeSentView,
  MySecurityView,
  ProofCodeView,
  TotpOfferView,
} from '../../../shared/security';
import { kiosk } from '../api';
import type { Slice } from './types';

export type SecurityScreen = 'mine' | 'totp' | 'enrol' | 'appSignIn' | null;
export type EnrolStep = 'code' | 'phone' | 'sms' | 'pin' | 'done';

export interface EnrolState {
  step: EnrolStep;
  flowId: string | null;
  displayName: string;
  sent: EnrolCodeSentView | null;
  pinMinLength: number;
}

export interface SecuritySlice {
  securityScreen: SecurityScreen;
  mySecurity: MySecurityView | null;
  totpOffer: TotpOfferView | null;
  /** The code texted for the proof before set-up (people without a PIN). */
  totpProofSent: ProofCodeView | null;
  totpDone: boolean;
  securityBusy: boolean;
  securityError: IpcError | null;
  enrol: EnrolState;
  /** Policy: sign in with an authenticator app while the modem cannot send. */
  appSignInAllowed: boolean;

  loadSecurityOptions(): Promise<void>;
  openMySecurity(): Promise<void>;
  startTotpSetup(): Promise<void>;
  /** The PIN or the texted code; then the app's secret is shown. */
  proveForTotp(value: string): Promise<void>;
  confirmTotp(code: string): Promise<void>;
  openEnrol(): void;
  enrolStart(employeeId: string, code: string): Promise<void>;
  enrolSendCode(phone?: string): Promise<void>;
  enrolVerify(code: string): Promise<void>;
  enrolSetPin(pin: string): Promise<void>;
  openAppSignIn(): void;
  /** Employee ID + app code: opens the session or the factor screen (the sign-in slice's). */
  appSignIn(employeeId: string, code: string): Promise<void>;
  /** Back to where the worker was (home when signed in, else the number screen). */
  closeSecurity(): void;
  clearSecurityError(): void;
}

const freshEnrol = (): EnrolState => ({
  step: 'code',
  flowId: null,
  displayName: '',
  sent: null,
  pinMinLength: 4,
});

export const createSecuritySlice: Slice<SecuritySlice> = (set, get) => {
  /** Runs a call with the busy flag; an error goes under the form. */
  const run = async <T>(
    call: () => Promise<{ ok: true; value: T } | { ok: false; error: IpcError }>,
  ): Promise<T | undefined> => {
    if (get().securityBusy) return undefined;
    set({ securityBusy: true, securityError: null });
    const result = await call();
    set({ securityBusy: false });
    if (!result.ok) {
      set({ securityError: result.error });
      return undefined;
    }
    return result.value;
  };

  return {
    securityScreen: null,
    mySecurity: null,
    totpOffer: null,
    totpProofSent: null,
    totpDone: false,
    securityBusy: false,
    securityError: null,
    enrol: freshEnrol(),
    appSignInAllowed: false,

    async loadSecurityOptions() {
      const result = await kiosk.security.options({});
      if (result.ok) set({ appSignInAllowed: result.value.appSignInWhenModemDown });
    },

    async openMySecurity() {
      set({ securityScreen: 'mine', totpOffer: null, totpDone: false, securityError: null });
      const mine = await run(() => kiosk.security.mine({}));
      if (mine) set({ mySecurity: mine });
    },

    async startTotpSetup() {
      set({ securityScreen: 'totp', totpOffer: null, totpProofSent: null, totpDone: false });
      if (get().mySecurity?.totpProof !== 'sms') return;
      const sent = await run(() => kiosk.security.totpProofCode({}));
      if (sent) set({ totpProofSent: sent });
    },

    async proveForTotp(value) {
      const proof = get().mySecurity?.totpProof === 'sms' ? { code: value } : { pin: value };
      const offer = await run(() => kiosk.security.totpOffer(proof));
      if (offer) set({ totpOffer: offer, totpProofSent: null });
    },

    async confirmTotp(code) {
      const offer = get().totpOffer;
      if (!offer) return;
      const mine = await run(() =>
        kiosk.security.totpConfirm({ enrolmentId: offer.enrolmentId, code }),
      );
      if (mine) set({ mySecurity: mine, totpDone: true, totpOffer: null });
    },

    openEnrol() {
      set({ securityScreen: 'enrol', enrol: freshEnrol(), securityError: null });
    },

    async enrolStart(employeeId, code) {
      const started = await run(() => kiosk.enrol.start({ employeeId, code }));
      if (started) {
        set({
          enrol: {
            ...freshEnrol(),
            step: 'phone',
            flowId: started.flowId,
            displayName: started.displayName,
          },
        });
      }
    },

    async enrolSendCode(phone) {
      const { flowId } = get().enrol;
      if (!flowId) return;
      const sent = await run(() =>
        kiosk.enrol.sendCode(phone === undefined ? { flowId } : { flowId, phone }),
      );
      if (sent) set({ enrol: { ...get().enrol, step: 'sms', sent } });
    },

    async enrolVerify(code) {
      const { flowId } = get().enrol;
      if (!flowId) return;
      const step = await run(() => kiosk.enrol.verify({ flowId, code }));
      if (!step) return;
      set({
        enrol:
          step.next === 'pin'
            ? { ...get().enrol, step: 'pin', pinMinLength: step.pinMinLength }
            : { ...get().enrol, step: 'done', displayName: step.displayName },
      });
    },

    async enrolSetPin(pin) {
      const { flowId } = get().enrol;
      if (!flowId) return;
      const step = await run(() => kiosk.enrol.setPin({ flowId, pin }));
      if (step && step.next === 'done') {
        set({ enrol: { ...get().enrol, step: 'done', displayName: step.displayName } });
      }
    },

    openAppSignIn() {
      set({ securityScreen: 'appSignIn', securityError: null });
    },

    async appSignIn(employeeId, code) {
      const step = await run(() => kiosk.security.appSignIn({ employeeId, code }));
      if (!step) return;
      set({ securityScreen: null, securityError: null });
      get().showStep(step);
    },

    closeSecurity() {
      const { enrol, securityScreen } = get();
      if (securityScreen === 'enrol' && enrol.flowId && enrol.step !== 'done') {
        void kiosk.enrol.cancel({ flowId: enrol.flowId });
      }
      set({
        securityScreen: null,
        totpOffer: null,
        totpDone: false,
        securityError: null,
        securityBusy: false,
        enrol: freshEnrol(),
      });
    },

    clearSecurityError() {
      set({ securityError: null });
    },
  };
};
