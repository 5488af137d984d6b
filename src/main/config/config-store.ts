// Site settings and sign-in policy: JSON documents in the settings table, validated with zod on
// the way in and on the way out (a hand-edited database cannot smuggle in a value out of bounds).
import type { z } from 'zod';
import type { Db } from '../db/connection';
import { readSetting, writeSetting } from '../db/settings';
import type { AuditLog } from '../audit/audit-log';
import { policySchema, siteSchema, type Policy, type SiteSettings } from '../../shared/policy';
import { firstIssue, issueDetail } from '../../shared/schemas';

export class ConfigError extends Error {
  readonly code = 'invalid_settings';
  constructor(
    message: string,
    readonly detail: { field?: string; params?: Record<string, string | number> } = {},
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export class ConfigStore {
  private readonly parsed = new Map<string, { text: string; value: unknown }>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {}

  site(): SiteSettings {
    return this.read('site', siteSchema);
  }

  policy(): Policy {
    return this.read('policy', policySchema);
  }

  /** Countries codes may be sent to: the policy's list, or the site's own country. */
  allowedCountries(): string[] {
    const listed = this.policy().allowedCountries;
    return listed.length ? listed : [this.site().defaultCountry];
  }

  updateSite(patch: Partial<SiteSettings>, actor: string): SiteSettings {
    return this.write('site', siteSchema, { ...this.site(), ...patch }, actor);
  }

  updatePolicy(patch: Partial<Policy>, actor: string): Policy {
    return this.write('policy', policySchema, { ...this.policy(), ...patch }, actor);
  }

  private read<S extends z.ZodType>(key: string, schema: S): z.infer<S> {
    // The row is read every time (the CLI may change it while the app runs); parsing and
    // validating it again is skipped while the text is the same.
    const stored = readSetting(this.db, key) ?? '{}';
    const cached = this.parsed.get(key);
    if (cached?.text === stored) return cached.value as z.infer<S>;
    const parsed = schema.safeParse(JSON.parse(stored));
    if (!parsed.success) {
      throw new ConfigError(`The stored ${key} settings are invalid: ${firstIssue(parsed.error)}`);
    }
    this.parsed.set(key, { text: stored, value: parsed.data });
    return parsed.data;
  }

  private write<S extends z.ZodType>(
    key: string,
    schema: S,
    next: unknown,
    actor: string,
  ): z.infer<S> {
    const parsed = schema.safeParse(next);
    if (!parsed.success) {
      throw new ConfigError(firstIssue(parsed.error), issueDetail(parsed.error));
    }
    this.db.transaction(() => {
      const before = readSetting(this.db, key);
      writeSetting(this.db, key, JSON.stringify(parsed.data));
      this.audit.append({
        actor,
        action: `${key}.update`,
        target: key,
        details: { before: before ? JSON.parse(before) : null, after: parsed.data },
      });
    })();
    return parsed.data;
  }
}
