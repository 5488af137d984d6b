// The one place that declares every IPC channel (DESIGN.md "The IPC contract"): its name, the
// zod schema of its request, and the type of its response. No channel string is written
// anywhere else. Every response is a Result; the renderer never sees a thrown Error.
import { z } from 'zod';
import type { Result } from '../result';
import type { Language, Role } from '../domain';
import type { CHANNEL_NAMES } from './kiosk-api';
import { LANGUAGES, ROLES, USER_STATUSES } from '../domain';
import { SECOND_FACTORS, type SecondFactor } from '../policy';
import { SIGN_IN_RESULTS } from '../admin';
import type {
  AdminSignInStep,
  AdminSignOutReason,
  AdminView,
  AuditLogPage,
  AddedPersonView,
  CsvExport,
  GroupView,
  ImportReportView,
  ModemIdentityView,
  ModemPanelView,
  ModemPortsView,
  PersonView,
  PhoneCodeView,
  PolicyView,
  RecoveredView,
  ResourceView,
  SetupChallengeView,
  SetupDone,
  SetupStatus,
  SignInLogPage,
  StaffPage,
  TestSmsView,
} from '../admin';
import type {
  EnrolCodeSentView,
  EnrolmentCodeView,
  EnrolStartedView,
  EnrolStepView,
  MySecurityView,
  SecurityOptionsView,
  ProofCodeView,
  StaffSecurityView,
  TotpOfferView,
} from '../security';

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
  // self-service registration (src/main/auth/enrolment.ts EnrolFailureCode)
  'wrong_enrolment_code',
  'enrolment_ended',
  'phone_in_use',
  'pin_invalid',
  // access conditions and second factors (src/main/auth/engine.ts)
  'not_allowed_here',
  'outside_hours',
  'wrong_pin',
  'pin_locked',
  'wrong_factor',
  'factor_locked',
  'factor_not_set_up',
  'factor_unavailable',
  // transport and session
  'invalid_request',
  'not_signed_in',
  'forbidden_sender',
  'internal',
] as const;

/**
 * Codes only the admin screen and first-run setup answer with. Kept apart from
 * ERROR_CODES, whose every code has a worker error screen; the admin screen words these itself.
 */
export const ADMIN_ERROR_CODES = [
  'admin_required',
  'invalid_input',
  'invalid_settings',
  'duplicate_phone',
  'duplicate_employee_id',
  'duplicate_group',
  'user_not_found',
  'group_not_found',
  'resource_not_found',
  'last_manager',
  'setup_not_needed',
  'wrong_recovery_code',
  'rate_limited',
  // confirmNewPhones: admin.staffSetPhone without the right code from admin.staffPhoneCode
  'phone_not_confirmed',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number] | (typeof ADMIN_ERROR_CODES)[number];

/**
 * What a screen words an error by: the code, the field it concerns and its parameters (e.g.
 * `{problem: 'too_big', max: 100}`), in the screen's language. `message` is main's English, for
 * logs, the CLI and tests; screens do not show it.
 */
export type ErrorParams = Record<string, string | number>;

export interface IpcError {
  code: ErrorCode;
  message: string;
  /** The input the error is about (e.g. 'displayName', 'phone', a policy key). */
  field?: string;
  params?: ErrorParams;
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
  user: {
    displayName: string;
    language: Language;
    role: Role;
    /** Has a PIN to change (no "Change PIN" otherwise). */
    hasPin: boolean;
  };
  resources: ResourceLink[];
  startedAt: number;
  expiresAt: number;
  /** When the session ends unless there is activity (the idle sign-out). */
  idleEndsAt: number;
  idleWarningSeconds: number;
}

/** A second factor still to give after the first; see engine.ts VerifyStep. */
export interface FactorStepView {
  state: 'factor_required';
  pendingId: string;
  factor: SecondFactor;
  /** The person has no PIN yet: the kiosk asks them to set one now. */
  setUp: boolean;
  until: number;
  user: { displayName: string; language: Language };
  pinMinLength?: number;
  /** Wrong PINs left before the PIN locks. */
  attemptsLeft?: number;
}

