// i18next set up once, with every language bundled: the kiosk is offline and the strings are
// small. The kiosk's own language is the browser's when it is one of ours, else English.
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../../shared/domain';
import { en, type Messages } from './locales/en';
import { fi } from './locales/fi';
import { es } from './locales/es';
import { sv } from './locales/sv';

// Typed by Language so a language added to the engine fails here until it is translated. Only
// types come from shared/domain.ts: its values would bring zod into the bundle.
export const MESSAGES: Record<Language, Messages> = { en, fi, es, sv };

export const UI_LANGUAGES = Object.keys(MESSAGES) as Language[];

/** Each language's name in that language, for the picker. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  fi: 'Suomi',
  es: 'Español',
  sv: 'Svenska',
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (UI_LANGUAGES as readonly string[]).includes(value);
}

/** The first of the browser's languages we have, else English. */
export function defaultLanguage(preferred: readonly string[] = browserLanguages()): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

function browserLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : navigator.languages;
}

export const i18n: I18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: Object.fromEntries(
    Object.entries(MESSAGES).map(([lng, messages]) => [lng, { translation: messages }]),
  ),
  lng: defaultLanguage(),
  fallbackLng: 'en',
  supportedLngs: UI_LANGUAGES,
  // React escapes what it renders.
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

if (typeof document !== 'undefined') document.documentElement.lang = i18n.language;

/** Switches the screens' language and the document's lang attribute (screen-reader voice). */
export function applyLanguage(language: Language): void {
  if (i18n.language !== language) void i18n.changeLanguage(language);
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}
