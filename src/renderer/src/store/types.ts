import type { StateCreator } from 'zustand';
import type { KioskSlice } from './kiosk-slice';
import type { SignInSlice } from './signin-slice';
import type { SessionSlice } from './session-slice';

/** The whole renderer state: one store made of typed slices (DESIGN.md convention 8). */
export type KioskState = KioskSlice & SignInSlice & SessionSlice;

export type Slice<T> = StateCreator<KioskState, [], [], T>;
