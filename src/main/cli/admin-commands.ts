// logs, db, site and policy commands of the admin CLI.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliCommand, CliContext } from './types';
import { UsageError } from './types';
import { cliActor, withCore } from './open';
import { auditLogCsv, signInLogCsv } from '../audit/log-csv';
import { LATEST_SCHEMA_VERSION, schemaVersion } from '../db/migrations';
import { employeeIdCollisions } from '../registry/users';
import { databaseProblems } from '../audit/db-check';
import { DEFAULT_POLICY, type Policy } from '../../shared/policy';

function emit(ctx: CliContext, file: string | undefined, csv: string, rows: number): void {
  if (file) {
    writeFileSync(file, csv);
    ctx.io.err(`wrote ${rows} rows to ${file}`);
  } else {
    ctx.io.out(csv.replace(/\r\n$/, ''));
  }
}

function parseTime(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new UsageError(`${flag} must be a date such as 2026-11-27 or 2026-11-27T08:00Z`);
  return ms;
}

const logsExport: CliCommand = async (ctx) => {
  const { values, positionals } = parseArgs({
    args: ctx.argv,
    options: { audit: { type: 'boolean' }, from: { type: 'string' }, to: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length > 1)
    throw new UsageError('logs export [FILE] [--audit] [--from DATE] [--to DATE]');
  const from = parseTime(values.from, '--from');
  const to = parseTime(values.to, '--to');
  return withCore(ctx.dbPath, (core) => {
    if (values.audit) {
      const rows = core.audit
        .list()
        .filter((r) => (from ?? -Infinity) <= r.at && r.at < (to ?? Infinity));
      const csv = auditLogCsv(rows);
      emit(ctx, positionals[0], csv, rows.length);
      const check = core.audit.verify();
      if (!check.ok) {
        ctx.io.err(`WARNING: the audit log has been tampered with: ${check.problem}`);
        return 1;
      }
      return 0;
    }
    const rows = core.signInLog.list({ from, to });
    const csv = signInLogCsv(rows);
    emit(ctx, positionals[0], csv, rows.length);
    return 0;
  });
};

const dbCheck: CliCommand = async (ctx) => {
  const { values } = parseArgs({ args: ctx.argv, options: { json: { type: 'boolean' } } });
  return withCore(ctx.dbPath, (core) => {
    const { problems, auditRows } = databaseProblems(core.db, core.audit);
    for (const same of employeeIdCollisions(core.db)) {
      problems.push(
        `employee IDs ${same.map((u) => `"${u.employeeId}" (user ${u.id})`).join(', ')} are one ID once normalised: keep one person and delete the other`,
      );
    }
    const result = {
      ok: problems.length === 0,
      path: ctx.dbPath,
      schemaVersion: schemaVersion(core.db),
      latestSchemaVersion: LATEST_SCHEMA_VERSION,
      users: core.registry.users.count(),
      auditEntries: auditRows,
      problems,
    };
    if (values.json) ctx.io.out(JSON.stringify(result));
    else {
      ctx.io.out(
        `database ${result.path}: schema ${result.schemaVersion}, ${result.users} people, ${result.auditEntries} audit entries`,
      );
      for (const p of problems) ctx.io.err(`problem: ${p}`);
      ctx.io.out(
        result.ok
          ? 'OK: integrity check passed, the audit chain is intact, the settings are within bounds and the people match their audit entries'
          : `FAILED: ${problems.length} problem(s)`,
      );
    }
    return result.ok ? 0 : 1;
  });
};

const siteShow: CliCommand = async (ctx) =>
  withCore(ctx.dbPath, (core) => {
    ctx.io.out(JSON.stringify(core.config.site(), null, 2));
    return 0;
  });

const siteSet: CliCommand = async (ctx) => {
  const { values } = parseArgs({
    args: ctx.argv,
    options: {
      name: { type: 'string' },
      country: { type: 'string' },
      'time-zone': { type: 'string' },
    },
  });
  return withCore(ctx.dbPath, (core) => {
    const site = core.config.updateSite(
      {
        ...(values.name !== undefined && { name: values.name }),
        ...(values.country !== undefined && { defaultCountry: values.country.toUpperCase() }),
        ...(values['time-zone'] !== undefined && { timeZone: values['time-zone'] }),
      },
      cliActor(),
    );
    ctx.io.out(JSON.stringify(site, null, 2));
    return 0;
  });
};

const policyShow: CliCommand = async (ctx) =>
  withCore(ctx.dbPath, (core) => {
    ctx.io.out(JSON.stringify(core.config.policy(), null, 2));
    return 0;
  });

/** `policy set codeLength=8 enumerationMode=helpful allowedCountries=FI,SE` */
const policySet: CliCommand = async (ctx) => {
  const { positionals } = parseArgs({ args: ctx.argv, allowPositionals: true });
  if (positionals.length === 0) throw new UsageError('policy set KEY=VALUE ...');
  const patch: Record<string, unknown> = {};
  for (const pair of positionals) {
    const [key, raw] = pair.split(/=(.*)/s) as [string, string | undefined];
    if (raw === undefined || !(key in DEFAULT_POLICY)) {
      throw new UsageError(
        `"${pair}": expected KEY=VALUE with KEY one of ${Object.keys(DEFAULT_POLICY).join(', ')}`,
      );
    }
    const sample = DEFAULT_POLICY[key as keyof Policy];
    const items = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    patch[key] =
      key === 'scopeGroupIds'
        ? items.map(Number)
        : Array.isArray(sample)
          ? items.map((s) => s.toUpperCase())
          : typeof sample === 'number'
            ? Number(raw)
            : typeof sample === 'boolean'
              ? ['true', 'on', '1'].includes(raw)
              : raw;
  }
  return withCore(ctx.dbPath, (core) => {
    ctx.io.out(
      JSON.stringify(core.config.updatePolicy(patch as Partial<Policy>, cliActor()), null, 2),
    );
    return 0;
  });
};

export const logsCommands: Record<string, CliCommand> = { export: logsExport };
export const dbCommands: Record<string, CliCommand> = { check: dbCheck };
export const siteCommands: Record<string, CliCommand> = { show: siteShow, set: siteSet };
export const policyCommands: Record<string, CliCommand> = { show: policyShow, set: policySet };
