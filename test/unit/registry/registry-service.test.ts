import { beforeEach, describe, expect, it } from 'vitest';
import { RegistryError } from '../../../src/main/registry/registry-service';
import { searchExpression } from '../../../src/main/registry/users';
import { makeKit, type TestKit } from '../../support/harness';

let kit: TestKit;
beforeEach(() => {
  kit = makeKit();
});

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof RegistryError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('staff registry', () => {
  it('stores numbers in E.164 using the site country', () => {
    const user = kit.registry.addUser(
      { employeeId: 'E1', displayName: ' Aino ', phone: '040 123 4567', groups: ['Dock', 'Night'] },
      'm',
    );
    expect(user).toMatchObject({
      employeeId: 'E1',
      displayName: 'Aino',
      phone: '+358401234567',
      role: 'worker',
      status: 'active',
      language: 'en',
      groups: ['Dock', 'Night'],
    });
    expect(kit.registry.listGroups().map((g) => [g.name, g.memberCount])).toEqual([
      ['Dock', 1],
      ['Night', 1],
    ]);
  });

  it('rejects invalid numbers, landlines and duplicates with specific messages', () => {
    kit.registry.addUser({ employeeId: 'E1', displayName: 'Aino', phone: '040 123 4567' }, 'm');
    expect(
      codeOf(() => kit.registry.addUser({ employeeId: 'E2', displayName: 'B', phone: '123' }, 'm')),
    ).toBe('invalid_phone');
    expect(() =>
      kit.registry.addUser({ employeeId: 'E2', displayName: 'B', phone: '09 1234 567' }, 'm'),
    ).toThrow(/landline/);
    expect(() =>
      kit.registry.addUser({ employeeId: 'E2', displayName: 'B', phone: '+358 40 1234567' }, 'm'),
    ).toThrow(/already the sign-in number of Aino \(E1\)/);
    expect(codeOf(() => kit.registry.addUser({ employeeId: 'e1', displayName: 'C' }, 'm'))).toBe(
      'duplicate_employee_id',
    );
    expect(kit.registry.list()).toHaveLength(1);
  });

  it('allows a number held by a disabled user, but not re-enabling onto a taken number', () => {
    const old = kit.registry.addUser(
      { employeeId: 'E1', displayName: 'Old', phone: '040 123 4567' },
      'm',
    );
    kit.registry.setStatus(old.id, 'disabled', 'm');
    kit.registry.addUser({ employeeId: 'E2', displayName: 'New', phone: '040 123 4567' }, 'm');
    expect(codeOf(() => kit.registry.setStatus(old.id, 'active', 'm'))).toBe('duplicate_phone');
  });

  it('validates fields', () => {
    expect(() => kit.registry.addUser({ employeeId: '', displayName: 'x' }, 'm')).toThrow(
      /Employee ID is empty/,
    );
    expect(() => kit.registry.addUser({ employeeId: 'E 1', displayName: 'x' }, 'm')).toThrow(
      /letters, digits/,
    );
    expect(
      codeOf(() =>
        kit.registry.addUser({ employeeId: 'E1', displayName: 'x', language: 'xx' as 'en' }, 'm'),
      ),
    ).toBe('invalid_input');
  });

  it('searches by name, employee ID or number', () => {
    kit.registry.addUser(
      { employeeId: 'E100', displayName: 'Aino Virtanen', phone: '040 123 4567' },
      'm',
    );
    kit.registry.addUser(
      { employeeId: 'E200', displayName: 'Bea 100% Sure', phone: '050 765 4321' },
      'm',
    );
    const names = (search: string) => kit.registry.list({ search }).map((u) => u.displayName);
    expect(names('virta')).toEqual(['Aino Virtanen']);
    expect(names('e200')).toEqual(['Bea 100% Sure']);
    expect(names('7654')).toEqual(['Bea 100% Sure']);
    expect(names('100%')).toEqual(['Bea 100% Sure']);
    expect(names('E1')).toEqual(['Aino Virtanen']);
  });

  it('audits changes with masked numbers and skips no-op updates', () => {
    const user = kit.registry.addUser(
      { employeeId: 'E1', displayName: 'Aino', phone: '040 123 4567' },
      'm',
    );
    kit.registry.updateUser(user.id, { displayName: 'Aino' }, 'm');
    kit.registry.setPhone(user.id, '050 111 2233', 'm');
    const actions = kit.audit.list().map((r) => [r.action, r.details]);
    expect(actions.slice(1)).toEqual([
      ['user.add', expect.stringContaining('+358 •••••••67')],
      ['user.update', '{"phone":"+358 •••••••33"}'],
    ]);
    expect(JSON.stringify(kit.audit.list())).not.toContain('401234567');
  });

  it('changes only the fields a patch names', () => {
    const manager = kit.registry.addUser(
      { employeeId: 'M1', displayName: 'Maria', role: 'manager', language: 'sv', groups: ['Dock'] },
      'm',
    );
    kit.registry.setStatus(manager.id, 'disabled', 'm', { allowNoManager: true });
    const renamed = kit.registry.updateUser(manager.id, { displayName: 'Maria L' }, 'm');
    expect(renamed).toMatchObject({
      role: 'manager',
      status: 'disabled',
      language: 'sv',
      groups: ['Dock'],
    });
    const withPhone = kit.registry.setPhone(manager.id, '040 123 4567', 'm');
    expect(withPhone).toMatchObject({
      status: 'disabled',
      phone: '+358401234567',
      groups: ['Dock'],
    });
  });

  it('unlocks and resets the failure count', () => {
    const user = kit.registry.addUser({ employeeId: 'E1', displayName: 'Aino' }, 'm');
    kit.registry.users.setLockState(user.id, {
      consecutiveFailures: 100,
      lockedUntil: null,
      lockedIndefinitely: true,
    });
    const unlocked = kit.registry.unlock(user.id, 'manager:M1');
    expect(unlocked).toMatchObject({
      consecutiveFailures: 0,
      lockedUntil: null,
      lockedIndefinitely: false,
    });
    expect(kit.audit.list().at(-1)).toMatchObject({ action: 'user.unlock', actor: 'manager:M1' });
  });
});

