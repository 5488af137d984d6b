// Issue 11.5: the PIN lock doubles each time it locks again (15, 30, 60, 120 min), then only a
// manager's unlock opens it; the unlock is the PIN's own (the SMS lock is apart).
import { beforeEach, describe, expect, it } from 'vitest';
import { makeKit, type TestKit } from '../../support/harness';
import { openDatabase, JOURNAL_SIZE_LIMIT } from '../../../src/main/db/connection';

const MIN = 60_000;
let kit: TestKit;
let id: number;

beforeEach(() => {
  kit = makeKit();
  kit.config.updatePolicy({ pinMaxWrong: 3, pinLockoutMinutes: 15 }, 'test');
  id = kit.registry.addUser(
    { employeeId: 'E1', displayName: 'Aino', phone: '040 123 8291' },
    'test',
  ).id;
  kit.pins.set(id, '2580', 'test');
});

function lockOnce() {
  let last;
  for (let i = 0; i < 3; i++) last = kit.pins.check(id, '0000', kit.scheduler.now());
  return last;
}

describe('PIN lock ladder', () => {
  it('doubles 15, 30, 60, 120 min, then waits for a manager', () => {
    for (const minutes of [15, 30, 60, 120]) {
      expect(lockOnce()).toEqual({
        ok: false,
        reason: 'locked',
        lockedUntil: kit.scheduler.now() + minutes * MIN,
      });
      kit.scheduler.advance(minutes * MIN);
    }
    expect(lockOnce()).toEqual({ ok: false, reason: 'locked', lockedUntil: null });
    kit.scheduler.advance(365 * 24 * 60 * MIN);
    expect(kit.pins.check(id, '2580', kit.scheduler.now())).toMatchObject({
      reason: 'locked',
      lockedUntil: null,
    });
    expect(kit.pins.unlock(id, 'manager:M1')).toBe(true);
    expect(kit.pins.check(id, '2580', kit.scheduler.now())).toEqual({ ok: true });
    expect(kit.audit.list().at(-1)).toMatchObject({ action: 'pin.unlock', target: 'user:E1' });
  });

  it('a right PIN between locks starts the ladder again', () => {
    lockOnce();
    kit.scheduler.advance(15 * MIN);
    expect(kit.pins.check(id, '2580', kit.scheduler.now())).toEqual({ ok: true });
    expect(lockOnce()).toMatchObject({ lockedUntil: kit.scheduler.now() + 15 * MIN });
  });

  it("the PIN's unlock leaves the SMS lock alone, and the SMS unlock leaves the PIN", () => {
    lockOnce();
    kit.db.exec('UPDATE users SET consecutive_failures = 100, locked_until = 8.64e15');
    expect(kit.pins.unlock(id, 'manager:M1')).toBe(true);
    expect(kit.registry.users.byId(id)!.consecutiveFailures).toBe(100);
    lockOnce();
    kit.registry.unlock(id, 'manager:M1');
    expect(kit.pins.status(id).lockedUntil).not.toBeNull();
  });
});

describe('journal_size_limit', () => {
  it('is set on every connection', () => {
    const db = openDatabase(':memory:');
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(JOURNAL_SIZE_LIMIT);
    db.close();
  });
});
