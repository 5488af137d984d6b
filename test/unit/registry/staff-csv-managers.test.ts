// Issue 11.13 / 11.2: an import that would leave no active manager is refused (nothing written)
// unless forced.
import { beforeEach, describe, expect, it } from 'vitest';
import { makeKit, type TestKit } from '../../support/harness';
import { importStaffCsv } from '../../../src/main/registry/staff-csv';

let kit: TestKit;
beforeEach(() => {
  kit = makeKit();
  kit.registry.addUser(
    { employeeId: 'M1', displayName: 'Maija', phone: '040 123 8291', role: 'manager' },
    'test',
  );
});

const DEMOTE = 'employee_id,name,role\nM1,Maija,worker\nW1,Ville,worker\n';
const run = (text: string, force?: boolean) =>
  importStaffCsv(kit.registry, text, { dryRun: false, actor: 'test', db: kit.db, force });

describe('CSV import and the last manager', () => {
  it('refuses an import that demotes or disables the last active manager, writing nothing', () => {
    const report = run(DEMOTE);
    expect(report).toMatchObject({ added: 0, updated: 0, failed: 1 });
    expect(report.errors[0]!.reason).toMatch(/would leave no active manager.*--force/);
    expect(kit.registry.findByEmployeeId('M1')!.role).toBe('manager');
    expect(kit.registry.findByEmployeeId('W1')).toBeUndefined();
    expect(run('employee_id,name,status\nM1,Maija,disabled\n').failed).toBe(1);
  });

  it('imports it when forced', () => {
    expect(run(DEMOTE, true)).toMatchObject({ added: 1, updated: 1, failed: 0 });
    expect(kit.registry.findByEmployeeId('M1')!.role).toBe('worker');
  });

  it('lets through an import that hands over to another manager', () => {
    expect(run('employee_id,name,role\nM2,Mika,manager\nM1,Maija,worker\n')).toMatchObject({
      added: 1,
      updated: 1,
      failed: 0,
    });
  });
});