describe('policy', () => {
  it('keeps values within the bounds of DESIGN.md', () => {
    expect(kit.config.policy()).toMatchObject({
      codeLength: 6,
      codeLifetimeMinutes: 5,
      maxWrongCodesPerCode: 5,
    });
    expect(() => kit.config.updatePolicy({ codeLifetimeMinutes: 11 }, 'm')).toThrow(
      /codeLifetimeMinutes/,
    );
    expect(() => kit.config.updatePolicy({ codeLength: 5 }, 'm')).toThrow();
    expect(() =>
      kit.config.updatePolicy({ lockoutPermanentAfter: 10, lockoutThreshold: 10 }, 'm'),
    ).toThrow(/larger than lockoutThreshold/);
    expect(kit.config.policy().codeLifetimeMinutes).toBe(5);
  });

  it('refuses a hand-edited out-of-bounds value when reading', () => {
    kit.db.prepare("UPDATE settings SET value = ? WHERE key = 'site'").run('{"name":""}');
    expect(() => kit.config.site()).toThrow(/stored site settings are invalid/);
  });
});

describe('search expression', () => {
  it('matches typed digits with and without the national 0', () => {
    expect(searchExpression('040 12')).toBe(
      '{display_name employee_id} : "040 12" OR phone_e164 : "04012" OR phone_e164 : "4012"',
    );
    expect(searchExpression('0012')).toBe(
      '{display_name employee_id} : "0012" OR phone_e164 : "0012" OR phone_e164 : "012"',
    );
    expect(searchExpression('Ann "x"')).toBe('{display_name employee_id} : "Ann ""x"""');
    expect(searchExpression('ab')).toBeUndefined();
  });
});
