// Names that hide characters, employee IDs in other Unicode spellings, and searches holding
// control characters: each is refused or normalised in main, never stored as typed.
import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { RegistryError } from '../../../src/main/registry/registry-service';
import { employeeIdCollisions } from '../../../src/main/registry/users';
import { MIGRATIONS, migrate } from '../../../src/main/db/migrations';
import { makeKit, type TestKit } from '../../support/harness';
import { makeAdminKit } from '../admin/admin-kit';

let kit: TestKit;
beforeEach(() => {
  kit = makeKit();
});

function errorOf(fn: () => unknown): RegistryError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RegistryError) return e;
    throw e;
  }
  throw new Error('no error');
}

const HIDDEN = {
  'right-to-left override': 'Anna\u202Egnik',
  'left-to-right embedding': '\u202AAnna',
  'pop directional formatting': 'Anna\u202C',
  'first-strong isolate': 'Anna \u2068Virtanen\u2069',
  'right-to-left isolate': '\u2067Anna',
  'right-to-left mark': 'Anna\u200F',
  'arabic letter mark': 'Anna\u061C',
  'zero-width space': 'An\u200Bna',
  'zero-width joiner': 'An\u200Dna',
  'zero-width non-joiner': 'An\u200Cna',
  'word joiner': 'An\u2060na',
  'byte order mark': 'An\uFEFFna',
  'line separator': 'Anna\u2028Virtanen',
};

describe('names with invisible characters', () => {
  it.each(Object.entries(HIDDEN))('refuses a name with a %s', (_, name) => {
    const error = errorOf(() => kit.registry.addUser({ employeeId: 'E1', displayName: name }, 'm'));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/invisible characters/);
    expect(kit.registry.list()).toEqual([]);
  });

  it('refuses them when a name is changed and in group names', () => {
    const user = kit.registry.addUser({ employeeId: 'E1', displayName: 'Anna' }, 'm');
    const rename = errorOf(() =>
      kit.registry.updateUser(user.id, { displayName: 'Anna\u202E' }, 'm'),
    );
    expect(rename.code).toBe('invalid_input');
    expect(errorOf(() => kit.registry.addGroup('Dock\u200B', 'm')).code).toBe('invalid_input');
    expect(kit.registry.users.byId(user.id)?.displayName).toBe('Anna');
  });

  it('keeps names in every script, with accents and apostrophes', () => {
    for (const [i, name] of [
      'Lucía Fernández',
      "Seán O'Brien",
      'Åsa Öberg-Lindqvist',
      'محمد العلي',
      'יעל כהן',
      '王小明',
      'Nguyễn Thị Minh Khai',
    ].entries()) {
      expect(
        kit.registry.addUser({ employeeId: `E${i}`, displayName: name }, 'm').displayName,
      ).toBe(name);
    }
  });
});

describe('employee IDs (NFKC)', () => {
  it('stores fullwidth digits and letters as the ID they spell, one person', () => {
    const added = kit.registry.addUser({ employeeId: 'ＥＭＰ１２', displayName: 'Aino' }, 'm');
    expect(added.employeeId).toBe('EMP12');
    const again = errorOf(() =>
      kit.registry.addUser({ employeeId: 'EMP12', displayName: 'Other' }, 'm'),
    );
    expect(again.code).toBe('duplicate_employee_id');
    expect(kit.registry.findByEmployeeId('ＥＭＰ１２')?.id).toBe(added.id);
    expect(kit.registry.findByEmployeeId(' emp１２ ')?.id).toBe(added.id);
  });

  it('migrates existing rows and leaves a collision for db check to report', () => {
    const db = new Database(':memory:');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 9),
    );
    const insert = db.prepare(
      `INSERT INTO users (employee_id, display_name, phone_e164, role, status, language, created_at, updated_at)
       VALUES (?, ?, NULL, 'worker', 'active', 'en', 1, 1)`,
    );
    insert.run('ＷＫ７', 'Fullwidth only');
    insert.run('E１', 'Collides');
    insert.run('E1', 'Already ASCII');
    const log = db.prepare(
      `INSERT INTO signin_log (at, user_id, masked_phone, kiosk_id, result, reason)
       VALUES (1, 1, '••••', 'k1', ?, ?)`,
    );
    log.run('code_sent', 'factor_required_pin');
    log.run('success', 'enrolment_complete');
    log.run('success', 'signed_in');
    migrate(db);
    // The log's old rows get the outcome that says what happened.
    expect(db.prepare('SELECT result FROM signin_log ORDER BY id').pluck().all()).toEqual([
      'step',
      'registered',
      'success',
    ]);
    const ids = db.prepare('SELECT employee_id FROM users ORDER BY id').pluck().all();
    expect(ids).toEqual(['WK7', 'E１', 'E1']);
    expect(employeeIdCollisions(db)).toEqual([
      [
        { id: 2, employeeId: 'E１' },
        { id: 3, employeeId: 'E1' },
      ],
    ]);
    // The search index follows the rename.
    expect(
      db.prepare('SELECT rowid FROM users_search WHERE users_search MATCH \'"WK7"\'').pluck().all(),
    ).toEqual([1]);
  });
});

describe('staff search', () => {
  it('refuses control characters as invalid input, never internal', async () => {
    const k = makeAdminKit();
    k.addPerson('M1', '050 111 1111', 'manager');
    await k.signInAdmin('050 111 1111');
    for (const search of ['ab\0cd', '\0', 'x\u0007y', 'tab\there']) {
      const result = await k.send('admin.staffList', { search });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(() => kit.registry.list({ search: '\0' })).toThrow(RegistryError);
    // Any other text is a search (found or not), never a crash.
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 30 }), async (search) => {
        const result = await k.send('admin.staffList', { search });
        if (/\p{Cc}/u.test(search)) expect(result.ok).toBe(false);
        else expect(result.ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('finds a person by their ID typed in fullwidth', () => {
    kit.registry.addUser({ employeeId: 'EMP12', displayName: 'Aino' }, 'm');
    expect(kit.registry.list({ search: 'ＥＭＰ１２' }).map((u) => u.employeeId)).toEqual(['EMP12']);
  });
});
