// What the kiosk's "My security info" and "Register my phone" screens and the admin screen's
// security panel see (TOTP and self-service registration). Runs anywhere.

/** A new authenticator-app secret on screen, not saved until a code from the app confirms it. */
export interface TotpOfferView {
  enrolmentId: string;
  /** Base32 in groups of 4, for typing into the app by hand. */
  secretGroups: string;
  /** The otpauth:// URI's QR code: rows of '1' (dark) and '0' modules, drawn as inline SVG. */
  qr: { size: number; rows: string[] };
  expiresAt: number;
}

export interface MySecurityView {
  totpEnrolled: boolean;
  /** The policy lets workers enrol an app at the kiosk. */
  totpEnrolmentAllowed: boolean;
  /** What set-up asks first: the PIN, or a new code texted to the registered phone. */
  totpProof: 'pin' | 'sms';
}

/** A code texted for the proof before an authenticator app is added. */
export interface ProofCodeView {
  maskedPhone: string;
  expiresAt: number;
  resendAt: number;
}

export interface SecurityOptionsView {
  /** Sign in with an authenticator app while the modem cannot send (policy totpWhenModemDown). */
  appSignInWhenModemDown: boolean;
}

export interface EnrolStartedView {
  flowId: string;
  displayName: string;
}

export interface EnrolCodeSentView {
  maskedPhone: string;
  codeLength: number;
  expiresAt: number;
  resendAt: number;
}

/** After the SMS code (or the PIN): a PIN still to set, or registered. */
export type EnrolStepView =
  { next: 'pin'; pinMinLength: number } | { next: 'done'; displayName: string };

/** A person's factors on the admin screen. */
export interface StaffSecurityView {
  personId: number;
  employeeId: string;
  displayName: string;
  /**
   * null when the PIN store is not available on this kiosk. lockedUntil: when a timed lock ends;
   * null while locked means only a manager's unlock (or a PIN reset) opens it.
   */
  pin: { set: boolean; locked: boolean; lockedUntil: number | null } | null;
  pinRequired: boolean;
  totp: { enrolled: boolean; enrolledAt: number | null; locked: boolean };
  /** Until when an unused enrolment code works, or null. */
  enrolmentCodeUntil: number | null;
  /** Self-registration at this kiosk locked by too many wrong enrolment codes lately, or null. */
  kioskEnrolmentLock: { lockedUntil: number; wrongCodes: number } | null;
}

/** Shown once on the admin screen and printed as a slip. */
export interface EnrolmentCodeView {
  code: string;
  expiresAt: number;
  employeeId: string;
  displayName: string;
}
