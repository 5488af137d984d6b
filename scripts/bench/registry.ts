// registry.*: lookup by number and admin search over 100,000 workers; CSV import of 10k/100k.
import { performance } from 'node:perf_hooks';
import { openCoreServices } from '../../src/main/services';
import { importStaffCsv } from '../../src/main/registry/staff-csv';
import { benchPhone, percentile, round, seedUsers, staffCsv, tempDbPath } from './stats';

export function benchRegistry(users = 100_000) {
  const core = openCoreServices(tempDbPath());
  seedUsers(core.db, users);
  const lookups: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const phone = benchPhone((i * 7919) % users);
    const t0 = performance.now();
    const found = core.registry.users.byActivePhone(phone);
    lookups.push(performance.now() - t0);
    if (!found) throw new Error(`lookup missed ${phone}`);
  }
  // What a manager types: part of a name, an employee ID, a few digits of a number.
  const terms = ['Korhonen', 'B9999', '0012', 'mikko', 'Lucia Garc', '040 000 12', 'nobody'];
  const searches: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    core.registry.list({ search: terms[i % terms.length], limit: 100 });
    core.registry.users.count({ search: terms[i % terms.length] });
    searches.push(performance.now() - t0);
  }
  core.close();
  return {
    'registry.lookupP99': percentile(lookups, 99),
    'registry.searchP99': percentile(searches, 99),
  };
}

/**
 * The import figures alone (`npm run bench -- import`), each beside its floor measured right
 * after it; the 10k pair is the best of three rounds, as a loaded machine makes single runs
 * swing by half.
 */
export function benchImport() {
  const rounds = [1, 2, 3].map(() => [timeImport(10_000), timeBareInsert(10_000)] as const);
  return {
    'registry.import10kMs': Math.min(...rounds.map(([ms]) => ms)),
    'registry.import10kFloorMs': Math.min(...rounds.map(([, floor]) => floor)),
    'registry.import100kMs': timeImport(100_000),
    'registry.import100kFloorMs': timeBareInsert(100_000),
  };
}

/**
 * The floor for the import figures (issue 11.13): the same rows as the CSV (already parsed and
 * normalised) in one transaction through one prepared INSERT, with the search index's triggers
 * and nothing else: no parsing, validation, groups or audit.
 */
export function timeBareInsert(count: number): number {
  const core = openCoreServices(tempDbPath());
  const insert = core.db.prepare(
    `INSERT INTO users (employee_id, display_name, phone_e164, role, status, language, created_at, updated_at)
       VALUES (?, ?, ?, 'worker', 'active', 'fi', 0, 0)`,
  );
  const rows = staffCsv(count)
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
  const t0 = performance.now();
  core.db.transaction(() => {
    for (const [id, name, phone] of rows) insert.run(id, name, phone);
  })();
  const ms = performance.now() - t0;
  core.close();
  return round(ms, 0);
}

function timeImport(count: number): number {
  const core = openCoreServices(tempDbPath());
  const text = staffCsv(count);
  const t0 = performance.now();
  const report = importStaffCsv(core.registry, text, {
    dryRun: false,
    actor: 'bench',
    db: core.db,
  });
  const ms = performance.now() - t0;
  core.close();
  if (report.added !== count) throw new Error(`import added ${report.added} of ${count}`);
  return round(ms, 0);
}
