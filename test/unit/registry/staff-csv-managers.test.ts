// Issue 11.13 / 11.2: an import that would leave no active manager is refused by registry.bulk's
// last-manager rule (judged on the whole file, nothing written, in a dry run too) unless allowed.
import { beforeEach, describe, expect, it } from 'vitest';
import { makeKit, type TestKit } from '../../support/harness';
import { importStaffCsv } from '../../../src/main/registry/staff-csv';
import { RegistryError } from '../../../src/main/registry/registry-service';

let kit: TestKit;
beforeEach(() => {
  kit = makeKit();
  kit.registry.addUser(
    { employeeId: 'M1', displayName: 'Maija', phone: '040 123 8291', role: 'manager' },
    'test',
  );
});

const DEMOTE = 'employee_id,name,role\nM1,Maija,worker\nW1,Ville,worker\n';
const run = (text: string, options: { allowNoManager?: boolean; dryRun?: boolean } = {}) =>
  importStaffCsv(kit.registry, text, {
    dryRun: options.dryRun ?? false,
    actor: 'test',
    db: kit.db,
    allowNoManager: options.allowNoManager,
  });

function refusal(text: string, dryRun = false): unknown {
  try {
    run(text, { dryRun });
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('CSV import and the last manager', () => {
  it('refuses an import that demotes or disables the last active manager, writing nothing', () => {
    const auditRows = kit.audit.list().length;
    for (const text of [DEMOTE, 'employee_id,name,status\nM1,Maija,disabled\n']) {
      const error = refusal(text);
      expect(error).toBeInstanceOf(RegistryError);
      expect(error).toMatchObject({
        code: 'last_manager',
        message: expect.stringMatching(/^Cannot import this file: .*no active manager/) as string,
      });
    }
    expect(kit.registry.findByEmployeeId('M1')).toMatchObject({
      role: 'manager',
      status: 'active',
    });
    expect(kit.registry.findByEmployeeId('W1')).toBeUndefined();
    expect(kit.audit.list()).toHaveLength(auditRows);
    expect(kit.audit.verify().ok).toBe(true);
  });

  it('refuses it in a dry run too, so the dry run finds what the import would', () => {
    expect(refusal(DEMOTE, true)).toMatchObject({ code: 'last_manager' });
  });

  it('imports it when allowed (the CLI --force)', () => {
    expect(run(DEMOTE, { allowNoManager: true })).toMatchObject({
      added: 1,
      updated: 1,
      failed: 0,
    });
    expect(kit.registry.findByEmployeeId('M1')!.role).toBe('worker');
  });

  it('lets through an import that hands over to another manager', () => {
    expect(run('employee_id,name,role\nM1,Maija,worker\nM2,Mika,manager\n')).toMatchObject({
      added: 1,
      updated: 1,
      failed: 0,
    });
    expect(kit.registry.findByEmployeeId('M1')!.role).toBe('worker');
  });
});
