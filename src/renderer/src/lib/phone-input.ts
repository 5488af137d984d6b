// What the phone field accepts and how it looks while typed. The "min" metadata is enough for
// as-you-type formatting; main does the strict parse (mobile or not) with the full metadata.
import { AsYouType, isSupportedCountry, type CountryCode } from 'libphonenumber-js/min';

/** Longest E.164 number is 15 digits; a few more leave room for a 00 prefix. */
export const MAX_PHONE_DIGITS = 17;

/** Keeps digits and one leading "+", the only characters a number is made of here. */
export function sanitizePhone(text: string): string {
  const trimmed = text.trim();
  const plus = trimmed.startsWith('+') ? '+' : '';
  return plus + trimmed.replace(/\D/g, '').slice(0, MAX_PHONE_DIGITS);
}

/** One keypad press: a digit, "+", "backspace" or "clear". */
export function pressPhoneKey(raw: string, key: string): string {
  if (key === 'clear') return '';
  if (key === 'backspace') return raw.slice(0, -1);
  if (key === '+') return raw === '' ? '+' : raw;
  if (/^\d$/.test(key)) return sanitizePhone(raw + key);
  return raw;
}

/** The number as the worker is used to seeing it, e.g. "040 123 4567" or "+46 70 123 45 67". */
export function formatPhone(raw: string, defaultCountry: string): string {
  if (raw === '' || raw === '+') return raw;
  const country = isSupportedCountry(defaultCountry) ? (defaultCountry as CountryCode) : undefined;
  return new AsYouType(country).input(raw);
}

/** Enough digits to be worth sending: the server gives the real verdict. */
export function looksComplete(raw: string): boolean {
  return raw.replace(/\D/g, '').length >= 5;
}
