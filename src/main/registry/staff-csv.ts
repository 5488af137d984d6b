// Staff CSV import and export. Columns (header row required, any order, case-insensitive):
//   employee_id (required), name (required), phone, role, language, groups, status
// groups are separated by ";". An empty optional cell means "default" for a new person and
// "unchanged" for an existing one (matched by employee_id). See docs/STAFF-CSV.md.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../db/connection';
import type { RegistryService } from './registry-service';
import { RegistryError, type StaffImporter } from './registry-service';
import { LANGUAGES, ROLES, USER_STATUSES } from '../../shared/domain';
import type { NewUserInput } from '../../shared/schemas';

export const STAFF_COLUMNS = [
  'employee_id',
  'name',
  'phone',
  'role',
  'language',
  'groups',
  'status',
] as const;
type Column = (typeof STAFF_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['employee_id', 'name'];

export interface RowError {
  line: number;
  reason: string;
}

export interface ImportReport {
  added: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: RowError[];
  dryRun: boolean;
}

interface ParsedLine {
  line: number;
  cells: string[];
}

const PARSE_OPTIONS = {
  bom: true,
  relax_column_count: true,
  skip_empty_lines: true,
  trim: true,
  info: true,
} as const;

/** Splits CSV text into records with their line numbers; unparseable lines become errors. */
function parseLines(text: string): { lines: ParsedLine[]; errors: RowError[] } {
  const skipped: unknown[] = [];
  const records = parse(text, {
    ...PARSE_OPTIONS,
    skip_records_with_error: true,
    on_skip: (error) => {
      skipped.push(error);
    },
  }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  if (skipped.length === 0) {
    return { lines: records.map((r) => ({ line: r.info.lines, cells: r.record })), errors: [] };
  }
  // A broken quote makes the parser lose its place; no valid staff row spans two lines (names
  // may not contain line breaks), so parse line by line to report exactly the broken ones.
  const lines: ParsedLine[] = [];
  const errors: RowError[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .forEach((physical, index) => {
      if (physical.trim() === '') return;
      try {
        const [record] = parse(physical, { ...PARSE_OPTIONS, info: false }) as string[][];
        if (record) lines.push({ line: index + 1, cells: record });
      } catch (error) {
        errors.push({ line: index + 1, reason: `not valid CSV (${csvProblem(error)})` });
      }
    });
  return { lines, errors };
}

function csvProblem(error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  if (code.includes('QUOTE')) return 'a quote is not closed or is misplaced';
  return (error as Error).message.split(':')[0] ?? 'unreadable';
}

/** Undoes the formula guard of our own export so an exported file imports back unchanged. */
function unguard(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

export function importStaffCsv(
  registry: RegistryService,
  text: string,
  options: {
    dryRun: boolean;
    actor: string;
    db: Db;
    /**
     * Import even when the file leaves no active manager (the CLI's --force). Without it such an
     * import throws RegistryError last_manager from registry.bulk() and writes nothing, in a dry
     * run too.
     */
    allowNoManager?: boolean;
  },
): ImportReport {
  const report: ImportReport = {
    added: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    errors: [],
    dryRun: options.dryRun,
  };
  const { lines, errors } = parseLines(text);
  const [header, ...rows] = lines.sort((a, b) => a.line - b.line);
  if (!header) {
    report.errors.push({ line: 1, reason: 'the file is empty; it needs a header row' });
    report.failed = 1;
    return report;
  }
  if (errors.some((e) => e.line === header.line) || errors.some((e) => e.line < header.line)) {
    report.errors.push(...errors);
    report.failed = errors.length;
    return report;
  }
  const columns = header.cells.map((c) => c.toLowerCase().replace(/[\s-]+/g, '_'));
  const unknown = columns.filter((c) => !(STAFF_COLUMNS as readonly string[]).includes(c));
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (unknown.length || missing.length) {
    const parts = [];
    if (missing.length) parts.push(`missing column ${missing.join(', ')}`);
    if (unknown.length) parts.push(`unknown column ${unknown.join(', ')}`);
    report.errors.push({
      line: header.line,
      reason: `${parts.join('; ')} (the columns are ${STAFF_COLUMNS.join(', ')})`,
    });
    report.failed = 1;
    return report;
  }
  report.errors.push(...errors);

  const seenIds = new Map<string, number>();
  const indexes = new Map(STAFF_COLUMNS.map((c) => [c, columns.indexOf(c)]));
  // A dry run does the whole import, so it finds exactly the same problems, then rolls back.
  const rollback = new Error('dry run');
  let importer: StaffImporter | undefined;
  try {
    // One transaction; the last-manager rule is judged on the end result (registry.bulk), so a
    // file may demote one manager on a line before it promotes another.
    options.db.transaction(() => {
      registry.bulkImport(
        options.actor,
        (rowImporter) => {
          importer = rowImporter;
          for (const row of rows) {
            const reason = importRow(
              registry,
              rowImporter,
              indexes,
              columns.length,
              row,
              seenIds,
              report,
            );
            if (reason) report.errors.push({ line: row.line, reason });
          }
        },
        { allowNoManager: options.allowNoManager },
      );
      if (options.dryRun) throw rollback;
    })();
  } catch (error) {
    if (error !== rollback) throw error;
  }
  if (!options.dryRun) importer?.announce();
  report.errors.sort((a, b) => a.line - b.line);
  report.failed = report.errors.length;
  return report;
}

function importRow(
  registry: RegistryService,
  importer: StaffImporter,
  indexes: ReadonlyMap<Column, number>,
  width: number,
  row: ParsedLine,
  seenIds: Map<string, number>,
  report: ImportReport,
): string | undefined {
  if (row.cells.length !== width) {
    return `has ${row.cells.length} fields but the header has ${width}`;
  }
  const cell = (name: Column): string | undefined => {
    const index = indexes.get(name) ?? -1;
    const value = index < 0 ? '' : unguard(row.cells[index] ?? '');
    return value === '' ? undefined : value;
  };
  const employeeId = cell('employee_id') ?? '';
  const earlier = seenIds.get(employeeId.toLowerCase());
  if (earlier !== undefined) return `employee ID ${employeeId} is also on line ${earlier}`;
  if (employeeId) seenIds.set(employeeId.toLowerCase(), row.line);

  const role = cell('role')?.toLowerCase();
  if (role && !(ROLES as readonly string[]).includes(role)) {
    return `role "${role}" is not one of ${ROLES.join(', ')}`;
  }
  const language = cell('language')?.toLowerCase();
  if (language && !(LANGUAGES as readonly string[]).includes(language)) {
    return `language "${language}" is not one of ${LANGUAGES.join(', ')}`;
  }
  const status = cell('status')?.toLowerCase();
  if (status && !(USER_STATUSES as readonly string[]).includes(status)) {
    return `status "${status}" is not one of ${USER_STATUSES.join(', ')}`;
  }
  const groupsCell = cell('groups');
  const phone = cell('phone');
  const fields: Omit<NewUserInput, 'employeeId'> & { displayName: string } = {
    displayName: cell('name') ?? '',
    ...(phone !== undefined && { phone }),
    ...(role && { role: role as NewUserInput['role'] }),
    ...(language && { language: language as NewUserInput['language'] }),
    ...(status && { status: status as NewUserInput['status'] }),
    ...(groupsCell !== undefined && {
      groups: groupsCell
        .split(';')
        .map((g) => g.trim())
        .filter(Boolean),
    }),
  };
  try {
    const existing = registry.users.byEmployeeId(employeeId);
    if (!existing) {
      importer.add({ employeeId, ...fields });
      report.added++;
    } else if (importer.update(existing, fields)) report.updated++;
    else report.unchanged++;
    return undefined;
  } catch (error) {
    if (error instanceof RegistryError) return error.message.replace(/\.$/, '');
    throw error;
  }
}

/** Spreadsheets run cells that start with = + - @ (and tab/CR) as formulas; a quote disarms them. */
export function guardCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function toCsv(
  header: readonly string[],
  rows: Iterable<ReadonlyArray<string | number | null>>,
): string {
  const safe = [...rows].map((row) => row.map((v) => guardCell(v === null ? '' : String(v))));
  return stringify([[...header], ...safe], { record_delimiter: '\r\n' });
}

export function exportStaffCsv(registry: RegistryService): string {
  const users = registry.list();
  return toCsv(
    STAFF_COLUMNS,
    users.map((u) => [
      u.employeeId,
      u.displayName,
      u.phone,
      u.role,
      u.language,
      registry.groups.groupNamesOf(u.id).join(';'),
      u.status,
    ]),
  );
}