/** What signin.verify (and the other first factors) answer. */
export type VerifyStepView = { state: 'signed_in'; session: SessionView } | FactorStepView;

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
  /** Text-to-sign-in: on when the policy allows it and the kiosk knows its own number. */
  textSignIn?: { enabled: boolean };
}

export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'unknown';

/** The code the kiosk shows for text-to-sign-in, the number to text it to, and its expiry. */
export interface TextCodeView {
  textId: string;
  code: string;
  number: string;
  expiresAt: number;
}

const challengeId = z.string().regex(/^[0-9a-f]{32}$/, 'not a sign-in id');
const empty = z.object({}).strict();

// Admin request pieces. Field contents (names, employee IDs, numbers) are validated again by
// the registry with its own messages; these bounds keep untrusted payloads small and typed.
const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const byId = z.object({ id }).strict();
const text = (max: number) => z.string().max(max);
const phoneText = z.string().min(1).max(40);
const code = z.string().min(1).max(16);
/** A serial device path such as /dev/ttyUSB2 or COM3. */
const modemPort = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\0\r\n]+$/, 'not a port name');
const userFields = {
  displayName: text(200),
  phone: text(40).optional(),
  role: z.enum(ROLES).optional(),
  language: z.enum(LANGUAGES).optional(),
  groups: z.array(text(100)).max(50).optional(),
};
/** Up to 5 MB of CSV text (about 100,000 staff rows). */
const csvText = z.string().max(5_000_000, 'The CSV file is larger than 5 MB.');
const epoch = z.number().int().min(0).max(8.64e15);
const signInLogFilter = {
  employeeId: text(64).optional(),
  result: z.enum(SIGN_IN_RESULTS).optional(),
  from: epoch.optional(),
  to: epoch.optional(),
};
const page = (maxLimit: number) => ({
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(maxLimit).default(100),
});

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
    response: null as unknown as VerifyStepView,
  },
  /** The next second factor of a pending sign-in. */
  'signin.factor': {
    request: z
      .object({
        pendingId: challengeId,
        factor: z.enum(SECOND_FACTORS),
        proof: z.string().min(1).max(16),
      })
      .strict(),
    response: null as unknown as VerifyStepView,
  },
  /** Sets the PIN of a person who has none, during sign-in (setUp: true). */
  'signin.setPin': {
    request: z
      .object({
        pendingId: challengeId,
        pin: z.string().min(1).max(16),
        confirm: z.string().min(1).max(16),
      })
      .strict(),
    response: null as unknown as VerifyStepView,
  },
  'signin.deliveryStatus': {
    request: z.object({ challengeId }).strict(),
    response: null as unknown as { status: DeliveryStatus },
  },
  /** Text-to-sign-in: a code for the worker to text to the kiosk's number (replaces any before). */
  'signin.textStart': { request: empty, response: null as unknown as TextCodeView },
  'signin.textCancel': {
    request: z
      .object({ textId: z.string().regex(/^[0-9a-f]{32}$/, 'not a text sign-in id') })
      .strict(),
    response: null as unknown as { cancelled: boolean },
  },
  'session.current': { request: empty, response: null as unknown as SessionView | null },
  /** The worker touched the screen: pushes the idle sign-out back. */
  'session.activity': { request: empty, response: null as unknown as SessionView | null },
  'session.signOut': { request: empty, response: null as unknown as { signedOut: boolean } },
  /** The signed-in worker changes their PIN: the old one, then the new one twice. */
  'session.changePin': {
    request: z
      .object({
        old: z.string().min(1).max(16),
        pin: z.string().min(1).max(16),
        confirm: z.string().min(1).max(16),
      })
      .strict(),
    response: null as unknown as { changed: true },
  },

  // --- my security info and self-service registration ------------------------------
  'security.options': { request: empty, response: null as unknown as SecurityOptionsView },
  /** The signed-in worker's own factors. */
  'security.mine': { request: empty, response: null as unknown as MySecurityView },
  /**
   * A new authenticator-app secret for the signed-in worker; saved only once confirmed. Needs a
   * fresh proof: the PIN, or (without one) the code from security.totpProofCode.
   */
  'security.totpOffer': {
    request: z
      .object({
        pin: z.string().min(1).max(16).optional(),
        code: z.string().min(1).max(16).optional(),
      })
      .strict(),
    response: null as unknown as TotpOfferView,
  },
  /** Texts a code to the signed-in worker's phone, for the proof before adding an app. */
  'security.totpProofCode': { request: empty, response: null as unknown as ProofCodeView },
  'security.totpConfirm': {
    request: z.object({ enrolmentId: challengeId, code: z.string().min(1).max(16) }).strict(),
    response: null as unknown as MySecurityView,
  },
  /** Employee ID + authenticator-app code instead of SMS, while the modem cannot send. */
  'security.appSignIn': {
    request: z
      .object({ employeeId: z.string().min(1).max(100), code: z.string().min(1).max(16) })
      .strict(),
    response: null as unknown as VerifyStepView,
  },
  /** Employee ID + the enrolment code from the manager's slip. */
  'enrol.start': {
    request: z
      .object({ employeeId: z.string().min(1).max(100), code: z.string().min(1).max(40) })
      .strict(),
    response: null as unknown as EnrolStartedView,
  },
  /** Texts a code to the number typed (or, without phone, again to the same number). */
  'enrol.sendCode': {
    request: z
      .object({ flowId: challengeId, phone: z.string().min(1).max(40).optional() })
      .strict(),
    response: null as unknown as EnrolCodeSentView,
  },
  'enrol.verify': {
    request: z.object({ flowId: challengeId, code: z.string().min(1).max(16) }).strict(),
    response: null as unknown as EnrolStepView,
  },
  'enrol.setPin': {
    request: z.object({ flowId: challengeId, pin: z.string().min(1).max(16) }).strict(),
    response: null as unknown as EnrolStepView,
  },
  'enrol.cancel': {
    request: z.object({ flowId: challengeId }).strict(),
    response: null as unknown as { cancelled: boolean },
  },

  // --- first-run setup: only while the registry has no active manager ----------------------
  'setup.status': { request: empty, response: null as unknown as SetupStatus },
  /** Checks the answers and texts a code to the first manager's phone. */
  'setup.start': {
    request: z
      .object({
        siteName: text(100),
        kioskName: text(100),
        defaultCountry: text(2),
        /** IANA time zone of the site; without it the site keeps its zone (UTC on a new one). */
        timeZone: text(64).optional(),
        manager: z
          .object({
            displayName: text(200),
            employeeId: text(100),
            phone: phoneText,
            language: z.enum(LANGUAGES).optional(),
          })
          .strict(),
      })
      .strict(),
    response: null as unknown as SetupChallengeView,
  },
  /** The modem step of the wizard: the same as the admin channels, only while setup is needed. */
  'setup.modemPorts': { request: empty, response: null as unknown as ModemPortsView },
  'setup.modemUsePort': {
    request: z.object({ port: modemPort.nullable() }).strict(),
    response: null as unknown as ModemPortsView,
  },
  'setup.testSms': {
    request: z.object({ phone: phoneText }).strict(),
    response: null as unknown as TestSmsView,
  },
  'setup.resend': {
    request: z.object({ setupId: challengeId }).strict(),
    response: null as unknown as SetupChallengeView,
  },
  /** The code from the SMS: creates the site, the manager and the recovery code (shown once). */
  'setup.complete': {
    /** pin: the first manager's PIN; without it they set one at their first admin sign-in. */
    request: z.object({ setupId: challengeId, code, pin: code.optional() }).strict(),
    response: null as unknown as SetupDone,
  },

  // --- admin session --------------------------------------------------------------------------
  /** The manager's number: a code is sent through the sign-in engine (same rules as workers). */
  'admin.start': {
    request: z.object({ phone: phoneText }).strict(),
    response: null as unknown as ChallengeView,
  },
  'admin.resend': {
    request: z.object({ challengeId }).strict(),
    response: null as unknown as ChallengeView,
  },
  'admin.verify': {
    request: z.object({ challengeId, code }).strict(),
    response: null as unknown as AdminSignInStep,
  },
  /** The next further factor (e.g. the PIN) after a correct SMS code at the admin entry. */
  'admin.factor': {
    request: z.object({ factor: z.enum(['pin', 'totp']), proof: text(64) }).strict(),
    response: null as unknown as AdminSignInStep,
  },
  /** A manager without a PIN sets one at the admin entry (factor_required with setUp). */
  'admin.setPin': {
    request: z.object({ pin: code, confirm: code }).strict(),
    response: null as unknown as AdminSignInStep,
  },
  /** Signs a manager in with the site's recovery code when no manager can receive SMS. */
  'admin.recover': {
    request: z.object({ employeeId: text(100), recoveryCode: text(64) }).strict(),
    response: null as unknown as RecoveredView,
  },
  'admin.current': { request: empty, response: null as unknown as AdminView | null },
  /** The manager touched the screen: pushes the admin idle sign-out back. */
  'admin.activity': { request: empty, response: null as unknown as AdminView | null },
  'admin.signOut': { request: empty, response: null as unknown as { signedOut: boolean } },
  /** A new recovery code (the old one stops working); shown once. */
  'admin.newRecoveryCode': {
    request: empty,
    response: null as unknown as { recoveryCode: string; createdAt: number },
  },

  // --- staff ----------------------------------------------------------------------------------
  'admin.staffList': {
    request: z
      .object({
        search: text(100).optional(),
        status: z.enum(USER_STATUSES).optional(),
        groupId: id.optional(),
        ...page(500),
      })
      .strict(),
    response: null as unknown as StaffPage,
  },
  'admin.staffGet': { request: byId, response: null as unknown as PersonView },
  'admin.staffAdd': {
    request: z
      .object({ employeeId: text(100), ...userFields, status: z.enum(USER_STATUSES).optional() })
      .strict(),
    response: null as unknown as AddedPersonView,
  },
  'admin.staffUpdate': {
    request: z
      .object({
        id,
        displayName: userFields.displayName.optional(),
        role: userFields.role,
        language: userFields.language,
        groups: userFields.groups,
      })
      .strict(),
    response: null as unknown as PersonView,
  },
  'admin.staffDisable': { request: byId, response: null as unknown as PersonView },
  'admin.staffEnable': { request: byId, response: null as unknown as PersonView },
  'admin.staffDelete': { request: byId, response: null as unknown as { deleted: boolean } },
  /** With confirmNewPhones on, confirmId + code from admin.staffPhoneCode are required. */
  'admin.staffSetPhone': {
    request: z
      .object({
        id,
        phone: phoneText,
        confirmId: z
          .string()
          .regex(/^[0-9a-f]{32}$/, 'not a confirmation id')
          .optional(),
        code: code.optional(),
      })
      .strict(),
    response: null as unknown as PersonView,
  },
  /** Texts a code to a new phone for a person (confirmNewPhones); the number is checked first. */
  'admin.staffPhoneCode': {
    request: z.object({ id, phone: phoneText }).strict(),
    response: null as unknown as PhoneCodeView,
  },
  'admin.staffClearPhone': { request: byId, response: null as unknown as PersonView },
  'admin.staffUnlock': { request: byId, response: null as unknown as PersonView },
  /** PIN, authenticator app and enrolment code of a person. */
  'admin.staffSecurity': { request: byId, response: null as unknown as StaffSecurityView },
  /** A one-time enrolment code (replaces any earlier one); shown once. */
  'admin.enrolmentIssue': { request: byId, response: null as unknown as EnrolmentCodeView },
  'admin.staffResetTotp': { request: byId, response: null as unknown as StaffSecurityView },
  /** Ends a person's PIN lock only; their SMS lock is admin.staffUnlock's. */
  'admin.staffUnlockPin': { request: byId, response: null as unknown as StaffSecurityView },
  /** Ends this kiosk's self-registration lock (too many wrong enrolment codes lately). */
  'admin.enrolmentClearKioskLock': {
    request: empty,
    response: null as unknown as { cleared: boolean },
  },
  /** Forgets a person's PIN (forgotten PIN): they set a new one at their next sign-in. */
  'admin.staffResetPin': { request: byId, response: null as unknown as { reset: boolean } },
  /** Dry run: the whole import inside a transaction that is rolled back. Nothing is written. */
  'admin.staffImportPreview': {
    request: z.object({ csv: csvText }).strict(),
    response: null as unknown as ImportReportView,
  },
  'admin.staffImportCommit': {
    request: z.object({ csv: csvText }).strict(),
    response: null as unknown as ImportReportView,
  },
  'admin.staffExport': { request: empty, response: null as unknown as CsvExport },

  // --- groups and their resources -------------------------------------------------------------
  'admin.groupsList': { request: empty, response: null as unknown as GroupView[] },
  'admin.groupAdd': {
    request: z.object({ name: text(100) }).strict(),
    response: null as unknown as GroupView,
  },
  'admin.groupRename': {
    request: z.object({ id, name: text(100) }).strict(),
    response: null as unknown as GroupView,
  },
  'admin.groupDelete': { request: byId, response: null as unknown as { deleted: boolean } },
  'admin.groupMembers': {
    request: z
      .object({
        groupId: id,
        add: z.array(id).max(10_000).default([]),
        remove: z.array(id).max(10_000).default([]),
      })
      .strict(),
    response: null as unknown as GroupView,
  },
  'admin.resourcesList': {
    request: z.object({ groupId: id }).strict(),
    response: null as unknown as ResourceView[],
  },
  'admin.resourceAdd': {
    request: z.object({ groupId: id, name: text(200), url: text(2100) }).strict(),
    response: null as unknown as ResourceView,
  },
  'admin.resourceDelete': { request: byId, response: null as unknown as { deleted: boolean } },

  // --- policy ---------------------------------------------------------------------------------
  'admin.policyGet': { request: empty, response: null as unknown as PolicyView },
  /** Changes the listed settings; each is checked against its bounds (src/shared/policy.ts). */
  'admin.policyUpdate': {
    request: z.object({ patch: z.record(text(64), z.unknown()) }).strict(),
    response: null as unknown as PolicyView,
  },

  // --- modem ----------------------------------------------------------------------------------
  /** refresh: read the modem's health now (a few AT commands) rather than the last reading. */
  'admin.modemPanel': {
    request: z
      .object({
        outboxLimit: z.number().int().min(1).max(500).default(50),
        refresh: z.boolean().default(false),
      })
      .strict(),
    response: null as unknown as ModemPanelView,
  },
  'admin.modemTestSms': {
    request: z.object({ phone: phoneText }).strict(),
    response: null as unknown as TestSmsView,
  },
  /** The serial ports this computer has, and which one the modem uses. */
  'admin.modemPorts': { request: empty, response: null as unknown as ModemPortsView },
  /** Uses this port for the modem from now on (kept across restarts); null: find it by probing. */
  'admin.modemUsePort': {
    request: z.object({ port: modemPort.nullable() }).strict(),
    response: null as unknown as ModemPortsView,
  },
  /** Accepts the modem and SIM now on the port as the kiosk's own; text-to-sign-in resumes. */
  'admin.modemConfirmIdentity': { request: empty, response: null as unknown as ModemIdentityView },

  // --- logs -----------------------------------------------------------------------------------
  'admin.signInLog': {
    request: z.object({ ...signInLogFilter, ...page(500) }).strict(),
    response: null as unknown as SignInLogPage,
  },
  'admin.signInLogExport': {
    request: z.object(signInLogFilter).strict(),
    response: null as unknown as CsvExport,
  },
  /** Newest first, with the result of walking the whole hash chain. */
  'admin.auditLog': {
    request: z.object(page(500)).strict(),
    response: null as unknown as AuditLogPage,
  },
  'admin.auditLogExport': { request: empty, response: null as unknown as CsvExport },
} as const;

export type Channel = keyof typeof channels;
export type RequestOf<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type ResponseOf<C extends Channel> = (typeof channels)[C]['response'];

/** Events main pushes to the renderer. */
export interface EventPayloads {
  'modem.status': ModemStatusView;
  'session.expiring': { idleEndsAt: number };
  'session.signedOut': { reason: 'user' | 'idle' | 'max_length' | 'revoked' };
  /** The admin session ended (signed out, 5 minutes idle, or the manager lost the role). */
  'admin.signedOut': { reason: AdminSignOutReason };
  /** A text matched the code on screen: the same answer signin.verify gives for a typed code. */
  'signin.text': {
    textId: string;
    result: IpcResult<(typeof channels)['signin.verify']['response']>;
  };
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
