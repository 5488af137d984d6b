// What the admin screen sees: the response types of the 'admin.*' and 'setup.*'
// channels. Runs anywhere (no zod, node:* or DOM): the renderer imports it.
import type { Language, User } from './domain';
import type { Policy } from './policy';
import type { ModemStatusView } from './ipc/contract';

/** The manager signed in on the admin screen. */
export interface AdminView {
  employeeId: string;
  displayName: string;
  language: Language;
  startedAt: number;
  /** When the admin session ends unless there is activity (5 minutes after the last one). */
  idleEndsAt: number;
  /** How this session was opened. */
  method: 'sms' | 'recovery_code' | 'setup';
}

/**
 * The answer to a correct SMS code at the admin entry. Today a manager is signed in at once;
 * the PIN will answer 'factor_required' until the PIN is given (see AdminFactor in
 * src/main/admin/admin-session.ts).
 */
export type AdminSignInStep =
  | { state: 'signed_in'; admin: AdminView }
  | {
      state: 'factor_required';
      factor: string;
      until: number;
      /** A manager without a PIN sets one now (admin.setPin), with at least minLength digits. */
      setUp?: boolean;
      minLength?: number;
    };

export type AdminSignOutReason = 'user' | 'idle' | 'revoked';

export interface SetupStatus {
  /** True while the registry has no active manager: the first-run wizard is shown. */
  needed: boolean;
  siteName: string;
  kioskName: string;
  defaultCountry: string;
  /** The site's stored time zone ('UTC' until setup sets one). */
  timeZone: string;
  /** A setup code was sent and not yet used (the wizard can resume at the code step). */
  pending: { maskedPhone: string; expiresAt: number } | null;
}

export interface SetupChallengeView {
  setupId: string;
  maskedPhone: string;
  codeLength: number;
  expiresAt: number;
  resendAt: number;
}

/** Shown once, then only its hash is kept. */
export interface RecoveryCodeView {
  recoveryCode: string;
  createdAt: number;
}

export interface SetupDone extends RecoveryCodeView {
  admin: AdminView;
}

export interface RecoveredView extends RecoveryCodeView {
  /** The recovery code just used no longer works; `recoveryCode` is its replacement. */
  admin: AdminView;
}

// --- staff ---------------------------------------------------------------------------------

/** One person in the staff list. Managers see full numbers: they register them. */
export type StaffRow = Pick<
  User,
  | 'id'
  | 'employeeId'
  | 'displayName'
  | 'phone'
  | 'role'
  | 'status'
  | 'language'
  | 'lockedUntil'
  | 'lockedIndefinitely'
> & {
  /** Sign-in refused now (timed lockout not over, or only a manager can unlock). */
  locked: boolean;
};

export interface StaffPage {
  rows: StaffRow[];
  /** All matches of the search and filters, for the virtualised list's height. */
  total: number;
  offset: number;
  limit: number;
}

export interface PersonView extends StaffRow {
  consecutiveFailures: number;
  groups: Array<{ id: number; name: string }>;
  createdAt: number;
  updatedAt: number;
}

/** admin.staffAdd: with confirmNewPhones on, a typed phone waits for its SMS code (phonePending). */
export interface AddedPersonView extends PersonView {
  phonePending?: boolean;
}

/** admin.staffPhoneCode: a code went to the new number; admin.staffSetPhone takes confirmId + code. */
export interface PhoneCodeView {
  confirmId: string;
  maskedPhone: string;
  codeLength: number;
  expiresAt: number;
  resendAt: number;
}

export interface ImportRowError {
  line: number;
  reason: string;
}

export interface ImportReportView {
  added: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: ImportRowError[];
  /** More errors than are listed (the list is capped). */
  errorsTruncated: boolean;
  dryRun: boolean;
}

// --- groups --------------------------------------------------------------------------------

export interface GroupView {
  id: number;
  name: string;
  memberCount: number;
  resourceCount: number;
}

export interface ResourceView {
  id: number;
  groupId: number;
  name: string;
  url: string;
}

// --- policy --------------------------------------------------------------------------------

export type PolicyKey = keyof Policy;

