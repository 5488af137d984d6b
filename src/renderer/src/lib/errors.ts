// Which failures get a full screen and which a line under the field. A full screen is for
// anything the worker cannot fix by retyping; the line is for typing mistakes.
import type { TFunction } from 'i18next';
import type { ErrorCode, IpcError } from '../../../shared/ipc/contract';

/** Full screens that are not an IPC error code: the SMS failed after it was queued. */
export type LocalScreen = 'sms_not_delivered';
export type ScreenCode = ErrorCode | LocalScreen;

/** Errors shown beside the field they are about; everything else is a full screen. */
export const INLINE_CODES = [
  'invalid_phone',
  'country_not_allowed',
  'malformed_code',
  'wrong_code',
  'resend_too_soon',
] as const satisfies readonly ErrorCode[];

/** Inline codes plus the one the screen finds itself: nothing typed yet. */
export type InlineCode = (typeof INLINE_CODES)[number] | 'phone_empty';

export interface InlineError {
  code: InlineCode;
  retryAt?: number;
  attemptsLeft?: number;
}

export function isInline(error: IpcError): error is IpcError & { code: InlineCode } {
  return (INLINE_CODES as readonly string[]).includes(error.code);
}

/** Screens that offer "send a new code" for the same sign-in (the challenge still stands). */
export function canResendFrom(code: ScreenCode): boolean {
  return code === 'code_expired' || code === 'sms_not_delivered';
}

/**
 * When the worker may try again, for screens that say so: a timed lockout, the per-number cap.
 * null means "ask your manager" for a lock without an end.
 */
export function reopensAt(
  error: Pick<IpcError, 'code' | 'retryAt' | 'lockedUntil'>,
): number | null {
  if (error.code === 'locked') return error.lockedUntil ?? null;
  return error.retryAt ?? null;
}

/** Error codes main can send that the screens treat as "something went wrong, start again". */
export function isUnexpected(code: ErrorCode): boolean {
  return code === 'invalid_request' || code === 'internal' || code === 'forbidden_sender';
}

/**
 * The worker's words for a PIN main refused (pin_invalid): why, from its params (too short, one
 * digit repeated, …), in the screen's language; the general sentence when main gave no reason.
 */
export function pinErrorText(t: TFunction, error: Pick<IpcError, 'code' | 'params'>): string {
  const problem = error.params?.problem;
  if (typeof problem === 'string') {
    const words = t(`factor.problems.${problem}`, { ...error.params, defaultValue: '' });
    if (words) return words;
  }
  return t(`errors.screen.${error.code}.body`);
}
