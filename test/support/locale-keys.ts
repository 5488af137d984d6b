// Checks shared by the translation tests (worker screens, admin screen): every language has the
// English keys, no others, none empty, and the same {{placeholders}}.
import { expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../src/shared/domain';

/** Every string in a nested message table, by its dotted key. */
export function leaves(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof child === 'string') out.set(path, child);
    else for (const [k, v] of leaves(child, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();

/** Declares one test a language: same keys as English, none empty, the same placeholders. */
export function itMatchesEnglish(messages: Record<Language, unknown>): void {
  const english = leaves(messages.en);
  it.each(LANGUAGES)('%s has every English key, no others, and the same placeholders', (lng) => {
    const other = leaves(messages[lng]);
    expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, text] of english) {
      expect(other.get(key)?.trim(), `${lng} ${key}`).not.toBe('');
      expect(placeholders(other.get(key)!), `${lng} ${key}`).toEqual(placeholders(text));
    }
  });
}
