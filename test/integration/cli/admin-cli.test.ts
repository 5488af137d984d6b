import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { runCliCaptured } from '../../support/cli';

const SAMPLE = resolve(__dirname, '../../../resources/sample-staff.csv');
let dir: string;
let db: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-cli-'));
  db = join(dir, 'kiosk.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function cli(...argv: string[]) {
  return runCliCaptured(['--db', db, ...argv]);
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('users import', () => {
  it('imports the shipped sample', async () => {
    const result = await cli('users', 'import', SAMPLE);
    expect(result).toMatchObject({ code: 0, out: 'added 7, updated 0, unchanged 0, failed 0' });
    const list = JSON.parse((await cli('users', 'list', '--json')).out);
    expect(list).toHaveLength(7);
    expect(list.find((u: { employeeId: string }) => u.employeeId === 'E102')).toMatchObject({
      phone: '+358401000003',
      language: 'fi',
      groups: ['Dock', 'Forklift'],
    });
  });

  it('reports each bad row by line, imports the good ones and exits 1', async () => {
    const csv = file(
      'staff.csv',
      [
        'Employee_ID,Name,Phone,Role',
        'E1,Aino,040 111 2222,worker', // 2 ok
        'E2,Bea,09 1234 567,worker', // 3 landline
        'E3,Cai,040 111 2222,worker', // 4 duplicate phone
        'E4,Dan,12,worker', // 5 too short
        'E5,Eve,050 333 4444,boss', // 6 bad role
        'E6,Fay,050 555 6666', // 7 field count
        'E1,Gus,050 777 8888,worker', // 8 duplicate id in file
        'E8,,050 999 0000,worker', // 9 no name
        'E9,"Hal,050 123 9999,worker', // 10 broken quote
        'E10,Ida,+358 50 246 8100,manager', // 11 ok
      ].join('\n'),
    );
    const result = await cli('users', 'import', csv);
    expect(result.code).toBe(1);
    expect(result.err.split('\n')).toEqual([
      'line 3: +358 9 1234567 is a landline; codes can only go to a mobile number',
      'line 4: +358401112222 is already the sign-in number of Aino (E1)',
      'line 5: "12" is too short to be a phone number',
      'line 6: role "boss" is not one of worker, manager',
      'line 7: has 3 fields but the header has 4',
      'line 8: employee ID E1 is also on line 2',
      'line 9: Name is empty',
      'line 10: not valid CSV (a quote is not closed or is misplaced)',
    ]);
    expect(result.out).toBe('added 2, updated 0, unchanged 0, failed 8');
    const ids = JSON.parse((await cli('users', 'list', '--json')).out).map(
      (u: { employeeId: string }) => u.employeeId,
    );
    expect(ids.sort()).toEqual(['E1', 'E10']);
  });

  it('writes nothing on a dry run but finds the same problems', async () => {
    const csv = file(
      'staff.csv',
      'employee_id,name,phone\nE1,Aino,040 111 2222\nE2,Bea,040 111 2222\n',
    );
    const dry = await cli('users', 'import', csv, '--dry-run', '--json');
    expect(JSON.parse(dry.out)).toMatchObject({
      added: 1,
      failed: 1,
      dryRun: true,
      errors: [{ line: 3 }],
    });
    expect(dry.code).toBe(1);
    expect(JSON.parse((await cli('users', 'list', '--json')).out)).toEqual([]);
  });

  it('refuses a file without the required columns, naming them', async () => {
    const result = await cli('users', 'import', file('x.csv', 'id,fullname\n1,A\n'));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      /^line 1: missing column employee_id, name; unknown column id, fullname/,
    );
  });

  it('updates existing people by employee ID', async () => {
    await cli('users', 'import', file('a.csv', 'employee_id,name,phone\nE1,Aino,040 111 2222\n'));
    const again = await cli(
      'users',
      'import',
      file('b.csv', 'employee_id,name,language\nE1,Aino V,fi\nE2,Bea,\n'),
    );
    expect(again.out).toBe('added 1, updated 1, unchanged 0, failed 0');
    const [aino] = JSON.parse((await cli('users', 'list', '--json', '--search', 'E1')).out);
    expect(aino).toMatchObject({ displayName: 'Aino V', language: 'fi', phone: '+358401112222' });
  });

  it('leaves the columns a file does not have as they were', async () => {
    await cli(
      'users',
      'import',
      file('a.csv', 'employee_id,name,role,groups\nM1,Maria,manager,Dock;Night\n'),
    );
    await cli('users', 'import', file('b.csv', 'employee_id,name\nM1,Maria L\n'));
    const [maria] = JSON.parse((await cli('users', 'list', '--json')).out);
    expect(maria).toMatchObject({
      displayName: 'Maria L',
      role: 'manager',
      groups: ['Dock', 'Night'],
    });
  });
});

