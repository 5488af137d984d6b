// The admin subsystem's one error class (DESIGN.md convention 3) and the mapping of every error
// an admin action may meet (registry, settings, admin) to a typed IPC error.
import { ConfigError } from '../config/config-store';
import { RegistryError } from '../registry/registry-service';
import type { ErrorCode, IpcError } from '../../shared/ipc/contract';

/**
 * Codes of AdminError (a subset of the contract's ErrorCode):
 * - admin_required: no manager is signed in on the admin screen.
 * - invalid_input / invalid_settings / invalid_phone: a field failed its check (message says which).
 * - user_not_found / group_not_found / resource_not_found.
 * - last_manager: the change would leave the site with no active manager.
 * - setup_not_needed: first-run setup was asked for but a manager exists.
 * - wrong_recovery_code: the recovery code (or the employee ID with it) is not right.
 * - rate_limited / resend_too_soon / locked: try again at retryAt.
 * - challenge_not_found / code_expired / wrong_code / code_dead: the setup code's checks.
 * - sms_unavailable / country_not_allowed: a text message cannot be sent.
 * - kiosk_cap_reached / daily_cap_reached / too_many_codes: a send cap (the toll-fraud guard).
 * - phone_not_confirmed / malformed_code: confirmNewPhones wants the code sent to the new phone.
 */
export type AdminErrorCode = Extract<
  ErrorCode,
  | 'admin_required'
  | 'invalid_input'
  | 'invalid_settings'
  | 'invalid_phone'
  | 'duplicate_phone'
  | 'duplicate_employee_id'
  | 'duplicate_group'
  | 'user_not_found'
  | 'group_not_found'
  | 'resource_not_found'
  | 'last_manager'
  | 'setup_not_needed'
  | 'wrong_recovery_code'
  | 'rate_limited'
  | 'resend_too_soon'
  | 'locked'
  | 'challenge_not_found'
  | 'code_expired'
  | 'wrong_code'
  | 'code_dead'
  | 'sms_unavailable'
  | 'country_not_allowed'
  | 'kiosk_cap_reached'
  | 'daily_cap_reached'
  | 'too_many_codes'
  | 'malformed_code'
  | 'phone_not_confirmed'
>;

export class AdminError extends Error {
  constructor(
    readonly code: AdminErrorCode,
    message: string,
    readonly extra: Pick<IpcError, 'field' | 'params' | 'retryAt' | 'attemptsLeft'> = {},
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

/** The typed error for anything an admin action throws on purpose; undefined for a real crash. */
export function toIpcError(error: unknown): IpcError | undefined {
  if (error instanceof AdminError) {
    return { code: error.code, message: error.message, ...error.extra };
  }
  if (error instanceof RegistryError) {
    return { code: error.code, message: error.message, ...error.detail };
  }
  if (error instanceof ConfigError) {
    return { code: 'invalid_settings', message: error.message, ...error.detail };
  }
  return undefined;
}
