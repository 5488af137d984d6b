// The sign-in policy with the defaults and bounds of DESIGN.md ("Sign-in rules"). Shared so the
// admin screen can show the same bounds that main enforces.
import { z } from 'zod';

const int = (min: number, max: number, fallback: number) =>
  z.number().int().min(min).max(max).default(fallback);

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
    maxSessionHours: int(1, 24, 12),
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

export const siteSchema = z
  .object({
    name: z.string().trim().min(1).max(40).default('Kiosk'),
    /** Default region for numbers typed without a country code. */
    defaultCountry: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .default('FI'),
    timeZone: z.string().min(1).max(64).default('UTC'),
  })
  .strict();

export type SiteSettings = z.infer<typeof siteSchema>;
export const DEFAULT_SITE: SiteSettings = siteSchema.parse({});
