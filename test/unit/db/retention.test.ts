// Retention: old sign-in records go daily on the injected scheduler, within the policy's
// bounds, audited; the audit log stays whole.
import { describe, expect, it } from 'vitest';
import { makeKit, settle } from '../../support/harness';
import { pruneExpired, scheduleRetention } from '../../../src/main/db/retention';

const DAY = 24 * 3_600_000;
const count = (kit: ReturnType<typeof makeKit>, table: string) =>
  (kit.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('retention', () => {
  it('deletes records past retentionDays and the sign-in log past logRetentionDays, audited', async () => {
    const kit = makeKit();
    kit.registry.addUser({ employeeId: 'E1', displayName: 'A', phone: '040 123 4567' }, 't');
    kit.config.updatePolicy({ retentionDays: 7, logRetentionDays: 30 }, 'test');
    await settle(kit, kit.engine.start({ phone: '040 123 4567', kioskId: 'k' }));
    await settle(kit, kit.engine.start({ phone: '040 765 4302', kioskId: 'k' }));
    const auditBefore = count(kit, 'audit_log');
    kit.scheduler.advance(8 * DAY);
    const counts = pruneExpired(kit, kit.scheduler.now());
    expect(counts).toMatchObject({ challenges: 2, codeSends: 2, startAttempts: 2, signInLog: 0 });
    expect(count(kit, 'challenges')).toBe(0);
    expect(count(kit, 'signin_log')).toBe(2);
    expect(kit.audit.list().at(-1)).toMatchObject({ action: 'retention.prune', actor: 'system' });
    expect(count(kit, 'audit_log')).toBe(auditBefore + 1);
    kit.scheduler.advance(23 * DAY);
    expect(pruneExpired(kit, kit.scheduler.now())).toMatchObject({ signInLog: 2 });
    // Nothing to delete: nothing audited.
    const entries = count(kit, 'audit_log');
    pruneExpired(kit, kit.scheduler.now());
    expect(count(kit, 'audit_log')).toBe(entries);
    expect(kit.audit.verify()).toMatchObject({ ok: true });
  });

  it('keeps recent records and refuses settings out of bounds', async () => {
    const kit = makeKit();
    await settle(kit, kit.engine.start({ phone: '040 765 4302', kioskId: 'k' }));
    kit.scheduler.advance(89 * DAY);
    expect(pruneExpired(kit, kit.scheduler.now()).challenges).toBe(0);
    expect(() => kit.config.updatePolicy({ retentionDays: 1 }, 'test')).toThrow();
    expect(() => kit.config.updatePolicy({ logRetentionDays: 5000 }, 'test')).toThrow();
  });

  it('runs at start and then daily on the scheduler', async () => {
    const kit = makeKit();
    kit.config.updatePolicy({ retentionDays: 7 }, 'test');
    const stop = scheduleRetention(kit);
    await settle(kit, kit.engine.start({ phone: '040 765 4302', kioskId: 'k' }));
    kit.scheduler.advance(7 * DAY);
    expect(count(kit, 'challenges')).toBe(1);
    kit.scheduler.advance(DAY);
    expect(count(kit, 'challenges')).toBe(0);
    stop();
  });
});
