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
