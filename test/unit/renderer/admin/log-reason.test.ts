// The sign-in log's reasons and outcomes in words, in every language the kiosk speaks.
import { describe, expect, it } from 'vitest';
import { i18n } from '../../../../src/renderer/src/i18n';
import { registerAdminMessages } from '../../../../src/renderer/src/admin/i18n';
import { reasonWords } from '../../../../src/renderer/src/admin/sections/log-reason';
import { pinErrorText } from '../../../../src/renderer/src/lib/errors';
import { ERROR_CODES } from '../../../../src/shared/ipc/contract';
import { SIGN_IN_RESULTS } from '../../../../src/shared/admin';
import { LANGUAGES } from '../../../../src/shared/domain';

// What main writes as a reason (engine, text-sign-in, enrolment, totp, admin-session).
const FAILURES = ERROR_CODES.filter((c) => c !== 'forbidden_sender');
const TEXT = [
  'sign_in_disabled',
  'invalid_sender',
  'not_registered',
  'user_disabled',
  'locked',
  'wrong_code',
  'no_code_shown',
  'code_expired',
  'code_used',
  'code_superseded',
];
const REASONS = [
  'code_sent',
  'code_resent',
  'signed_in',
  'signed_in_text',
  'signed_in_totp',
  'signed_in_enrolment',
  'factor_required_pin',
  'factor_required_totp',
  'factor_required_pin_text',
  'factor_required_pin_totp',
  'factor_required_pin_enrolment',
  'pin_set',
  'enrolment_complete',
  'enrolment_code_sent',
  'enrolment_wrong_code',
  'enrolment_locked',
  'enrolment_country_not_allowed',
  'enrolment_phone_in_use',
  'enrolment_kiosk_cap_reached',
  'admin_not_manager',
  'app_sign_in_not_offered',
  'app_locked',
  'app_wrong_code',
  'change_pin_wrong_pin',
  'change_pin_pin_locked',
  ...FAILURES,
  ...TEXT.map((r) => `text_${r}`),
];

describe('sign-in log words', () => {
  registerAdminMessages();

  it('words every reason main logs in every language, never the code itself', () => {
    for (const lng of LANGUAGES) {
      const t = i18n.getFixedT(lng, 'admin');
      for (const reason of REASONS) {
        const words = reasonWords(t, reason);
        expect(words, `${lng} ${reason}`).not.toBe(reason);
        expect(words, `${lng} ${reason}`).not.toMatch(/[a-z]_[a-z]/);
        if (lng !== 'en') {
          expect(words, `${lng} ${reason}`).not.toBe(
            reasonWords(i18n.getFixedT('en', 'admin'), reason),
          );
        }
      }
      for (const result of SIGN_IN_RESULTS) {
        expect(t(`logs.results.${result}`), `${lng} ${result}`).not.toBe(`logs.results.${result}`);
      }
    }
  });

  it('says where it happened and what happened', () => {
    const en = i18n.getFixedT('en', 'admin');
    expect(reasonWords(en, 'text_wrong_code')).toBe('Text to the kiosk: Wrong code');
    expect(reasonWords(en, 'factor_required_pin_text')).toBe(
      'Text from the registered phone matched; PIN asked next',
    );
    expect(reasonWords(i18n.getFixedT('sv', 'admin'), 'enrolment_complete')).toBe(
      'Den anställda registrerade sin telefon',
    );
    expect(reasonWords(en, 'something_new')).toBe('something_new');
  });
});

describe('PIN refusals on the worker screens', () => {
  it("words main's reason in the screen's language", () => {
    const fi = i18n.getFixedT('fi');
    expect(
      pinErrorText(fi, { code: 'pin_invalid', params: { problem: 'too_short', min: 4, max: 8 } }),
    ).toBe('PIN-koodissa on 4–8 numeroa.');
    expect(
      pinErrorText(i18n.getFixedT('es'), { code: 'pin_invalid', params: { problem: 'sequence' } }),
    ).toMatch(/cifras seguidas/);
    expect(pinErrorText(fi, { code: 'pin_invalid' })).toBe(
      i18n.getFixedT('fi')('errors.screen.pin_invalid.body'),
    );
  });
});
