// Domain types and constants shared by main, the CLI and the renderer. No zod here: the
// renderer imports this file and should not carry the validation library (schemas.ts has it).

export const LANGUAGES = ['en', 'fi', 'es', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];

export const ROLES = ['worker', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export interface User {
  id: number;
  employeeId: string;
  displayName: string;
  /** E.164, or null when no phone is registered. */
  phone: string | null;
  role: Role;
  status: UserStatus;
  language: Language;
  consecutiveFailures: number;
  /** Epoch ms until which sign-in is refused, or null. */
  lockedUntil: number | null;
  /** Locked until a manager unlocks (after too many failures in a row). */
  lockedIndefinitely: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface Group {
  id: number;
  name: string;
  memberCount: number;
}
