// Pure helpers of the policy form (unit-tested): which settings changed, the patch that sends
// only those, and the country list typed as text.
import type { Policy } from '../../../../shared/policy';
import type { PolicyKey } from '../../../../shared/admin';
import type { TFunction } from 'i18next';

/** The keys whose draft value differs from the saved one, in the order of `keys`. */
export function changedKeys(saved: Policy, draft: Policy, keys: readonly PolicyKey[]): PolicyKey[] {
  return keys.filter((key) => JSON.stringify(saved[key]) !== JSON.stringify(draft[key]));
}

/** Only the changed settings, for admin.policyUpdate. */
export function patchOf(saved: Policy, draft: Policy, keys: readonly PolicyKey[]): Partial<Policy> {
  const patch: Record<string, unknown> = {};
  for (const key of changedKeys(saved, draft, keys)) patch[key] = draft[key];
  return patch as Partial<Policy>;
}

/** "fi, SE ee" → ["FI", "SE", "EE"]: two-letter codes separated by commas or spaces. */
export function parseCountries(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
}

/** A whole number kept within its bounds (the stepper and typing both go through it). */
export function clampInt(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.round(value)));
}

/**
 * A saved setting in words for the "(was …)" hint: On/Off, a choice's name, group names instead
 * of ids, days and hours, numbers in the screen's format.
 */
export function valueWords(
  t: TFunction,
  key: PolicyKey,
  value: Policy[PolicyKey],
  groups: ReadonlyArray<{ id: number; name: string }>,
  language: string,
): string {
  const groupName = (id: number) =>
    groups.find((g) => g.id === id)?.name ?? t('admin:policy.unknownGroup', { id });
  const none = t('admin:policy.none');
  if (typeof value === 'boolean') return t(value ? 'admin:policy.on' : 'admin:policy.off');
  if (typeof value === 'number') return new Intl.NumberFormat(language).format(value);
  if (typeof value === 'string')
    return t(`admin:policy.choices.${key}.${value}`, { defaultValue: value });
  if (value.length === 0) return none;
  if (key === 'scopeGroupIds' || key === 'kioskGroupIds') {
    return (value as number[]).map(groupName).join(', ');
  }
  if (key === 'groupFactors') {
    return (value as Policy['groupFactors'])
      .map(
        (g) =>
          `${groupName(g.groupId)}: ${g.factors.map((f) => t(f === 'pin' ? 'admin:policy.pin' : 'admin:policy.app')).join(', ')}`,
      )
      .join('; ');
  }
  if (key === 'shiftWindows') {
    return (value as Policy['shiftWindows'])
      .map(
        (w) =>
          `${groupName(w.groupId)}: ${w.days.map((d) => t(`admin:policy.day${d}`)).join(', ')} ${w.from}–${w.to}`,
      )
      .join('; ');
  }
  return (value as unknown[]).map(String).join(', ');
}
