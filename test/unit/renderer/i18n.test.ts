import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../src/shared/ipc/contract';
import { LANGUAGES } from '../../../src/shared/domain';
import { INLINE_CODES } from '../../../src/renderer/src/lib/errors';
import { defaultLanguage, i18n, MESSAGES } from '../../../src/renderer/src/i18n';
import { itMatchesEnglish, leaves } from '../../support/locale-keys';

describe('translations', () => {
  const english = leaves(MESSAGES.en);

  it('covers every language the engine speaks', () => {
    expect(Object.keys(MESSAGES).sort()).toEqual([...LANGUAGES].sort());
  });

  itMatchesEnglish(MESSAGES);

  it('has a friendly screen for every error code and the local ones', () => {
    for (const code of [...ERROR_CODES, 'sms_not_delivered']) {
      expect(english.get(`errors.screen.${code}.title`), code).toBeTruthy();
      expect(english.get(`errors.screen.${code}.body`), code).toBeTruthy();
    }
    for (const code of [...INLINE_CODES, 'phone_empty']) {
      expect(english.get(`errors.inline.${code}`), code).toBeTruthy();
    }
  });

  it('pluralises attempts left in each language', () => {
    expect(i18n.getFixedT('en')('code.attemptsLeft', { count: 1 })).toMatch(/1 try left/);
    expect(i18n.getFixedT('en')('code.attemptsLeft', { count: 3 })).toMatch(/3 tries left/);
    expect(i18n.getFixedT('fi')('code.attemptsLeft', { count: 1 })).toMatch(/1 yritys/);
    expect(i18n.getFixedT('es')('code.attemptsLeft', { count: 2 })).toMatch(/quedan 2 intentos/);
  });
});

describe('defaultLanguage', () => {
  it('takes the first supported browser language, else English', () => {
    expect(defaultLanguage(['de-DE', 'fi-FI', 'en'])).toBe('fi');
    expect(defaultLanguage(['sv-SE'])).toBe('sv');
    expect(defaultLanguage(['de'])).toBe('en');
    expect(defaultLanguage([])).toBe('en');
  });
});