export type PolicyFieldView =
  | { key: PolicyKey; kind: 'integer'; min: number; max: number; default: number; help: string }
  | { key: PolicyKey; kind: 'boolean'; default: boolean; help: string }
  | { key: PolicyKey; kind: 'choice'; choices: string[]; default: string; help: string }
  | { key: PolicyKey; kind: 'list'; maxItems: number | null; default: unknown[]; help: string };

export interface PolicyView {
  policy: Policy;
  fields: PolicyFieldView[];
}

/** One line per policy setting for the admin screen (the bounds come from src/shared/policy.ts). */
export const POLICY_HELP: Record<PolicyKey, string> = {
  smsSignInEnabled: 'Turns sign-in by text message on or off for this kiosk.',
  scope: 'Who may sign in by text message: everyone, or only members of the chosen groups.',
  scopeGroupIds: 'The groups whose members may sign in when the scope is "groups".',
  codeLength: 'How many digits the one-time code has.',
  codeLifetimeMinutes: 'How long a code works after it was sent.',
  maxWrongCodesPerCode: 'Wrong tries allowed for one code before it stops working.',
  resendCooldownSeconds: 'How long a worker waits before asking for a new code.',
  perNumberSendCap: 'Codes one number may receive within the window below (toll-fraud guard).',
  perNumberWindowMinutes: 'The window for the per-number code limit.',
  perKioskHourlyCap: 'Text messages this kiosk may send per hour.',
  perSimDailyCap: "Text messages the kiosk's SIM card may send per day.",
  perKioskStartsPerHour: 'Sign-in attempts per hour at this kiosk, sent or refused.',
  allowedCountries: "Countries codes may be sent to; empty means the site's own country.",
  enumerationMode:
    'private: an unknown number looks like a known one; helpful: say "not registered".',
  lockoutThreshold: 'Wrong codes in a row before sign-in is locked for a while.',
  lockoutBaseMinutes: 'The first lockout; each further one doubles.',
  lockoutPermanentAfter: 'Wrong codes in a row after which only a manager can unlock.',
  idleSignOutSeconds: 'A signed-in worker is signed out after this long without a touch.',
  idleWarningSeconds: 'How long before the idle sign-out the warning is shown.',
  confirmNewPhones: 'A new or changed phone on the admin screen must answer a code sent to it.',
  maxSessionHours: 'The longest a worker stays signed in (one shift).',
  groupFactors: 'Second factors (PIN, authenticator app) the members of a group must give.',
  pinMinLength: 'The fewest digits a PIN may have (PINs have 4 to 8 digits).',
  pinMaxWrong: 'Wrong PINs in a row before the PIN is locked for a while.',
  pinLockoutMinutes: 'How long a PIN stays locked after too many wrong tries.',
  totpEnrolmentEnabled: 'Workers may set up an authenticator app at the kiosk.',
  totpWhenModemDown: 'While no text message can be sent, people with an app sign in with it.',
  enrolmentCodeHours: 'How long an enrolment code for self-service registration works.',
  kioskGroupIds: 'Groups whose members may sign in at this kiosk; empty means everyone.',
  shiftWindows: "Hours when a group may sign in, in the site's time zone.",
  textSignInEnabled:
    "Workers may sign in by texting a code shown on the kiosk to the kiosk's number.",
  textCodeLifetimeMinutes: 'How long the code shown for text-to-sign-in works.',
  textSignInRequiresPin:
    'After a text, the worker types their PIN too: a sender number can be faked.',
  textPinOptOutGroupIds: 'Groups whose members sign in by text without a PIN.',
  textWrongPerSender: 'Wrong texts from one number before its texts are ignored for a while.',
  textWrongPerKiosk: 'Wrong texts to this kiosk before text-to-sign-in pauses for a while.',
  textWrongWindowMinutes: 'How long wrong texts are counted, and how long a pause lasts.',
  retentionDays:
    'Days to keep finished sign-ins, code sends, sessions and sent messages; older ones are deleted daily.',
  logRetentionDays: 'Days to keep the sign-in log. The audit log is always kept whole.',
};

// --- modem ---------------------------------------------------------------------------------

