import { beforeEach, describe, expect, it } from 'vitest';
import { makeKit, type TestKit } from '../../support/harness';
import { PinError, pinProblem } from '../../../src/main/auth/pin';

const MIN = 60_000;
let kit: TestKit;
let id: number;

beforeEach(() => {
  kit = makeKit();
  id = kit.registry.addUser(
    { employeeId: 'E1', displayName: 'Aino Virtanen', phone: '040 123 8291', language: 'fi' },
    'test',
  ).id;
});

describe('PIN rules', () => {
  it.each([
    ['12a4', 'format'],
    ['123', 'too_short'],
    ['123456789', 'too_short'],
    ['7777', 'same_digit'],
    ['1234', 'sequence'],
    ['345678', 'sequence'],
    ['9876', 'sequence'],
    ['8291', 'phone_digits'],
    ['38291', 'phone_digits'],
  ])('refuses %s (%s)', (pin, reason) => {
    expect(pinProblem(pin, 4, '+358401238291')?.reason).toBe(reason);
  });

  it('accepts an ordinary PIN and honours the policy minimum', () => {
    expect(pinProblem('2580', 4, '+358401238291')).toBeNull();
    expect(pinProblem('2580', 6, null)?.reason).toBe('too_short');
    expect(pinProblem('258013', 6, null)).toBeNull();
  });
});

describe('PinStore', () => {
  it('stores only a salted scrypt hash and checks in constant time', () => {
    kit.pins.set(id, '2580', 'test');
    const row = kit.db.prepare('SELECT * FROM pin_factors WHERE user_id = ?').get(id) as Record<
      string,
      unknown
    >;
    expect(JSON.stringify(row)).not.toContain('2580');
    expect((row.pin_hash as Buffer).length).toBe(32);
    expect((row.salt as Buffer).length).toBe(16);
    expect(kit.pins.check(id, '2580', kit.scheduler.now())).toEqual({ ok: true });
    expect(kit.pins.check(id, '2581', kit.scheduler.now())).toMatchObject({
      ok: false,
      reason: 'wrong',
    });
  });

  it('two people with the same PIN get different hashes', () => {
    const other = kit.registry.addUser(
      { employeeId: 'E2', displayName: 'Bo', phone: '040 765 4321' },
      'test',
    ).id;
    kit.pins.set(id, '2580', 'test');
    kit.pins.set(other, '2580', 'test');
    const hashes = kit.db.prepare('SELECT pin_hash FROM pin_factors').all() as Array<{
      pin_hash: Buffer;
    }>;
    expect(hashes[0]!.pin_hash.equals(hashes[1]!.pin_hash)).toBe(false);
  });

  it('throws a PinError with a specific message for an obvious PIN', () => {
    expect(() => kit.pins.set(id, '1111', 'test')).toThrow(PinError);
    expect(() => kit.pins.set(id, '8291', 'test')).toThrow(/last digits of your phone/);
    expect(kit.pins.enrolled(id)).toBe(false);
  });

  it('locks after pinMaxWrong wrong PINs for pinLockoutMinutes, apart from the SMS lockout', () => {
    kit.config.updatePolicy({ pinMaxWrong: 3, pinLockoutMinutes: 10 }, 'test');
    kit.pins.set(id, '2580', 'test');
    const now = kit.scheduler.now();
    expect(kit.pins.check(id, '0000', now)).toMatchObject({ reason: 'wrong', attemptsLeft: 2 });
    expect(kit.pins.check(id, '0000', now)).toMatchObject({ reason: 'wrong', attemptsLeft: 1 });
    expect(kit.pins.check(id, '0000', now)).toEqual({
      ok: false,
      reason: 'locked',
      lockedUntil: now + 10 * MIN,
    });
    // Even the right PIN is refused while locked.
    expect(kit.pins.check(id, '2580', now + 9 * MIN)).toMatchObject({ reason: 'locked' });
    expect(kit.pins.status(id)).toEqual({ set: true, locked: true, lockedUntil: now + 10 * MIN });
    expect(kit.registry.users.byId(id)!.consecutiveFailures).toBe(0);
    kit.scheduler.advance(10 * MIN);
    expect(kit.pins.check(id, '2580', kit.scheduler.now())).toEqual({ ok: true });
  });

  it('a right PIN resets the wrong count', () => {
    kit.config.updatePolicy({ pinMaxWrong: 3 }, 'test');
    kit.pins.set(id, '2580', 'test');
    const now = kit.scheduler.now();
    kit.pins.check(id, '0000', now);
    kit.pins.check(id, '0000', now);
    expect(kit.pins.check(id, '2580', now).ok).toBe(true);
    expect(kit.pins.check(id, '0000', now)).toMatchObject({ attemptsLeft: 2 });
  });

  it('reset forgets the PIN and is audited; change needs the old PIN', () => {
    kit.pins.set(id, '2580', 'test');
    expect(kit.pins.change(id, '0000', '3691', 'user:E1')).toMatchObject({ reason: 'wrong' });
    expect(kit.pins.change(id, '2580', '3691', 'user:E1')).toEqual({ ok: true });
    expect(kit.pins.check(id, '3691', kit.scheduler.now()).ok).toBe(true);
    expect(kit.pins.reset(id, 'manager:M1')).toBe(true);
    expect(kit.pins.status(id)).toEqual({ set: false, locked: false, lockedUntil: null });
    expect(kit.pins.check(id, '3691', kit.scheduler.now())).toEqual({
      ok: false,
      reason: 'not_enrolled',
    });
    const actions = kit.audit.list().map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['pin.set', 'pin.reset']));
    expect(JSON.stringify(kit.audit.list())).not.toMatch(/2580|3691/);
  });
});
