// zod schemas for user input, used by main (the renderer does not need them).
import { z } from 'zod';
import { LANGUAGES, ROLES, USER_STATUSES } from './domain';

/**
 * Characters that change how text looks without being seen: bidi embeddings, overrides,
 * isolates and marks (U+202A–202E, U+2066–2069, U+200E/F, U+061C), zero-width spaces and joiners
 * (U+200B–200D, U+2060, U+FEFF) and every other format character (\p{Cf}), line and paragraph
 * separators, and lone surrogates. A name holding one can pose as another person on the screen
 * and in the logs ("Anna\u202Egnik" shows as "Annaking").
 */
export const INVISIBLE_CHARACTERS = /[\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/** Control characters: never part of a name or a search. */
export const CONTROL_CHARACTERS = /\p{Cc}/u;

/**
 * The one spelling of an employee ID: trimmed and NFKC-normalised, so fullwidth digits and
 * letters (ＥＭＰ１２) name the same person as EMP12. Lookups go through it too.
 */
export function normalizeEmployeeId(raw: string): string {
  return raw.normalize('NFKC').trim();
}

export const employeeIdSchema = z
  .string()
  .normalize('NFKC')
  .trim()
  .min(1, 'Employee ID is empty.')
  .max(64, 'Employee ID is longer than 64 characters.')
  .regex(/^[\p{L}\p{N}._\-/]+$/u, 'Employee ID may contain letters, digits and . _ - / only.');

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'Name is empty.')
  .max(100, 'Name is longer than 100 characters.')
  .refine((s) => !CONTROL_CHARACTERS.test(s), {
    message: 'Name contains control characters.',
    params: { problem: 'control_characters' },
  })
  .refine((s) => !INVISIBLE_CHARACTERS.test(s), {
    message:
      'Name contains invisible characters (text-direction or zero-width characters); type it again without them.',
    params: { problem: 'invisible_characters' },
  });

export const groupNameSchema = z
  .string()
  .trim()
  .min(1, 'Group name is empty.')
  .max(60, 'Group name is longer than 60 characters.')
  .refine((s) => !/[\p{Cc};]/u.test(s), 'Group name may not contain control characters or ";".')
  .refine((s) => !INVISIBLE_CHARACTERS.test(s), {
    message: 'Group name contains invisible characters (text-direction or zero-width characters).',
    params: { problem: 'invisible_characters' },
  });

/** What a manager types into the staff search: free text, but never control characters. */
export const searchTextSchema = z
  .string()
  .max(100, 'Search is longer than 100 characters.')
  .refine((s) => !CONTROL_CHARACTERS.test(s), {
    message: 'Search contains control characters.',
    params: { problem: 'control_characters' },
  });

const userFields = {
  employeeId: employeeIdSchema,
  displayName: displayNameSchema,
  phone: z.string().max(40).optional(),
  role: z.enum(ROLES),
  status: z.enum(USER_STATUSES),
  language: z.enum(LANGUAGES),
  groups: z.array(groupNameSchema).max(50),
};

export const newUserSchema = z.object({
  ...userFields,
  role: userFields.role.default('worker'),
  status: userFields.status.default('active'),
  language: userFields.language.default('en'),
  groups: userFields.groups.default([]),
});
export type NewUserInput = z.input<typeof newUserSchema>;

// Built from the fields without their defaults: a field left out of a patch stays as it is
// (zod applies a default even inside .partial()).
export const userPatchSchema = z.object(userFields).omit({ employeeId: true }).partial();
export type UserPatch = z.input<typeof userPatchSchema>;

/** First zod issue as one sentence, e.g. for `line 4: Employee ID is empty.` */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid input.';
  const field = issue.path.join('.');
  return issue.message.endsWith('.') || !field ? issue.message : `${field}: ${issue.message}`;
}
