// The code message per language. The code comes first so it shows in a phone's lock-screen
// preview; every default stays inside the GSM-7 alphabet (no á í ó ú) so that it fits one
// 160-character segment even with an 8-digit code and a 40-character site name.
import type { Language } from '../../shared/domain';

export const DEFAULT_SMS_TEMPLATES: Record<Language, string> = {
  en: '{code} is your sign-in code for {site}. It expires in {minutes} min. Do not share it with anyone.',
  fi: '{code} on kirjautumiskoodisi ({site}). Voimassa {minutes} min. Älä kerro koodia kenellekään.',
  es: '{code} es tu codigo de acceso para {site}. Caduca en {minutes} min. No lo compartas con nadie.',
  sv: '{code} är din inloggningskod för {site}. Giltig i {minutes} min. Dela den inte med någon.',
};

export interface CodeMessageValues {
  code: string;
  minutes: number;
  site: string;
}

export function renderCodeMessage(
  language: Language,
  values: CodeMessageValues,
  templates: Record<Language, string> = DEFAULT_SMS_TEMPLATES,
): string {
  const template = templates[language] ?? templates.en;
  return template.replace(/\{(code|minutes|site)\}/g, (_, key: keyof CodeMessageValues) =>
    String(values[key]),
  );
}

/**
 * To a registered phone whose owner tried to sign in outside their hours in private mode: the
 * kiosk answers as for any number (a stranger at the screen learns nothing), so the phone is
 * told why no code came. {when} is the next opening in the site's time zone.
 */
export const OUTSIDE_HOURS_TEMPLATES: Record<Language, { until: string; noWindow: string }> = {
  en: {
    until:
      '{site}: no sign-in code was sent because it is outside your working hours. You can sign in from {when}.',
    noWindow:
      '{site}: no sign-in code was sent because it is outside your working hours. Ask your manager.',
  },
  fi: {
    until:
      '{site}: kirjautumiskoodia ei lähetetty, koska työaikasi ei ole nyt. Voit kirjautua {when} alkaen.',
    noWindow:
      '{site}: kirjautumiskoodia ei lähetetty, koska työaikasi ei ole nyt. Kysy esihenkilöltäsi.',
  },
  es: {
    until:
      '{site}: no se envio codigo de acceso porque estas fuera de tu horario. Puedes entrar desde {when}.',
    noWindow:
      '{site}: no se envio codigo de acceso porque estas fuera de tu horario. Consulta a tu responsable.',
  },
  sv: {
    until:
      '{site}: ingen inloggningskod skickades eftersom det är utanför din arbetstid. Du kan logga in från {when}.',
    noWindow:
      '{site}: ingen inloggningskod skickades eftersom det är utanför din arbetstid. Fråga din chef.',
  },
};

const LOCALES: Record<Language, string> = { en: 'en-GB', fi: 'fi-FI', es: 'es-ES', sv: 'sv-SE' };

export function renderOutsideHoursMessage(
  language: Language,
  values: { site: string; retryAt?: number; timeZone: string },
): string {
  const templates = OUTSIDE_HOURS_TEMPLATES[language] ?? OUTSIDE_HOURS_TEMPLATES.en;
  if (values.retryAt === undefined) return templates.noWindow.replace('{site}', values.site);
  const when = new Intl.DateTimeFormat(LOCALES[language] ?? 'en-GB', {
    timeZone: values.timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(values.retryAt)
    // Some locales put a narrow no-break space in times; plain spaces keep the text GSM-7.
    .replace(/[\u202f\u00a0]/g, ' ');
  return templates.until.replace('{site}', values.site).replace('{when}', when);
}
