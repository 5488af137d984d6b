// Text-to-sign-in: the kiosk shows a code and its number, the worker texts the code from their
// registered phone, and main tells the screen the outcome (the 'signin.text' event).
import type { EventPayloads, IpcError, TextCodeView } from '../../../shared/ipc/contract';
import { kiosk } from '../api';
import type { Slice } from './types';

export interface TextSignInSlice {
  /** The text screen is showing. */
  textOpen: boolean;
  textView: TextCodeView | null;
  textPending: boolean;
  /** The code ran out on screen before a matching text came. */
  textExpired: boolean;
  /** The kiosk could not make a code (e.g. it does not know its own number). */
  textError: IpcError | null;

  openTextSignIn(): Promise<void>;
  /** Back to the number screen; the code on screen stops working. */
  closeTextSignIn(): void;
  textCodeExpired(): void;
  /** main: a text matched the code on screen (or was refused after matching). */
  textOutcome(payload: EventPayloads['signin.text']): void;
}

const closed = {
  textOpen: false,
  textView: null as TextCodeView | null,
  textPending: false,
  textExpired: false,
  textError: null as IpcError | null,
};

export const createTextSignInSlice: Slice<TextSignInSlice> = (set, get) => ({
  ...closed,

  async openTextSignIn() {
    if (get().textPending) return;
    set({ ...closed, textOpen: true, textPending: true });
    const result = await kiosk.signin.textStart({});
    // The worker may have left meanwhile.
    if (!get().textOpen) {
      if (result.ok) void kiosk.signin.textCancel({ textId: result.value.textId });
      return;
    }
    if (result.ok) set({ textView: result.value, textPending: false });
    else set({ textError: result.error, textPending: false });
  },

  closeTextSignIn() {
    const view = get().textView;
    set({ ...closed });
    if (view) void kiosk.signin.textCancel({ textId: view.textId });
  },

  textCodeExpired() {
    if (get().textOpen && get().textView) set({ textExpired: true });
  },

  textOutcome({ textId, result }) {
    // Only the code this screen shows counts (a late event for an older code is dropped).
    if (!get().textOpen || get().textView?.textId !== textId) return;
    set({ ...closed });
    if (result.ok) {
      // The same step the typed-code path takes with signin.verify's answer (session or PIN).
      get().showStep(result.value);
      return;
    }
    set({ screen: { code: result.error.code, error: result.error } });
  },
});
