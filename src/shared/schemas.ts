// zod schemas for user input, used by main (the renderer does not need them).
import { z } from 'zod';
import { LANGUAGES, ROLES, USER_STATUSES } from './domain';

export const employeeIdSchema = z
  .string()
  .trim()
  .min(1, 'Employee ID is empty.')
  .max(64, 'Employee ID is longer than 64 characters.')
  .regex(/^[\p{L}\p{N}._\-/]+$/u, 'Employee ID may contain letters, digits and . _ - / only.');

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'Name is empty.')
  .max(100, 'Name is longer than 100 characters.')
  .refine((s) => !/[\p{Cc}]/u.test(s), 'Name contains control characters.');

export const groupNameSchema = z
  .string()
  .trim()
  .min(1, 'Group name is empty.')
  .max(60, 'Group name is longer than 60 characters.')
  .refine((s) => !/[\p{Cc};]/u.test(s), 'Group name may not contain control characters or ";".');

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
