// `db check`: everything a manager or installer needs to trust the file, each problem
// in words: page integrity and foreign keys, the audit chain with its keyed head and genesis, the
// append-only triggers, the stored settings against their bounds (src/shared/policy.ts), and each
// person's role, phone and status against what their audit entries say they should be.
import type { Db } from '../db/connection';
import { integrityProblems } from '../db/connection';
import { readSetting } from '../db/settings';
import type { AuditLog, AuditRow } from './audit-log';
import { policySchema, siteSchema } from '../../shared/policy';
import { maskPhone } from '../../shared/phone';

export const AUDIT_TRIGGERS = ['audit_log_no_update', 'audit_log_no_delete'] as const;

export function databaseProblems(
  db: Db,
  audit: AuditLog,
): { problems: string[]; auditRows: number } {
  const problems = integrityProblems(db);
  const verified = audit.verify();
  if (!verified.ok) problems.push(`audit log: ${verified.problem}`);
  problems.push(...triggerProblems(db), ...settingsProblems(db), ...peopleProblems(db, audit));
  return { problems, auditRows: verified.rows };
}

export function triggerProblems(db: Db): string[] {
  const present = new Set(
    (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{
        name: string;
      }>
    ).map((r) => r.name),
  );
  return AUDIT_TRIGGERS.filter((name) => !present.has(name)).map(
    (name) => `audit log: the append-only rule ${name} was removed`,
  );
}

export function settingsProblems(db: Db): string[] {
  const problems: string[] = [];
  for (const [key, schema] of [
    ['policy', policySchema],
    ['site', siteSchema],
  ] as const) {
    const stored = readSetting(db, key);
    if (stored === undefined) continue;
    let value: unknown;
    try {
      value = JSON.parse(stored);
    } catch {
      problems.push(`settings: the stored ${key} is not readable`);
      continue;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      problems.push(
        `settings: the stored ${key} is out of bounds (${issue.path.join('.') || key}: ${issue.message})`,
      );
    }
  }
  return problems;
}

interface Expected {
  role?: unknown;
  status?: unknown;
  phone?: unknown;
}

/**
 * Replays the user.* entries per person (role, status, masked phone) and compares with the
 * registry: a change made to the file without the app (no audit entry) shows up here.
 */
export function peopleProblems(db: Db, audit: AuditLog): string[] {
  const expected = new Map<string, Expected>();
  for (const row of audit.list() as AuditRow[]) {
    if (!row.target.startsWith('user:')) continue;
    const id = row.target.slice('user:'.length);
    const details = JSON.parse(row.details) as Record<string, unknown>;
    if (row.action === 'user.add') {
      expected.set(id, { role: details.role, status: details.status, phone: details.phone });
    } else if (row.action === 'user.update') {
      const state = expected.get(id) ?? {};
      for (const field of ['role', 'status', 'phone'] as const) {
        if (field in details) state[field] = details[field];
      }
      if (typeof details.employeeId === 'string' && details.employeeId !== id) {
        expected.delete(id);
        expected.set(details.employeeId, state);
      } else expected.set(id, state);
    } else if (row.action === 'user.delete') expected.delete(id);
  }
  const problems: string[] = [];
  const people = db
    .prepare('SELECT employee_id, role, status, phone_e164 FROM users ORDER BY employee_id')
    .all() as Array<{
    employee_id: string;
    role: string;
    status: string;
    phone_e164: string | null;
  }>;
  for (const person of people) {
    const want = expected.get(person.employee_id);
    if (!want) {
      problems.push(`people: ${person.employee_id} has no audit entry (added outside the app)`);
      continue;
    }
    const phone = person.phone_e164 ? maskPhone(person.phone_e164) : null;
    for (const [field, actual] of [
      ['role', person.role],
      ['status', person.status],
      ['phone', phone],
    ] as const) {
      const wanted = want[field] ?? null;
      if (wanted !== actual) {
        problems.push(
          `people: ${person.employee_id}'s ${field} is not what the audit log last recorded (changed outside the app)`,
        );
      }
    }
  }
  return problems;
}