export interface ModemHealthView {
  checkedAt: number;
  connected: boolean;
  sim: string;
  registration: string;
  operator: string | null;
  signalDbm: number | null;
  /** 0–5 for the status icon. */
  signalBars: number;
  smsc: string | null;
  canSend: boolean;
  problem: string | null;
  /** 2G, 3G, 4G or 5G when the modem says; null when unknown. */
  radio: string | null;
  /** A warning the panel words in its language: radio_2g (on 2G), port_shared (ModemManager). */
  warning: 'radio_2g' | 'port_shared' | null;
}

/** An outbox message as the panel lists it: masked number, never the body. */
export interface OutboxMessageView {
  id: string;
  maskedTo: string;
  status: string;
  reason: string | null;
  attempts: number;
  parts: number | null;
  createdAt: number;
  /** Accepted by the network; `delivery` says whether it reached the phone. */
  sentAt: number | null;
  finalAt: number | null;
  /** null: never sent; waiting: no delivery report yet. */
  delivery: 'waiting' | 'delivered' | 'failed' | null;
  deliveredAt: number | null;
  /** A test message from the admin screen rather than a sign-in code. */
  test: boolean;
}

export interface ModemPanelView {
  status: ModemStatusView;
  /** The driver's state: closed, connecting, ready, reconnecting. */
  state: string;
  port: string | null;
  model: string | null;
  health: ModemHealthView | null;
  outbox: OutboxMessageView[];
  today: { messages: number; parts: number; cap: number };
  /** The SIM's credit by the scheduled USSD check; absent when no balance code is set. */
  balance?: BalanceView;
  /** Caps the kiosk hit in the last 24 hours (newest first), so a manager sees a flood. */
  alerts: Array<{ at: number; cap: string }>;
  /** The modem and SIM bound to this port; null when the kiosk does not track them. */
  identity: ModemIdentityView | null;
}

export interface BalanceView {
  /** The last amount read; null before the first good reading. */
  amount: number | null;
  /** Below the site's threshold: the low-balance alarm. */
  low: boolean;
  lowBelow: number;
  checkedAt: number | null;
  /** Why the last check gave no amount, in words for a site manager. */
  problem: string | null;
}

export interface ModemIdentityValues {
  imei?: string;
  iccid?: string;
  imsi?: string;
}

/**
 * A different modem (IMEI) or SIM (ICCID/IMSI) than the one bound to the port pauses
 * text-to-sign-in until a manager confirms it (admin.modemConfirmIdentity).
 */
export interface ModemIdentityView {
  bound: ModemIdentityValues | null;
  alarm: { changes: Array<'modem' | 'sim'>; seen: ModemIdentityValues; since: number } | null;
}

export interface ModemPortView {
  path: string;
  /** Maker and product as the system reports them, e.g. "Quectel EC25"; empty when unknown. */
  description: string;
  /** True when a probe got an answer to AT; null when not probed (e.g. another program has it). */
  answersAt: boolean | null;
}

export interface ModemPortsView {
  ports: ModemPortView[];
  /** The port the modem is on now, or null when none is open. */
  current: string | null;
  /** The manager's choice, kept across restarts; null means the kiosk finds the modem itself. */
  chosen: string | null;
  status: ModemStatusView;
}

export interface TestSmsView {
  messageId: string;
  maskedTo: string;
}

// --- logs ----------------------------------------------------------------------------------

/**
 * What a sign-in log row says happened: a code was sent; one step passed and another is asked
 * (a PIN after a text, a PIN set); signed in; a worker registered their phone; refused.
 */
export const SIGN_IN_RESULTS = ['code_sent', 'step', 'success', 'registered', 'failure'] as const;
export type SignInResult = (typeof SIGN_IN_RESULTS)[number];

export interface SignInLogEntryView {
  id: number;
  at: number;
  employeeId: string | null;
  userName: string | null;
  maskedPhone: string;
  kioskId: string;
  result: SignInResult;
  reason: string;
}

export interface SignInLogPage {
  rows: SignInLogEntryView[];
  total: number;
}

export interface AuditEntryView {
  seq: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  details: string;
}

export type ChainVerificationView =
  { ok: true; rows: number } | { ok: false; rows: number; seq: number; problem: string };

export interface AuditLogPage {
  rows: AuditEntryView[];
  total: number;
  verification: ChainVerificationView;
}

export interface CsvExport {
  filename: string;
  csv: string;
  rows: number;
}
