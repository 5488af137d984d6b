// Errors from main on the admin screen, worded in the screen's language from the error's code,
// the field it concerns and its parameters (IpcError): never from main's English message.
// fieldOf puts an error beside the field it is about.
import type { TFunction } from 'i18next';
import type { IpcError } from '../../../shared/ipc/contract';

type WordedError = Pick<IpcError, 'code' | 'message' | 'field' | 'params'>;

/** The label of the field an error names: the admin form's, or a policy setting's. */
function fieldLabel(t: TFunction, field: string): string {
  return t(`admin:fields.${field}`, {
    defaultValue: t(`admin:policy.fields.${field}`, { defaultValue: field }),
  });
}

/** What was wrong, from params.problem (field-specific words first), or '' when none is known. */
export function problemWords(t: TFunction, error: WordedError): string {
  const problem = error.params?.problem;
  if (typeof problem !== 'string') return '';
  const field = error.field;
  const values = { ...error.params, field: field ? fieldLabel(t, field) : '' };
  const keys = [
    ...(field ? [`admin:problems.${field}_${problem}`] : []),
    `admin:problems.${problem}`,
  ];
  const key = keys.find((k) => t(k, { defaultValue: '' }) !== '');
  if (!key) return '';
  const words = t(key, values);
  // A problem worded for a field ("{{field}}: …") without a field starts with ": ".
  return words.replace(/^:\s*/, '');
}

/** The words for an error: the code in the screen's language, then what was wrong. */
export function describeError(t: TFunction, error: WordedError): string {
  const words = t(`admin:errors.${error.code}`, {
    // Codes the worker screens know (wrong_code, code_expired, …) have words there already.
    defaultValue: t(`translation:errors.screen.${error.code}.title`, {
      defaultValue: t('admin:errors.internal'),
    }),
  });
  const detail =
    problemWords(t, error) ||
    t(`admin:errorDetail.${error.code}`, { ...error.params, defaultValue: '' });
  return detail ? `${words} ${detail}` : words;
}

export type FieldName =
  | 'siteName'
  | 'kioskName'
  | 'defaultCountry'
  | 'timeZone'
  | 'displayName'
  | 'employeeId'
  | 'phone'
  | 'groups'
  | 'form';

const FIELDS: readonly FieldName[] = [
  'siteName',
  'kioskName',
  'defaultCountry',
  'timeZone',
  'displayName',
  'employeeId',
  'phone',
  'groups',
];

/** Which field of a form an error from main is about (its `field`); 'form' for none of them. */
export function fieldOf(error: Pick<IpcError, 'code' | 'field'> & { message?: string }): FieldName {
  const field = error.field?.split('.')[0];
  if (field === 'manager') {
    const inner = error.field?.split('.')[1] as FieldName | undefined;
    if (inner && FIELDS.includes(inner)) return inner;
  }
  const named = FIELDS.find((f) => f === field);
  if (named) return named;
  // Codes that are always about one field, whether or not main named it.
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
    default:
      return 'form';
  }
}
