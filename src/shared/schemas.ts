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
// (a regex issue is problem 'format' in issueDetail: "letters, digits and . _ - / only")

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
  .refine((s) => !/[\p{Cc};]/u.test(s), {
    message: 'Group name may not contain control characters or ";".',
    params: { problem: 'group_characters' },
  })
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

/** Parameters a screen words an input error by; `problem` names what was wrong. */
export interface IssueDetail {
  field?: string;
  params: Record<string, string | number>;
}

/**
 * The first zod issue as a field and parameters (the screens' words), so no one matches
 * English text: problem is one of empty, too_small {min}, too_big {max}, format, type,
 * not_allowed, unknown_field, or a refinement's own (control_characters, invisible_characters…).
 */
export function issueDetail(error: z.ZodError, field?: string): IssueDetail {
  const issue = error.issues[0];
  if (!issue) return { field, params: { problem: 'invalid' } };
  const at = field ?? (issue.path.length ? issue.path.map(String).join('.') : undefined);
  const bound = (n: unknown) => (typeof n === 'bigint' ? Number(n) : (n as number));
  switch (issue.code) {
    case 'too_small':
      return {
        field: at,
        params:
          bound(issue.minimum) <= 1 && issue.origin === 'string'
            ? { problem: 'empty' }
            : { problem: 'too_small', min: bound(issue.minimum) },
      };
    case 'too_big':
      return { field: at, params: { problem: 'too_big', max: bound(issue.maximum) } };
    case 'invalid_format':
      return { field: at, params: { problem: 'format' } };
    case 'invalid_type':
      return { field: at, params: { problem: 'type' } };
    case 'invalid_value':
      return { field: at, params: { problem: 'not_allowed' } };
    case 'unrecognized_keys':
      return { field: issue.keys[0] ?? at, params: { problem: 'unknown_field' } };
    case 'custom': {
      const problem = (issue.params as { problem?: unknown } | undefined)?.problem;
      return { field: at, params: { problem: typeof problem === 'string' ? problem : 'invalid' } };
    }
    default:
      return { field: at, params: { problem: 'invalid' } };
  }
}

/** First zod issue as one sentence, e.g. for `line 4: Employee ID is empty.` */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid input.';
  const field = issue.path.join('.');
  return issue.message.endsWith('.') || !field ? issue.message : `${field}: ${issue.message}`;
}
