import { beforeEach, describe, expect, it } from 'vitest';
import type { ImportReportView, PersonView, StaffPage, CsvExport } from '../../../src/shared/admin';
import { makeAdminKit, type AdminKit } from './admin-kit';

const FIRST = ['Aino', 'Juha', 'María', 'Sven', 'Li', 'Olga', 'Tomás', 'Eveliina'];
const LAST = ['Virtanen', 'Korhonen', 'García', 'Lindqvist', 'Wang', 'Ivanova', 'Nieminen'];
const SEEDED = 3000;

/** Thousands of people straight into the table (the registry's checks are not under test here). */
function seed(k: AdminKit): void {
  const { users, groups } = k.kit.registry;
  const dock = groups.insert('Dock', 0);
  const now = k.kit.scheduler.now();
  k.kit.db.transaction(() => {
    for (let i = 0; i < SEEDED; i++) {
      const id = users.insert({
        employeeId: `E${String(i).padStart(5, '0')}`,
        displayName: `${FIRST[i % FIRST.length]} ${LAST[i % LAST.length]} ${i}`,
        phone: `+35840${String(1_000_000 + i).padStart(7, '0')}`,
        role: 'worker',
        status: i % 10 === 0 ? 'disabled' : 'active',
        language: 'en',
        now,
      });
      if (i % 3 === 0) groups.addMemberships(id, [dock]);
    }
  })();
}

let k: AdminKit;
beforeEach(async () => {
  k = makeAdminKit();
  k.addPerson('M1', '050 111 1111', 'manager');
  await k.signInAdmin('050 111 1111');
});

