// Small helpers shared by the benchmarks.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../src/main/db/connection';

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return round(sorted[Math.max(0, index)]!);
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function tempDbPath(name = 'bench.db'): string {
  return join(mkdtempSync(join(tmpdir(), 'kiosk-bench-')), name);
}

/** A registered worker's number for index i: +35840 followed by 7 digits. */
export function benchPhone(i: number): string {
  return `+35840${String(i).padStart(7, '0')}`;
}

const FIRST =
  'Aino Bea Cai Dana Eino Fatima Gustav Hanna Ilkka Jukka Kaisa Lucia Mikko Nora Otto Pia Rasmus Sofia Tuomas Ulla Veera Wilma Yusuf Zara Anders Elin Juan Maria Pekka Sanna'.split(
    ' ',
  );
const LAST =
  'Virtanen Korhonen Nieminen Makinen Hamalainen Laine Heikkinen Koskinen Jarvinen Lehtonen Andersson Lindqvist Fernandez Garcia Lopez Martinez Smith Carter Nguyen Okafor Kowalski Novak Silva Rossi Haddad Yilmaz Berg Dahl Holm Strand'.split(
    ' ',
  );

/** A realistic spread of names, so a search for a name matches a few percent, not everyone. */
export function benchName(i: number): string {
  return `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
}

/**
 * Registers `count` workers straight through SQL: the set-up of a benchmark, not what it
 * measures (the import benchmark measures the real import).
 */
export function seedUsers(db: Db, count: number, now = Date.now()): void {
  const insert = db.prepare(
    `INSERT INTO users (employee_id, display_name, phone_e164, role, status, language, created_at, updated_at)
     VALUES (?, ?, ?, 'worker', 'active', 'en', ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(`B${i}`, benchName(i), benchPhone(i), now, now);
  })();
}

export function staffCsv(count: number, offset = 0): string {
  const lines = ['employee_id,name,phone,role,language,groups,status'];
  for (let i = offset; i < offset + count; i++) {
    lines.push(`E${i},${benchName(i)},${benchPhone(i)},worker,fi,Dock;Shift ${i % 3},active`);
  }
  return `${lines.join('\n')}\n`;
}
