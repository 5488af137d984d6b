import type { StateCreator } from 'zustand';
import type { KioskSlice } from './kiosk-slice';
import type { SecuritySlice } from './security-slice';
import type { SignInSlice } from './signin-slice';
import type { SessionSlice } from './session-slice';
import type { TextSignInSlice } from './text-signin-slice';

/** The whole renderer state: one store made of typed slices (DESIGN.md convention 8). */
export type KioskState = KioskSlice & SignInSlice & SessionSlice & TextSignInSlice & SecuritySlice;

export type Slice<T> = StateCreator<KioskState, [], [], T>;
