// The renderer's one store (DESIGN.md convention 8): typed slices, actions beside state, and
// only api.ts between it and main. Components select just what they render.
import { create } from 'zustand';
import { kiosk } from '../api';
import { createSecuritySlice } from './security-slice';
import { createKioskSlice } from './kiosk-slice';
import { createSessionSlice } from './session-slice';
import { createSignInSlice } from './signin-slice';
import { createTextSignInSlice } from './text-signin-slice';
import type { KioskState } from './types';

export type { KioskState } from './types';

export const useKiosk = create<KioskState>()((...a) => ({
  ...createKioskSlice(...a),
  ...createSecuritySlice(...a),
  ...createSignInSlice(...a),
  ...createSessionSlice(...a),
  ...createTextSignInSlice(...a),
}));

/** Loads the kiosk and any session already running, and follows main's events. */
export function connectKiosk(): () => void {
  const state = useKiosk.getState;
  const off = [
    kiosk.on('modem.status', (status) => state().setModemStatus(status)),
    kiosk.on('session.expiring', ({ idleEndsAt }) => state().sessionExpiring(idleEndsAt)),
    kiosk.on('session.signedOut', ({ reason }) => state().signedOut(reason)),
    kiosk.on('signin.text', (payload) => state().textOutcome(payload)),
  ];
  void state().loadInfo();
  void state().loadSecurityOptions();
  void state().restoreSession();
  return () => off.forEach((unsubscribe) => unsubscribe());
}
