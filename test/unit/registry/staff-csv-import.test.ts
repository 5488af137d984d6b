// Issue 11.13: the import's fast path (one transaction, no savepoint per row, the audit head
// written once) keeps what the row-by-row import did: per-person audit entries that `db check`
// replays, per-line errors that write nothing, and change listeners told after the commit.
import { beforeEach, describe, expect, it } from 'vitest';
import { makeKit, type TestKit } from '../../support/harness';
import { importStaffCsv } from '../../../src/main/registry/staff-csv';
import { databaseProblems } from '../../../src/main/audit/db-check';

let kit: TestKit;
beforeEach(() => {
  kit = makeKit();
  kit.registry.addUser(
    { employeeId: 'M1', displayName: 'Maija', phone: '040 123 8291', role: 'manager' },
    'test',
  );
  kit.registry.addUser({ employeeId: 'W1', displayName: 'Ville', phone: '040 100 0001' }, 'test');
});

const run = (text: string, dryRun = false) =>
  importStaffCsv(kit.registry, text, { dryRun, actor: 'csv', db: kit.db });

const FILE = [
  'employee_id,name,phone,role,status,groups',
  'W1,Ville,040 100 0009,worker,disabled,Dock', // update: number, status and group
  'Ｗ２,Aino,040 100 0002,,,Dock;Yard', // new, fullwidth ID stored as W2
  'W3,Juha,040 100 0002,,,Ghost', // the number W2 took on the line above
  'W4,Lea,not a number,,,',
  'M1,Maija,040 123 8291,manager,active,', // unchanged
].join('\n');

describe('the staff CSV import', () => {
  it('writes one audit entry per person changed, and db check passes after it', () => {
    const report = run(FILE);
    expect(report).toMatchObject({ added: 1, updated: 1, unchanged: 1, failed: 2 });
    expect(report.errors.map((e) => e.line)).toEqual([4, 5]);
    expect(report.errors[0]!.reason).toMatch(/already the sign-in number of Aino \(W2\)/);
    const entries = kit.audit.list().filter((row) => row.actor === 'csv');
    expect(entries.map((row) => `${row.action} ${row.target}`)).toEqual([
      'group.add group:Dock',
      'user.update user:W1',
      'group.add group:Yard',
      'user.add user:W2',
    ]);
    expect(JSON.parse(entries[1]!.details)).toMatchObject({ status: 'disabled' });
    expect(kit.registry.findByEmployeeId('W1')).toMatchObject({
      phone: '+358401000009',
      status: 'disabled',
      groups: ['Dock'],
    });
    expect(databaseProblems(kit.db, kit.audit).problems).toEqual([]);
  });

  it('leaves nothing behind for a refused line (no group made for it)', () => {
    run(FILE);
    expect(kit.registry.findByEmployeeId('W3')).toBeUndefined();
    expect(kit.registry.listGroups().map((g) => g.name)).toEqual(['Dock', 'Yard']);
  });

  it('finds the same problems in a dry run and writes nothing', () => {
    const auditRows = kit.audit.list().length;
    const dry = run(FILE, true);
    expect(dry).toMatchObject({ dryRun: true, added: 1, updated: 1, unchanged: 1, failed: 2 });
    expect(kit.audit.list()).toHaveLength(auditRows);
    expect(kit.registry.findByEmployeeId('W2')).toBeUndefined();
    expect(databaseProblems(kit.db, kit.audit).problems).toEqual([]);
    // The chain goes on from the right head after the rolled-back import.
    run(FILE);
    expect(kit.audit.verify().ok).toBe(true);
  });

  it('tells the change listeners about the people changed, once it is written', () => {
    const heard: number[] = [];
    kit.registry.onUserChanged((id) => {
      heard.push(id);
      // The listener re-reads the person: the change is already there.
      expect(kit.registry.users.byId(id)!.status).toBe('disabled');
    });
    run(FILE, true);
    expect(heard).toEqual([]);
    run(FILE);
    expect(heard).toEqual([kit.registry.findByEmployeeId('W1')!.id]);
  });
});
