// Errors from main on the admin screen: a sentence in the screen's language for the code, then
// main's own message, which says exactly what was wrong (it names the field, the number, the
// line). fieldOf puts an error beside the field it is about.
import type { TFunction } from 'i18next';
import type { IpcError } from '../../../shared/ipc/contract';

/** The words for an error: the code in the screen's language, then main's detail. */
export function describeError(t: TFunction, error: Pick<IpcError, 'code' | 'message'>): string {
  const words = t(`admin:errors.${error.code}`, {
    // Codes the worker screens know (wrong_code, code_expired, …) have words there already.
    defaultValue: t(`translation:errors.screen.${error.code}.title`, {
      defaultValue: t('admin:errors.internal'),
    }),
  });
  const detail = error.message?.trim();
  if (!detail || detail === words) return words;
  return `${words} ${detail}`;
}

export type FieldName =
  | 'siteName'
  | 'kioskName'
  | 'defaultCountry'
  | 'displayName'
  | 'employeeId'
  | 'phone'
  | 'groups'
  | 'form';

/** Which field of a form an error from main is about; 'form' when it is about none of them. */
export function fieldOf(error: Pick<IpcError, 'code' | 'message'>): FieldName {
  switch (error.code) {
    case 'invalid_phone':
    case 'duplicate_phone':
    case 'country_not_allowed':
      return 'phone';
    case 'duplicate_employee_id':
      return 'employeeId';
    case 'duplicate_group':
    case 'group_not_found':
      return 'groups';
    case 'invalid_input':
      break;
    default:
      return 'form';
  }
  // main's messages for a field start with its name (src/shared/schemas.ts, admin/setup.ts).
  const message = error.message.trim();
  if (/^site name\b/i.test(message)) return 'siteName';
  if (/^kiosk name\b/i.test(message)) return 'kioskName';
  if (/^default country\b/i.test(message)) return 'defaultCountry';
  if (/^employee ?id\b/i.test(message)) return 'employeeId';
  if (/^group/i.test(message)) return 'groups';
  if (/^(display ?)?name\b/i.test(message)) return 'displayName';
  if (/^phone\b/i.test(message)) return 'phone';
  return 'form';
}
