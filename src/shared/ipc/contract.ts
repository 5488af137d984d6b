// The one place that declares every IPC channel (DESIGN.md "The IPC contract"): its name, the
// zod schema of its request, and the type of its response. No channel string is written
// anywhere else. Every response is a Result; the renderer never sees a thrown Error.
import { z } from 'zod';
import type { Result } from '../result';
import type { Language, Role } from '../domain';
import type { CHANNEL_NAMES } from './kiosk-api';

/** Closed set of error codes a response can carry. */
export const ERROR_CODES = [
  // sign-in (see src/main/auth/engine.ts SignInFailureCode)
  'sms_sign_in_disabled',
  'invalid_phone',
  'country_not_allowed',
  'sms_unavailable',
  'kiosk_cap_reached',
  'daily_cap_reached',
  'too_many_codes',
  'not_registered',
  'method_not_allowed',
  'locked',
  'resend_too_soon',
  'challenge_not_found',
  'wrong_kiosk',
  'malformed_code',
  'code_expired',
  'wrong_code',
  'code_dead',
  'code_used',
  'code_superseded',
  // transport and session
  'invalid_request',
  'not_signed_in',
  'forbidden_sender',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface IpcError {
  code: ErrorCode;
  message: string;
  retryAt?: number;
  lockedUntil?: number | null;
  attemptsLeft?: number;
}

export type IpcResult<T> = Result<T, IpcError>;

export interface ChallengeView {
  challengeId: string;
  maskedPhone: string;
  codeLength: number;
  expiresAt: number;
  resendAt: number;
}

export interface ResourceLink {
  name: string;
  url: string;
}

export interface SessionView {
  user: { displayName: string; language: Language; role: Role };
  resources: ResourceLink[];
  startedAt: number;
  expiresAt: number;
  /** When the session ends unless there is activity (the idle sign-out). */
  idleEndsAt: number;
  idleWarningSeconds: number;
}

export type ModemStatusView =
  | { state: 'ready'; operator?: string; signalDbm: number | null }
  | { state: 'down'; reason: string }
  | { state: 'none'; reason: string };

export interface KioskInfo {
  siteName: string;
  defaultCountry: string;
  kioskId: string;
  codeLengthDefault: number;
  languages: Language[];
  modem: ModemStatusView;
  /** Only in the browser demo: a simulator stands in for the modem and phones. */
  demo: boolean;
}

export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'unknown';

const challengeId = z.string().regex(/^[0-9a-f]{32}$/, 'not a sign-in id');
const empty = z.object({}).strict();

export const channels = {
  'kiosk.info': { request: empty, response: null as unknown as KioskInfo },
  'signin.start': {
    request: z.object({ phone: z.string().min(1).max(40) }).strict(),
    response: null as unknown as ChallengeView,
  },
  'signin.resend': {
    request: z.object({ challengeId }).strict(),
    response: null as unknown as ChallengeView,
  },
  'signin.verify': {
    request: z.object({ challengeId, code: z.string().min(1).max(16) }).strict(),
    response: null as unknown as SessionView,
  },
  'signin.deliveryStatus': {
    request: z.object({ challengeId }).strict(),
    response: null as unknown as { status: DeliveryStatus },
  },
  'session.current': { request: empty, response: null as unknown as SessionView | null },
  /** The worker touched the screen: pushes the idle sign-out back. */
  'session.activity': { request: empty, response: null as unknown as SessionView | null },
  'session.signOut': { request: empty, response: null as unknown as { signedOut: boolean } },
} as const;

export type Channel = keyof typeof channels;
export type RequestOf<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type ResponseOf<C extends Channel> = (typeof channels)[C]['response'];

/** Events main pushes to the renderer. */
export interface EventPayloads {
  'modem.status': ModemStatusView;
  'session.expiring': { idleEndsAt: number };
  'session.signedOut': { reason: 'user' | 'idle' | 'max_length' };
}
export type EventName = keyof EventPayloads;

// The names and the API builder live in a zod-free file so the sandboxed preload bundle stays
// small; they are re-exported here for everyone else.
export { CHANNEL_NAMES, EVENT_NAMES, buildKioskApi } from './kiosk-api';
export type { KioskApi, KioskTransport } from './kiosk-api';

// Compile-time proof that the name list and the channel table agree.
type Missing = Exclude<Channel, (typeof CHANNEL_NAMES)[number]>;
type Extra = Exclude<(typeof CHANNEL_NAMES)[number], Channel>;
const namesMatchChannels: [Missing, Extra] extends [never, never] ? true : never = true;
void namesMatchChannels;
