import { beforeEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { makeKit, type TestKit } from '../../support/harness';

let kit: TestKit;

beforeEach(() => {
  kit = makeKit();
  for (let i = 1; i <= 4; i++) {
    kit.registry.addUser({ employeeId: `E${i}`, displayName: `Worker ${i}` }, 'manager:M1');
  }
});

// An attacker with the database file but not the key file: drops the triggers and edits rows.
function tamper(sql: string, ...params: unknown[]) {
  kit.db.exec(
    'DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;',
  );
  kit.db.prepare(sql).run(...params);
}

describe('admin audit log', () => {
  it('records every change and verifies when untouched', () => {
    const rows = kit.audit.list();
    expect(rows.map((r) => r.action)).toEqual([
      'site.update',
      'user.add',
      'user.add',
      'user.add',
      'user.add',
    ]);
    expect(rows[1]).toMatchObject({ actor: 'manager:M1', target: 'user:E1' });
    expect(kit.audit.verify()).toEqual({ ok: true, rows: 5 });
  });

  it('is append-only at the SQL level', () => {
    expect(() => kit.db.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 2").run()).toThrow(
      /append-only/,
    );
    expect(() => kit.db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(
      /append-only/,
    );
  });

  it('detects an edited row', () => {
    tamper("UPDATE audit_log SET actor = 'someone else' WHERE seq = 3");
    expect(kit.audit.verify()).toMatchObject({
      ok: false,
      seq: 3,
      problem: expect.stringMatching(/changed/),
    });
  });

  it('detects a deleted row in the middle', () => {
    tamper('DELETE FROM audit_log WHERE seq = 2');
    expect(kit.audit.verify()).toMatchObject({
      ok: false,
      seq: 2,
      problem: expect.stringMatching(/missing/),
    });
  });

  it('detects the newest rows cut off', () => {
    tamper('DELETE FROM audit_log WHERE seq >= 4');
    expect(kit.audit.verify()).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/ends at entry 3/),
    });
  });

  it('detects an inserted row, even one hashed without the key', () => {
    const [row2] = kit.audit.list({ afterSeq: 1, limit: 1 });
    tamper('UPDATE audit_log SET seq = seq + 100 WHERE seq > 2');
    tamper('UPDATE audit_log SET seq = seq - 99 WHERE seq > 100');
    const fake = {
      seq: 3,
      at: row2!.at,
      actor: 'manager:M1',
      action: 'user.delete',
      target: 'user:E9',
      details: '{}',
      prev_hash: row2!.hash,
    };
    const guessedHash = createHmac('sha256', Buffer.alloc(32))
      .update(JSON.stringify(Object.values(fake)))
      .digest('hex');
    kit.db
      .prepare(
        'INSERT INTO audit_log VALUES (@seq, @at, @actor, @action, @target, @details, @prev_hash, @hash)',
      )
      .run({ ...fake, hash: guessedHash });
    expect(kit.audit.verify()).toMatchObject({ ok: false, seq: 3 });
  });
});
