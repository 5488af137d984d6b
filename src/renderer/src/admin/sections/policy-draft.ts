// Pure helpers of the policy form (unit-tested): which settings changed, the patch that sends
// only those, and the country list typed as text.
import type { Policy } from '../../../../shared/policy';
import type { PolicyKey } from '../../../../shared/admin';

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
