// Pure helpers of the admin sections: the policy form's changed keys and patch, the country list, the stepper's bounds, the log's date filter, and the
// four languages having the same section keys.
import { describe, expect, it } from 'vitest';
import {
  changedKeys,
  clampInt,
  parseCountries,
  patchOf,
} from '../../../src/renderer/src/admin/sections/policy-draft';
import { dayEnd, dayStart } from '../../../src/renderer/src/admin/sections/log-filter';
import { sectionsMessages } from '../../../src/renderer/src/admin/locales/sections';
import { DEFAULT_POLICY, type Policy } from '../../../src/shared/policy';
import type { PolicyKey } from '../../../src/shared/admin';

const KEYS = Object.keys(DEFAULT_POLICY) as PolicyKey[];

describe('policy form', () => {
  it('sends only the changed settings', () => {
    const draft: Policy = {
      ...DEFAULT_POLICY,
      codeLength: 8,
      allowedCountries: ['FI', 'SE'],
      shiftWindows: [...DEFAULT_POLICY.shiftWindows],
    };
    expect(changedKeys(DEFAULT_POLICY, draft, KEYS)).toEqual(['codeLength', 'allowedCountries']);
    expect(patchOf(DEFAULT_POLICY, draft, KEYS)).toEqual({
      codeLength: 8,
      allowedCountries: ['FI', 'SE'],
    });
    expect(patchOf(DEFAULT_POLICY, DEFAULT_POLICY, KEYS)).toEqual({});
  });

  it("has help and a label for every setting in every language, not main's English", () => {
    for (const [lng, messages] of Object.entries(sectionsMessages)) {
      for (const key of KEYS) {
        const help = (messages.policy.help as Record<string, string>)[key];
        expect(help, `${lng} ${key}`).toBeTruthy();
        expect(
          (messages.policy.fields as Record<string, string>)[key],
          `${lng} ${key}`,
        ).toBeTruthy();
        if (lng !== 'en') {
          expect(help, `${lng} ${key}`).not.toBe(
            (sectionsMessages.en.policy.help as Record<string, string>)[key],
          );
        }
      }
    }
  });

  it('reads countries typed as text and keeps numbers within bounds', () => {
    expect(parseCountries(' fi, se;ee  ')).toEqual(['FI', 'SE', 'EE']);
    expect(parseCountries('')).toEqual([]);
    expect(clampInt(9, 6, 8)).toBe(8);
    expect(clampInt(5.6, 6, 8)).toBe(6);
    expect(clampInt(Number.NaN, 6, 8)).toBe(6);
  });
});

describe('sign-in log dates', () => {
  it('covers the whole local day', () => {
    const start = dayStart('2026-11-27');
    const end = dayEnd('2026-11-27');
    expect(new Date(start)).toEqual(new Date(2026, 10, 27));
    expect(end - start).toBe(24 * 3_600_000 - 1);
  });
});

describe('section strings', () => {
  const shape = (value: unknown, prefix = ''): string[] =>
    typeof value === 'object' && value !== null
      ? Object.entries(value).flatMap(([k, v]) => shape(v, `${prefix}${k}.`))
      : [prefix.slice(0, -1)];

  it('has the same keys in every language, with a label for every policy setting', () => {
    const en = shape(sectionsMessages.en).sort();
    for (const lng of ['fi', 'es', 'sv'] as const) {
      expect(shape(sectionsMessages[lng]).sort()).toEqual(en);
    }
    expect(Object.keys(sectionsMessages.en.policy.fields).sort()).toEqual([...KEYS].sort());
  });
});

describe('the "(was …)" hint', () => {
  it('words a saved setting for people: group names, days, On/Off, not JSON with ids', async () => {
    const { i18n } = await import('../../../src/renderer/src/i18n');
    const { registerAdminMessages } = await import('../../../src/renderer/src/admin/i18n');
    const { valueWords } = await import('../../../src/renderer/src/admin/sections/policy-draft');
    registerAdminMessages();
    const groups = [
      { id: 3, name: 'Dock' },
      { id: 7, name: 'Night shift' },
    ];
    const en = i18n.getFixedT('en', 'admin');
    const fi = i18n.getFixedT('fi', 'admin');
    expect(valueWords(en, 'kioskGroupIds', [3, 7], groups, 'en')).toBe('Dock, Night shift');
    expect(
      valueWords(en, 'groupFactors', [{ groupId: 3, factors: ['pin', 'totp'] }], groups, 'en'),
    ).toBe('Dock: PIN, Authenticator app');
    expect(
      valueWords(
        fi,
        'shiftWindows',
        [{ groupId: 7, days: [1, 2], from: '22:00', to: '06:00' }],
        groups,
        'fi',
      ),
    ).toMatch(/^Night shift: \S+, \S+ 22:00–06:00$/);
    expect(valueWords(fi, 'textSignInEnabled', false, groups, 'fi')).toBe('Pois');
    expect(valueWords(en, 'enumerationMode', 'private', groups, 'en')).toBe('Private');
    expect(valueWords(en, 'perSimDailyCap', 10000, groups, 'en')).toBe('10,000');
    expect(valueWords(en, 'allowedCountries', [], groups, 'en')).toBe('none');
    expect(valueWords(en, 'scopeGroupIds', [99], groups, 'en')).toBe('Group 99');
  });
});
