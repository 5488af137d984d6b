import { describe, expect, it, vi } from 'vitest';

// The renderer's door to main reads `window` when loaded; these tests need none of it.
vi.mock('../../../../src/renderer/src/api', () => ({ kiosk: {} }));

import { ADMIN_ERROR_CODES } from '../../../../src/shared/ipc/contract';
import { LANGUAGES } from '../../../../src/shared/domain';
import { shellMessages } from '../../../../src/renderer/src/admin/locales/shell';
import { describeError, fieldOf } from '../../../../src/renderer/src/admin/errors';
import { PageCache } from '../../../../src/renderer/src/admin/staff/staff-pages';
import { safeFilename } from '../../../../src/renderer/src/admin/download';
import { isAdminHash, isAdminShortcut } from '../../../../src/renderer/src/admin/entry';
import { pressDigitKey } from '../../../../src/renderer/src/admin/SignIn';
import { i18n } from '../../../../src/renderer/src/i18n';
import { registerAdminMessages } from '../../../../src/renderer/src/admin/i18n';
import { itMatchesEnglish, leaves } from '../../../support/locale-keys';

describe('admin shell strings', () => {
  const english = leaves(shellMessages.en);

  it('has a language for every language the kiosk speaks', () => {
    expect(Object.keys(shellMessages).sort()).toEqual([...LANGUAGES].sort());
  });

  itMatchesEnglish(shellMessages);

  it('has words for every admin error code', () => {
    for (const code of ADMIN_ERROR_CODES) expect(english.get(`errors.${code}`), code).toBeTruthy();
  });

  it('registers under the admin namespace and follows the kiosk language', () => {
    registerAdminMessages();
    expect(i18n.getFixedT('fi', 'admin')('nav.staff')).toBe('Henkilöstö');
    expect(i18n.getFixedT('sv', 'admin')('staff.total', { count: 1, n: '1' })).toBe('1 person');
    expect(i18n.getFixedT('en', 'admin')('staff.total', { count: 3, n: '3' })).toBe('3 people');
  });
});

describe('describeError', () => {
  registerAdminMessages();
  const en = i18n.getFixedT('en', 'admin');
  const fi = i18n.getFixedT('fi', 'admin');

  it("words the code and its params, never main's English message", () => {
    const error = {
      code: 'duplicate_phone' as const,
      message: '+358401000002 is already the sign-in number of Aino Virtanen (E1).',
      field: 'phone',
      params: { name: 'Aino Virtanen', employeeId: 'E1' },
    };
    expect(describeError(en, error)).toBe(
      'That number is already in use. It is the sign-in number of Aino Virtanen (E1).',
    );
    expect(describeError(fi, error)).toBe(
      'Numero on jo käytössä. Se on henkilön Aino Virtanen (E1) kirjautumisnumero.',
    );
  });

  it('words what was wrong with a field in the screen language, with its bounds', () => {
    const tooLong = {
      code: 'invalid_input' as const,
      message: 'Name is longer than 100 characters.',
      field: 'displayName',
      params: { problem: 'too_big', max: 100 },
    };
    expect(describeError(en, tooLong)).toBe('Check this. Name: at most 100 characters.');
    expect(describeError(fi, tooLong)).toBe('Tarkista tämä. Nimi: enintään 100 merkkiä.');
    const hidden = { ...tooLong, params: { problem: 'invisible_characters' } };
    expect(describeError(i18n.getFixedT('es', 'admin'), hidden)).toMatch(
      /^Revise esto\. Nombre: contiene caracteres invisibles/,
    );
    // A field-specific wording wins (an employee ID's allowed characters).
    expect(
      describeError(en, {
        code: 'invalid_input',
        message: 'x',
        field: 'employeeId',
        params: { problem: 'format' },
      }),
    ).toBe('Check this. Employee ID: letters, digits and . _ - / only.');
    // A policy setting's label comes from the policy section.
    expect(
      describeError(fi, {
        code: 'invalid_settings',
        message: 'codeLength must be between 6 and 8',
        field: 'codeLength',
        params: { problem: 'out_of_bounds', min: 6, max: 8 },
      }),
    ).toBe('Asetus ei ole sallittu. Koodin pituus (numeroa): 6–8.');
  });

  it("falls back to the worker screens' words, then to a general sentence", () => {
    expect(describeError(en, { code: 'kiosk_cap_reached', message: '' })).toBe(
      i18n.getFixedT('en')('errors.screen.kiosk_cap_reached.title'),
    );
    expect(describeError(en, { code: 'no_such_code' as never, message: 'detail' })).toBe(
      'Something went wrong.',
    );
  });
});

