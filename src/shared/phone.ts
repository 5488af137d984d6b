// Phone numbers are the user names of this product, so parsing is strict and every refusal
// says why. libphonenumber-js "max" metadata is needed to tell mobiles from landlines.
import {
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  isSupportedCountry,
  type CountryCode,
} from 'libphonenumber-js/max';

export type PhoneErrorCode =
  | 'phone_empty'
  | 'phone_bad_characters'
  | 'phone_unknown_country'
  | 'phone_too_short'
  | 'phone_too_long'
  | 'phone_invalid'
  | 'phone_landline'
  | 'phone_not_mobile';

export interface PhoneError {
  code: PhoneErrorCode;
  message: string;
}

export interface NormalizedPhone {
  /** E.164, e.g. +358401234567 */
  e164: string;
  /** ISO 3166-1 alpha-2 region of the number, e.g. FI */
  country: string;
  /** maskPhone(e164), from the parse already done (an import masks every number it audits). */
  masked: string;
}

const ALLOWED_CHARS = /^[+\d\s().\-/]*$/;

export function isCountryCode(value: string): value is CountryCode {
  return isSupportedCountry(value);
}

/**
 * Parses what a person typed into E.164 using the site's default country for national numbers.
 * Only numbers that are (or may be) mobile are accepted: a landline cannot receive the code.
 */
export function normalizeMobileNumber(
  input: string,
  defaultCountry: string,
): { ok: true; value: NormalizedPhone } | { ok: false; error: PhoneError } {
  const fail = (code: PhoneErrorCode, message: string) =>
    ({ ok: false, error: { code, message } }) as const;
  const text = input.trim();
  if (text === '') return fail('phone_empty', 'Enter a mobile number.');
  if (!ALLOWED_CHARS.test(text)) {
    return fail(
      'phone_bad_characters',
      `"${input}" is not a phone number: use digits, spaces and an optional leading +.`,
    );
  }
  const country = isCountryCode(defaultCountry) ? defaultCountry : undefined;
  if (!text.startsWith('+') && !text.startsWith('00') && !country) {
    return fail(
      'phone_unknown_country',
      `"${input}" has no country code and the site has no default country; start it with +.`,
    );
  }
  const international = text.startsWith('00') ? `+${text.slice(2)}` : text;
  const parsed = parsePhoneNumberFromString(international, country);
  // With "max" metadata a number has a type only if it is valid, so isValid() (the same pattern
  // matching again) runs only when there is no type.
  const type = parsed?.getType();
  if (!parsed || (type === undefined && !parsed.isValid())) {
    // Only a refused number pays for the second pass that finds out why.
    const lengthProblem = validatePhoneNumberLength(international, country);
    if (lengthProblem === 'TOO_SHORT' || lengthProblem === 'NOT_A_NUMBER') {
      return fail('phone_too_short', `"${input}" is too short to be a phone number.`);
    }
    if (lengthProblem === 'TOO_LONG') {
      return fail('phone_too_long', `"${input}" is too long to be a phone number.`);
    }
    return fail('phone_invalid', `"${input}" is not a valid phone number.`);
  }
  if (type === 'FIXED_LINE') {
    return fail(
      'phone_landline',
      `${parsed.formatInternational()} is a landline; codes can only go to a mobile number.`,
    );
  }
  if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') {
    return fail(
      'phone_not_mobile',
      `${parsed.formatInternational()} is not a mobile number; codes can only go to a mobile number.`,
    );
  }
  return {
    ok: true,
    value: {
      e164: parsed.number,
      country: parsed.country ?? '',
      masked: maskParts(parsed.countryCallingCode, parsed.nationalNumber),
    },
  };
}

/** What logs and screens show: the country code and the last two digits, e.g. "+358 ••••••• 67". */
export function maskPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  const digits = e164.replace(/\D/g, '');
  if (!parsed) return `••••${digits.slice(-2)}`;
  return maskParts(parsed.countryCallingCode, parsed.nationalNumber);
}

function maskParts(countryCallingCode: string, national: string): string {
  return `+${countryCallingCode} ${'•'.repeat(Math.max(0, national.length - 2))}${national.slice(-2)}`;
}