describe('users export', () => {
  it('disarms spreadsheet formulas and imports back unchanged', async () => {
    await cli(
      'users',
      'add',
      '--employee-id',
      'E1',
      '--name',
      '=HYPERLINK("http://x","click")',
      '--phone',
      '040 111 2222',
    );
    await cli('users', 'add', '--employee-id', 'E2', '--name', '@SUM(A1)', '--group=-Dock');
    const out = join(dir, 'export.csv');
    expect((await cli('users', 'export', out)).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain(`E1,"'=HYPERLINK(""http://x"",""click"")",'+358401112222`);
    expect(text).toContain(`E2,'@SUM(A1),,worker,en,'-Dock,active`);
    const before = JSON.parse((await cli('users', 'list', '--json')).out);
    db = join(dir, 'second.db');
    expect((await cli('users', 'import', out)).code).toBe(0);
    const after = JSON.parse((await cli('users', 'list', '--json')).out);
    const strip = (users: Array<Record<string, unknown>>) =>
      users.map(({ id: _id, createdAt: _c, updatedAt: _u, ...rest }) => rest);
    expect(strip(after)).toEqual(strip(before));
  });
});

describe('single-user commands', () => {
  beforeEach(async () => {
    await cli('users', 'add', '--employee-id', 'E1', '--name', 'Aino', '--phone', '040 111 2222');
  });

  it('set-phone validates the number', async () => {
    const bad = await cli('users', 'set-phone', 'E1', '09 1234 567');
    expect(bad).toMatchObject({ code: 1, err: expect.stringMatching(/landline/) });
    const good = await cli('users', 'set-phone', 'E1', '+358 50 123 4567');
    expect(good.out).toContain('+358501234567');
  });

  it('disable, enable and unlock are audited', async () => {
    expect((await cli('users', 'disable', 'E1')).out).toMatch(/^disabled E1/);
    expect((await cli('users', 'enable', 'E1')).out).toMatch(/^enabled E1/);
    expect((await cli('users', 'unlock', 'E1')).code).toBe(0);
    const audit = (await cli('logs', 'export', '--audit')).out;
    expect(audit.split('\r\n').map((l) => l.split(',')[3])).toEqual([
      'action',
      'user.add',
      'user.update',
      'user.update',
      'user.unlock',
    ]);
  });

  it('unlocks one factor at a time (--factor sms|pin|all)', async () => {
    await cli('users', 'add', '--employee-id', 'E1', '--name', 'Aino');
    expect((await cli('users', 'unlock', 'E1', '--factor', 'pin')).out).toBe(
      'the PIN of E1 was not locked',
    );
    expect((await cli('users', 'unlock', 'E1', '--factor', 'face')).code).toBe(2);
  });

  it('names an unknown employee ID', async () => {
    expect(await cli('users', 'unlock', 'E404')).toMatchObject({
      code: 1,
      err: 'Error: No user has employee ID E404.',
    });
  });
});

describe('db check', () => {
  it('passes on a healthy database and fails when the audit log was edited', async () => {
    await cli('users', 'add', '--employee-id', 'E1', '--name', 'Aino');
    expect((await cli('db', 'check')).code).toBe(0);
    const raw = new Database(db);
    raw.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'nobody'");
    raw.close();
    const check = await cli('db', 'check', '--json');
    expect(check.code).toBe(1);
    // Every row was edited, the keyed genesis (entry 0) first; the dropped trigger is named too.
    expect(JSON.parse(check.out).problems).toEqual([
      'audit log: entry 0 was changed after it was written',
      'audit log: the append-only rule audit_log_no_update was removed',
    ]);
  });

  it('reports two people whose employee IDs are one ID once normalised (NFKC)', async () => {
    await cli('users', 'add', '--employee-id', 'E1', '--name', 'Aino');
    const raw = new Database(db);
    // A row from before IDs were normalised, which the migration could not merge.
    raw
      .prepare(
        `INSERT INTO users (employee_id, display_name, role, status, language, created_at, updated_at)
         VALUES ('Ｅ１', 'Aino again', 'worker', 'active', 'en', 1, 1)`,
      )
      .run();
    raw.close();
    const check = await cli('db', 'check', '--json');
    expect(check.code).toBe(1);
    // The row was written behind the app's back, so it has no audit entry either.
    expect(JSON.parse(check.out).problems).toEqual([
      'people: Ｅ１ has no audit entry (added outside the app)',
      'employee IDs "E1" (user 1), "Ｅ１" (user 2) are one ID once normalised: keep one person and delete the other',
    ]);
  });

  it('explains a file that is not a database', async () => {
    db = file('notes.db', 'hello '.repeat(1000));
    const result = await cli('db', 'check');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/is not a kiosk database or is damaged/);
  });
});

describe('usage', () => {
  it('exits 2 with the usage text for an unknown command', async () => {
    const result = await cli('users', 'frobnicate');
    expect(result.code).toBe(2);
    expect(result.err).toContain('Unknown command "users frobnicate"');
  });

  it('exits 2 for a missing option', async () => {
    const result = await cli('users', 'add', '--name', 'X');
    expect(result).toMatchObject({ code: 2, err: expect.stringMatching(/needs --employee-id/) });
  });
});