describe('staff list', () => {
  it('pages through thousands of people with a total, searches and filters', async () => {
    seed(k);
    const first = await k.call<StaffPage>('admin.staffList', { offset: 0, limit: 100 });
    expect(first.total).toBe(SEEDED + 1);
    expect(first.rows).toHaveLength(100);
    const last = await k.call<StaffPage>('admin.staffList', { offset: 2950, limit: 100 });
    expect(last.rows).toHaveLength(SEEDED + 1 - 2950);
    // Pages do not overlap and are in name order.
    const second = await k.call<StaffPage>('admin.staffList', { offset: 100, limit: 100 });
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(200);
    const names = first.rows.map((r) => r.displayName.toLowerCase());
    expect(names).toEqual([...names].sort());

    const byName = await k.call<StaffPage>('admin.staffList', { search: 'lindqv', limit: 500 });
    expect(byName.total).toBe(
      Array.from({ length: SEEDED }, (_, i) => i % 7 === 3).filter(Boolean).length,
    );
    expect(byName.rows.every((r) => r.displayName.includes('Lindqvist'))).toBe(true);
    const accent = await k.call<StaffPage>('admin.staffList', { search: 'garcia 2', limit: 5 });
    expect(accent.rows[0]?.displayName).toMatch(/^.+ García 2/);
    const byEmployee = await k.call<StaffPage>('admin.staffList', { search: 'E02999' });
    expect(byEmployee.rows.map((r) => r.employeeId)).toEqual(['E02999']);
    const byNumber = await k.call<StaffPage>('admin.staffList', { search: '040 100 2345' });
    expect(byNumber.rows.map((r) => r.phone)).toEqual(['+358401002345']);

    const disabled = await k.call<StaffPage>('admin.staffList', { status: 'disabled' });
    expect(disabled.total).toBe(SEEDED / 10);
    const dock = k.kit.registry.groups.byName('Dock')!.id;
    const inDock = await k.call<StaffPage>('admin.staffList', {
      groupId: dock,
      status: 'active',
      limit: 10,
    });
    expect(inDock.total).toBe(900); // every third, less every thirtieth (disabled)
    expect(inDock.rows).toHaveLength(10);
  });

  it('refuses a page size over 500 with a typed error', async () => {
    expect(await k.send('admin.staffList', { limit: 501 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });
});

describe('people', () => {
  it('adds, edits, sets and clears a phone, disables, enables, unlocks and deletes', async () => {
    const added = await k.call<PersonView>('admin.staffAdd', {
      employeeId: 'W1',
      displayName: 'Wilma',
      phone: '040 765 4321',
      groups: ['Dock'],
    });
    expect(added).toMatchObject({ phone: '+358407654321', groups: [{ name: 'Dock' }] });
    const id = added.id;
    expect(
      await k.call('admin.staffUpdate', { id, displayName: 'Wilma K', language: 'fi' }),
    ).toMatchObject({ displayName: 'Wilma K', language: 'fi' });
    expect(await k.call('admin.staffSetPhone', { id, phone: '+358 40 765 0000' })).toMatchObject({
      phone: '+358407650000',
    });
    expect(await k.send('admin.staffSetPhone', { id, phone: '09 123 4567' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_phone' },
    });
    expect(await k.send('admin.staffSetPhone', { id, phone: '050 111 1111' })).toMatchObject({
      ok: false,
      error: { code: 'duplicate_phone' },
    });
    expect(await k.call('admin.staffClearPhone', { id })).toMatchObject({ phone: null });
    expect(await k.call('admin.staffDisable', { id })).toMatchObject({ status: 'disabled' });
    expect(await k.call('admin.staffEnable', { id })).toMatchObject({ status: 'active' });

    k.kit.registry.users.setLockState(id, {
      consecutiveFailures: 100,
      lockedUntil: null,
      lockedIndefinitely: true,
    });
    expect(await k.call('admin.staffGet', { id })).toMatchObject({ locked: true });
    expect(await k.call('admin.staffUnlock', { id })).toMatchObject({
      locked: false,
      consecutiveFailures: 0,
    });
    expect(await k.call('admin.staffDelete', { id })).toEqual({ deleted: true });
    expect(await k.send('admin.staffGet', { id })).toMatchObject({
      ok: false,
      error: { code: 'user_not_found' },
    });
    const actions = k.kit.audit
      .list()
      .filter((r) => r.target === 'user:W1')
      .map((r) => `${r.actor} ${r.action}`);
    expect(actions).toEqual([
      'manager:M1 user.add',
      ...Array(5).fill('manager:M1 user.update'),
      'manager:M1 user.unlock',
      'manager:M1 user.delete',
    ]);
  });

  it('changes only what was asked: a new phone keeps role, status, language and groups', async () => {
    const added = await k.call<PersonView>('admin.staffAdd', {
      employeeId: 'M2',
      displayName: 'Second Manager',
      phone: '050 222 2222',
      role: 'manager',
      language: 'sv',
      groups: ['Office'],
    });
    await k.call('admin.staffDisable', { id: added.id });
    for (const [channel, payload] of [
      ['admin.staffSetPhone', { id: added.id, phone: '050 333 3333' }],
      ['admin.staffClearPhone', { id: added.id }],
      ['admin.staffUpdate', { id: added.id, displayName: 'Manager Two' }],
      ['admin.staffUnlock', { id: added.id }],
    ] as const) {
      expect(await k.call(channel, payload), channel).toMatchObject({
        role: 'manager',
        status: 'disabled',
        language: 'sv',
        groups: [{ name: 'Office' }],
      });
    }
  });

  it('never leaves the kiosk without an active manager', async () => {
    const me = k.kit.registry.findByEmployeeId('M1')!.id;
    for (const [channel, payload] of [
      ['admin.staffDisable', { id: me }],
      ['admin.staffDelete', { id: me }],
      ['admin.staffUpdate', { id: me, role: 'worker' }],
      ['admin.staffImportCommit', { csv: 'employee_id,name,status\nM1,Me,disabled\n' }],
    ] as const) {
      expect(await k.send(channel, payload), channel).toMatchObject({
        ok: false,
        error: { code: 'last_manager' },
      });
    }
    expect(k.kit.registry.findByEmployeeId('M1')).toMatchObject({ status: 'active' });
    // With a second manager it is allowed (and the session ends: no longer an active manager).
    k.addPerson('M2', '050 222 2222', 'manager');
    expect(await k.call('admin.staffDisable', { id: me })).toMatchObject({ status: 'disabled' });
    expect(await k.call('admin.current')).toBeNull();
  });
});

describe('CSV', () => {
  const csv = [
    'employee_id,name,phone,groups',
    'W1,Aino,040 100 0001,Dock',
    'W2,Juha,not a number,',
    'W3,,040 100 0003,',
    'W4,"=HYPERLINK(""x"")",040 100 0004,Yard',
  ].join('\n');

  it('previews an import with per-row errors and writes nothing', async () => {
    const users = k.kit.registry.users.count();
    const groups = k.kit.registry.listGroups().length;
    const audits = k.kit.audit.list().length;
    const report = await k.call<ImportReportView>('admin.staffImportPreview', { csv });
    expect(report).toMatchObject({ dryRun: true, added: 2, failed: 2, errorsTruncated: false });
    expect(report.errors.map((e) => e.line)).toEqual([3, 4]);
    expect(k.kit.registry.users.count()).toBe(users);
    expect(k.kit.registry.listGroups()).toHaveLength(groups);
    expect(k.kit.audit.list()).toHaveLength(audits);
    expect(k.kit.audit.verify()).toMatchObject({ ok: true });
  });

  it('leaves fields with empty cells unchanged for people already registered', async () => {
    const m2 = k.kit.registry.addUser(
      {
        employeeId: 'M2',
        displayName: 'Second',
        phone: '050 222 2222',
        role: 'manager',
        language: 'fi',
        groups: ['Office'],
      },
      'test',
    );
    const report = await k.call<ImportReportView>('admin.staffImportCommit', {
      csv: 'employee_id,name\nM2,Second Renamed\n',
    });
    expect(report).toMatchObject({ updated: 1, failed: 0 });
    expect(k.kit.registry.findByEmployeeId('M2')).toMatchObject({
      id: m2.id,
      displayName: 'Second Renamed',
      role: 'manager',
      language: 'fi',
      groups: ['Office'],
    });
  });

  it('commits an import, audited, and exports formula-safe CSV', async () => {
    const report = await k.call<ImportReportView>('admin.staffImportCommit', { csv });
    expect(report).toMatchObject({ dryRun: false, added: 2, failed: 2 });
    expect(k.kit.registry.findByEmployeeId('W4')?.displayName).toBe('=HYPERLINK("x")');
    expect(k.kit.audit.list().at(-1)).toMatchObject({
      actor: 'manager:M1',
      action: 'staff.import',
    });
    const exported = await k.call<CsvExport>('admin.staffExport');
    expect(exported.rows).toBe(3);
    expect(exported.csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(k.kit.audit.list().at(-1)).toMatchObject({
      actor: 'manager:M1',
      action: 'staff.export',
    });
  });
});
