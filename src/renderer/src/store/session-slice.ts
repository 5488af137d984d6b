// The signed-in session: who, their resources, and the idle sign-out that main runs.
import type { SessionView } from '../../../shared/ipc/contract';
import { kiosk } from '../api';
import { isLanguage } from '../i18n';
import { createThrottle } from '../lib/throttle';
import { wipeWebStorage } from '../lib/wipe-storage';
import { initialSignIn } from './signin-slice';
import type { Slice } from './types';

export type SignOutReason = 'user' | 'idle' | 'max_length' | 'revoked';

/** One activity ping per this many ms is enough to push the idle sign-out back. */
export const ACTIVITY_INTERVAL_MS = 5_000;

export interface SessionSlice {
  session: SessionView | null;
  /** Set by the session.expiring event: when the idle sign-out happens unless there is activity. */
  idleWarningUntil: number | null;
  /** Why the last session ended, for a line on the first screen. */
  signedOutReason: SignOutReason | null;
  restoreSession(): Promise<void>;
  beginSession(session: SessionView): void;
  /** Pointer or key activity; throttled. */
  reportActivity(now?: number): void;
  /** The "I'm still here" button: not throttled. */
  stillHere(): Promise<void>;
  signOut(): Promise<void>;
  sessionExpiring(idleEndsAt: number): void;
  /** Main ended the session (or we did): back to the first screen with nothing left over. */
  signedOut(reason: SignOutReason): void;
  dismissSignedOutNotice(): void;
}

export const createSessionSlice: Slice<SessionSlice> = (set, get) => {
  const throttle = createThrottle(ACTIVITY_INTERVAL_MS);

  const touch = async () => {
    const result = await kiosk.session.activity({});
    if (!result.ok) return;
    if (result.value === null) {
      if (get().session) get().signedOut('idle');
      return;
    }
    set({ session: result.value, idleWarningUntil: null });
  };

  return {
    session: null,
    idleWarningUntil: null,
    signedOutReason: null,

    async restoreSession() {
      const result = await kiosk.session.current({});
      if (result.ok && result.value) get().beginSession(result.value);
    },

    beginSession(session) {
      throttle.reset();
      set({ session, idleWarningUntil: null, signedOutReason: null });
      const language = session.user.language;
      if (isLanguage(language)) get().chooseLanguage(language);
    },

    reportActivity(now = Date.now()) {
      if (!get().session) return;
      // While the warning shows, every touch counts: it must go away at once.
      if (!throttle.take(now) && get().idleWarningUntil === null) return;
      void touch();
    },

    async stillHere() {
      throttle.take(Date.now());
      await touch();
    },

    async signOut() {
      await kiosk.session.signOut({});
      // main also sends session.signedOut; doing it here too keeps the screen right without it.
      get().signedOut('user');
    },

    sessionExpiring(idleEndsAt) {
      if (get().session) set({ idleWarningUntil: idleEndsAt });
    },

    signedOut(reason) {
      const wasSignedIn = get().session !== null;
      wipeWebStorage();
      throttle.reset();
      set({
        ...initialSignIn,
        flow: get().flow + 1,
        session: null,
        idleWarningUntil: null,
        signedOutReason: wasSignedIn || reason !== 'user' ? reason : get().signedOutReason,
      });
      get().chooseLanguage(get().homeLanguage);
    },

    dismissSignedOutNotice() {
      if (get().signedOutReason) set({ signedOutReason: null });
    },
  };
};
