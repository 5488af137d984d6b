// The sign-in policy with the defaults and bounds of DESIGN.md ("Sign-in rules"). Shared so the
// admin screen can show the same bounds that main enforces.
import { z } from 'zod';

const int = (min: number, max: number, fallback: number) =>
  z.number().int().min(min).max(max).default(fallback);
const groupId = z.number().int().positive();
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time such as 06:00');

/** Second factors a worker gives after the first one. */
export const SECOND_FACTORS = ['pin', 'totp'] as const;
export type SecondFactor = (typeof SECOND_FACTORS)[number];

/** The members of a group must give these second factors (all of them) to sign in. */
export const groupFactorsSchema = z
  .object({ groupId, factors: z.array(z.enum(SECOND_FACTORS)).min(1).max(2) })
  .strict();
export type GroupFactors = z.infer<typeof groupFactorsSchema>;

/**
 * When the members of a group may sign in, in the site's time zone. days: ISO weekdays
 * (1 = Monday … 7 = Sunday) on which the window starts; a window whose end is not after its
 * start runs past midnight into the next day. A group with no window may sign in at any time.
 */
export const shiftWindowSchema = z
  .object({
    groupId,
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    from: clockTime,
    to: clockTime,
  })
  .strict();
export type ShiftWindow = z.infer<typeof shiftWindowSchema>;

export const policySchema = z
  .object({
    /** SMS sign-in on or off for the whole kiosk. */
    smsSignInEnabled: z.boolean().default(true),
    /** Who may use SMS sign-in: everyone, or the members of the listed groups. */
    scope: z.enum(['all', 'groups']).default('all'),
    scopeGroupIds: z.array(z.number().int().positive()).max(1000).default([]),
    codeLength: int(6, 8, 6),
    codeLifetimeMinutes: int(1, 10, 5),
    maxWrongCodesPerCode: int(1, 10, 5),
    resendCooldownSeconds: int(10, 300, 30),
    /** Toll-fraud guard: codes per number within the window. */
    perNumberSendCap: int(1, 20, 5),
    perNumberWindowMinutes: int(5, 240, 15),
    perKioskHourlyCap: int(1, 10_000, 60),
    perSimDailyCap: int(1, 100_000, 500),
    /** Every sign-in start at this kiosk in an hour, sent or refused (a flood guard). */
    perKioskStartsPerHour: int(10, 100_000, 600),
    /** ISO 3166-1 alpha-2 regions codes may be sent to; empty means the site's own country. */
    allowedCountries: z
      .array(z.string().regex(/^[A-Z]{2}$/, 'a two-letter country code such as FI'))
      .max(250)
      .default([]),
    /** private: unknown numbers look exactly like known ones; helpful: say "not registered". */
    enumerationMode: z.enum(['private', 'helpful']).default('private'),
    lockoutThreshold: int(3, 50, 10),
    lockoutBaseMinutes: int(1, 1440, 15),
    /** Consecutive failures after which only a manager can unlock. */
    lockoutPermanentAfter: int(10, 1000, 100),
    idleSignOutSeconds: int(30, 3600, 120),
    idleWarningSeconds: int(5, 120, 30),
    /** A phone a manager registers or changes on the admin screen must answer an SMS code first. */
    confirmNewPhones: z.boolean().default(false),
    maxSessionHours: int(1, 24, 12),

    // --- second factors, enrolment and access conditions ---
    /** Second factors per group; managers always give a PIN as well. */
    groupFactors: z.array(groupFactorsSchema).max(1000).default([]),
    pinMinLength: int(4, 8, 4),
    /** Wrong PINs in a row before the PIN is locked for pinLockoutMinutes. */
    pinMaxWrong: int(3, 10, 5),
    pinLockoutMinutes: int(1, 1440, 15),
    /** Workers may enrol an authenticator app (TOTP) at the kiosk after an SMS sign-in. */
    totpEnrolmentEnabled: z.boolean().default(true),
    /** While the modem cannot send, people with an authenticator app sign in with it instead. */
    totpWhenModemDown: z.boolean().default(false),
    /** How long a self-service enrolment code issued by a manager works. */
    enrolmentCodeHours: int(1, 168, 24),
    /** Groups whose members may sign in at this kiosk; empty means everyone. */
    kioskGroupIds: z.array(groupId).max(1000).default([]),
    shiftWindows: z.array(shiftWindowSchema).max(1000).default([]),
    /** Text-to-sign-in: the worker texts a code shown on the kiosk to the kiosk's number. */
    textSignInEnabled: z.boolean().default(false),
    textCodeLifetimeMinutes: int(1, 10, 3),
    /** A sender number can be spoofed: after a text, the PIN too (groups listed below opt out). */
    textSignInRequiresPin: z.boolean().default(true),
    textPinOptOutGroupIds: z.array(groupId).max(1000).default([]),
    /** Wrong texts from one sender, and to this kiosk, before texts are ignored for a while. */
    textWrongPerSender: int(3, 50, 5),
    textWrongPerKiosk: int(5, 1000, 30),
    /** The window those counts cover; a pause lasts until it has passed since the last one. */
    textWrongWindowMinutes: int(5, 1440, 15),
    /**
     * Retention: finished challenges, code sends, sessions, start counts and final outbox rows
     * older than this are deleted daily; the sign-in log after logRetentionDays. The audit log is
     * kept whole (its chain proves nothing was removed).
     */
    retentionDays: int(7, 3650, 90),
    logRetentionDays: int(30, 3650, 365),
  })
  .strict()
  .refine((p) => p.lockoutPermanentAfter > p.lockoutThreshold, {
    message: 'lockoutPermanentAfter must be larger than lockoutThreshold',
    path: ['lockoutPermanentAfter'],
  })
  .refine((p) => p.idleWarningSeconds < p.idleSignOutSeconds, {
    message: 'idleWarningSeconds must be shorter than idleSignOutSeconds',
    path: ['idleWarningSeconds'],
  });

export type Policy = z.infer<typeof policySchema>;

export const DEFAULT_POLICY: Policy = policySchema.parse({});

/** A time zone Intl knows (IANA names such as Europe/Helsinki, and UTC). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const siteSchema = z
  .object({
    name: z.string().trim().min(1).max(40).default('Kiosk'),
    /** Default region for numbers typed without a country code. */
    defaultCountry: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .default('FI'),
    /** IANA time zone (shift windows and the log's times are in it). */
    timeZone: z
      .string()
      .min(1)
      .max(64)
      .refine(isTimeZone, { message: 'not a time zone such as Europe/Helsinki' })
      .default('UTC'),
    /** The kiosk SIM's own number (E.164), shown for text-to-sign-in; empty when unknown. */
    smsNumber: z
      .string()
      .regex(/^(\+[1-9]\d{6,14})?$/, 'a number in international form such as +358401234567')
      .default(''),
  })
  .strict();

export type SiteSettings = z.infer<typeof siteSchema>;
export const DEFAULT_SITE: SiteSettings = siteSchema.parse({});
