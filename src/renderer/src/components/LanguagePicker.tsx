import { useTranslation } from 'react-i18next';
import { LANGUAGE_NAMES, UI_LANGUAGES } from '../i18n';
import { useKiosk } from '../store';

/** Large buttons, each language named in itself, so anyone can find theirs. */
export function LanguagePicker() {
  const { t } = useTranslation();
  const language = useKiosk((s) => s.language);
  const available = useKiosk((s) => s.info?.languages);
  const chooseLanguage = useKiosk((s) => s.chooseLanguage);
  // Only languages both the engine (SMS) and the screens speak.
  const languages = available?.filter((l) => UI_LANGUAGES.includes(l)) ?? UI_LANGUAGES;
  return (
    <nav className="language-picker" aria-label={t('language.label')}>
      {languages.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className="language-button"
          data-testid={`lang-${l}`}
          aria-pressed={l === language}
          onClick={() => chooseLanguage(l)}
        >
          {LANGUAGE_NAMES[l]}
        </button>
      ))}
    </nav>
  );
}