describe('fieldOf', () => {
  it("routes an error by the field main names, else by code; never by main's message", () => {
    expect(fieldOf({ code: 'invalid_phone', message: 'x' })).toBe('phone');
    expect(fieldOf({ code: 'duplicate_phone', message: 'x' })).toBe('phone');
    expect(fieldOf({ code: 'duplicate_employee_id', message: 'x' })).toBe('employeeId');
    expect(fieldOf({ code: 'last_manager', message: 'Name is…' })).toBe('form');
    const at = (field?: string) =>
      fieldOf({ code: 'invalid_input', message: 'Name is empty.', field });
    expect(at('siteName')).toBe('siteName');
    expect(at('kioskName')).toBe('kioskName');
    expect(at('defaultCountry')).toBe('defaultCountry');
    expect(at('employeeId')).toBe('employeeId');
    expect(at('displayName')).toBe('displayName');
    expect(at('groups')).toBe('groups');
    expect(at('manager.phone')).toBe('phone');
    expect(at(undefined)).toBe('form');
  });
});

describe('PageCache', () => {
  it('asks only for the pages on screen that are not here or on their way', () => {
    const cache = new PageCache<number>(100, 10);
    expect(cache.missing(0, 0)).toEqual([0]);
    cache.markLoading(0);
    expect(cache.missing(0, 50)).toEqual([]);
    cache.store(
      0,
      Array.from({ length: 100 }, (_, i) => i),
      100_000,
    );
    expect(cache.row(42)).toBe(42);
    expect(cache.row(142)).toBeUndefined();
    expect(cache.missing(50, 250)).toEqual([1, 2]);
    // Never past the last row.
    expect(cache.missing(99_950, 100_100)).toEqual([999]);
  });

  it('keeps a bounded number of pages, dropping the farthest', () => {
    const cache = new PageCache<number>(10, 3);
    for (const page of [0, 1, 2, 50]) cache.store(page, [page], 1000);
    expect(cache.loadedPages()).toEqual([1, 2, 50]);
    cache.store(3, [3], 1000);
    expect(cache.loadedPages()).toEqual([1, 2, 3]);
  });

  it('lets a failed page be asked for again', () => {
    const cache = new PageCache<number>(10);
    cache.markLoading(4);
    expect(cache.missing(40, 45)).toEqual([]);
    cache.failed(4);
    expect(cache.missing(40, 45)).toEqual([4]);
  });
});

describe('entry', () => {
  it('opens on #/admin and Ctrl+Alt+A only', () => {
    expect(isAdminHash('#/admin')).toBe(true);
    expect(isAdminHash('#/admin/staff')).toBe(true);
    expect(isAdminHash('#/administrator')).toBe(false);
    expect(isAdminHash('')).toBe(false);
    const key = { ctrlKey: true, altKey: true, metaKey: false, shiftKey: false, code: 'KeyA' };
    expect(isAdminShortcut(key)).toBe(true);
    expect(isAdminShortcut({ ...key, altKey: false })).toBe(false);
    expect(isAdminShortcut({ ...key, shiftKey: true })).toBe(false);
    expect(isAdminShortcut({ ...key, code: 'KeyQ' })).toBe(false);
  });
});

describe('small helpers', () => {
  it('pressDigitKey types digits up to the length, erases and clears', () => {
    expect(pressDigitKey('12', '3', 4)).toBe('123');
    expect(pressDigitKey('1234', '5', 4)).toBe('1234');
    expect(pressDigitKey('123', 'backspace', 4)).toBe('12');
    expect(pressDigitKey('123', 'clear', 4)).toBe('');
    expect(pressDigitKey('12', '+', 4)).toBe('12');
  });

  it('safeFilename keeps a plain .csv name', () => {
    expect(safeFilename('staff.csv')).toBe('staff.csv');
    expect(safeFilename('../../etc/passwd')).toBe('passwd.csv');
    expect(safeFilename('C:\\x\\log.CSV')).toBe('log.CSV');
    expect(safeFilename('a\u0000b:c.csv')).toBe('abc.csv');
    expect(safeFilename('..')).toBe('export.csv');
  });
});
