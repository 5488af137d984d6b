// Issue 11.3: `db check` catches a wiped or cut-off audit log even with its head rewritten, a
// removed append-only trigger, settings out of bounds and people changed outside the app.
import { beforeEach, describe, expect, it } from 'vitest';
import { makeKit, type TestKit } from '../../support/harness';
import { databaseProblems } from '../../../src/main/audit/db-check';
import { AuditLog } from '../../../src/main/audit/audit-log';
import { deriveKey } from '../../../src/main/secret';

let kit: TestKit;
beforeEach(() => {
  kit = makeKit();
  for (let i = 1; i <= 3; i++) {
    kit.registry.addUser(
      { employeeId: `E${i}`, displayName: `Worker ${i}`, phone: `040 123 829${i}` },
      'manager:M1',
    );
  }
  kit.registry.setStatus(kit.registry.findByEmployeeId('E2')!.id, 'disabled', 'm');
});

const problems = () => databaseProblems(kit.db, kit.audit).problems;

/** Someone with the file but not the key file. */
function tamper(sql: string) {
  kit.db.exec(
    'DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;',
  );
  kit.db.exec(sql);
  kit.db.exec(`
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;`);
}

describe('db check', () => {
  it('passes on a healthy database, with a keyed genesis entry 0', () => {
    expect(problems()).toEqual([]);
    const genesis = kit.db.prepare('SELECT * FROM audit_log WHERE seq = 0').get() as {
      action: string;
    };
    expect(genesis.action).toBe('audit.genesis');
  });

  it('fails a cut-off tail whose head was rewritten to fit', () => {
    const last = kit.db.prepare('SELECT MAX(seq) AS n FROM audit_log').get() as { n: number };
    const keep = kit.db
      .prepare('SELECT seq, hash FROM audit_log WHERE seq = ?')
      .get(last.n - 2) as {
      seq: number;
      hash: string;
    };
    tamper(`DELETE FROM audit_log WHERE seq > ${keep.seq}`);
    // Without the key the attacker can only copy the old head's shape.
    kit.db
      .prepare("UPDATE settings SET value = ? WHERE key = 'audit_head'")
      .run(JSON.stringify({ seq: keep.seq, hash: keep.hash, mac: 'ab'.repeat(32) }));
    expect(problems()).toContain(
      'audit log: the record of the last audit entry (the head) was changed without the key',
    );
    kit.db
      .prepare("UPDATE settings SET value = ? WHERE key = 'audit_head'")
      .run(JSON.stringify({ seq: keep.seq, hash: keep.hash }));
    expect(problems()[0]).toMatch(/head\) was changed/);
  });

  it('fails a wiped log and a missing head, also after a restart', () => {
    kit.db.exec("DELETE FROM settings WHERE key = 'audit_head'");
    expect(problems()).toContain(
      'audit log: the record of the last audit entry (the head) is missing',
    );
    tamper('DELETE FROM audit_log');
    // A new AuditLog over the same file (the next start) writes no fresh genesis: people exist.
    const again = new AuditLog(kit.db, deriveKey(kit.secret, 'audit'), kit.scheduler);
    expect(databaseProblems(kit.db, again).problems[0]).toMatch(
      /first entry of the audit log .* is missing/,
    );
  });

  it('fails when an append-only trigger was removed', () => {
    kit.db.exec('DROP TRIGGER audit_log_no_delete');
    expect(problems()).toEqual(['audit log: the append-only rule audit_log_no_delete was removed']);
  });

  it('fails stored settings outside their bounds', () => {
    const policy = JSON.parse(
      (
        kit.db.prepare("SELECT value FROM settings WHERE key = 'policy'").get() as
          { value: string } | undefined
      )?.value ?? '{}',
    ) as Record<string, unknown>;
    kit.db
      .prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('policy', ?)")
      .run(JSON.stringify({ ...policy, codeLength: 12 }));
    expect(problems()).toEqual([
      expect.stringMatching(/^settings: the stored policy is out of bounds \(codeLength: /),
    ]);
  });

  it('fails a person whose role, status or phone differs from their last audit entry', () => {
    kit.db.exec("UPDATE users SET role = 'manager' WHERE employee_id = 'E1'");
    kit.db.exec("UPDATE users SET status = 'active' WHERE employee_id = 'E2'");
    kit.db.exec("UPDATE users SET phone_e164 = '+358401239999' WHERE employee_id = 'E3'");
    expect(problems()).toEqual([
      "people: E1's role is not what the audit log last recorded (changed outside the app)",
      "people: E2's status is not what the audit log last recorded (changed outside the app)",
      "people: E3's phone is not what the audit log last recorded (changed outside the app)",
    ]);
  });
});

describe('a log from before the keyed head', () => {
  it('is adopted once: a genesis and a keyed head, and a later cut still fails', () => {
    // Make the kit's log look old: entry 1 links to zeros, the head has no HMAC.
    const zero = '0'.repeat(64);
    const key = deriveKey(kit.secret, 'audit');
    tamper('DELETE FROM audit_log');
    kit.db.exec("DELETE FROM settings WHERE key = 'audit_head'");
    const old = new AuditLog(kit.db, key, kit.scheduler); // no genesis: people exist
    kit.db.exec("DELETE FROM settings WHERE key = 'audit_head'");
    for (let i = 0; i < 3; i++) old.append({ actor: 'm', action: 'x.test', target: `t${i}` });
    const first = kit.db.prepare('SELECT prev_hash FROM audit_log WHERE seq = 1').get() as {
      prev_hash: string;
    };
    expect(first.prev_hash).toBe(zero);
    const head = kit.db.prepare("SELECT value FROM settings WHERE key = 'audit_head'").get() as {
      value: string;
    };
    const { seq, hash } = JSON.parse(head.value) as { seq: number; hash: string };
    kit.db
      .prepare("UPDATE settings SET value = ? WHERE key = 'audit_head'")
      .run(JSON.stringify({ seq, hash }));
    const adopted = new AuditLog(kit.db, key, kit.scheduler);
    expect(adopted.verify()).toEqual({ ok: true, rows: 3 });
    tamper('DELETE FROM audit_log WHERE seq = 3');
    expect(adopted.verify().ok).toBe(false);
  });
});
