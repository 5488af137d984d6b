// Hash-chained admin audit log. Each row's hash is an HMAC (keyed by the install secret) over
// the previous row's hash and the row's own fields, so editing, inserting or deleting a row
// breaks the chain; the head (last seq + hash) is kept in settings to catch a cut-off tail.
import { prepared } from '../db/prepared';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connection';
import { readSetting, writeSetting } from '../db/settings';
import type { Clock } from '../time';
import type { ChainVerificationView } from '../../shared/admin';

const GENESIS = '0'.repeat(64);
const HEAD_KEY = 'audit_head';

export interface AuditEntry {
  actor: string;
  action: string;
  target: string;
  details?: Record<string, unknown>;
}

export interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  details: string;
  prev_hash: string;
  hash: string;
}

/** What verify() found; the admin screen shows it as it is. */
export type AuditVerification = ChainVerificationView;

export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly key: Buffer,
    private readonly clock: Clock,
  ) {}

  /** Appends one entry. Call inside the transaction of the change it records. */
  append(entry: AuditEntry): AuditRow {
    const head = this.lastRow();
    const row = {
      seq: head.seq + 1,
      at: this.clock.now(),
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      details: JSON.stringify(entry.details ?? {}),
      prev_hash: head.hash,
    };
    const hash = this.hashOf(row);
    prepared(
      this.db,
      `INSERT INTO audit_log (seq, at, actor, action, target, details, prev_hash, hash)
         VALUES (@seq, @at, @actor, @action, @target, @details, @prev_hash, @hash)`,
    ).run({ ...row, hash });
    writeSetting(this.db, HEAD_KEY, JSON.stringify({ seq: row.seq, hash }));
    return { ...row, hash };
  }

  list(options: { limit?: number; afterSeq?: number } = {}): AuditRow[] {
    return prepared(this.db, 'SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?').all(
      options.afterSeq ?? 0,
      options.limit ?? -1,
    ) as AuditRow[];
  }

  /** Walks the whole chain; reports the first row that does not fit. */
  verify(): AuditVerification {
    let expectedSeq = 1;
    let prevHash = GENESIS;
    let rows = 0;
    for (const row of prepared(
      this.db,
      'SELECT * FROM audit_log ORDER BY seq',
    ).iterate() as IterableIterator<AuditRow>) {
      rows++;
      if (row.seq !== expectedSeq) {
        return {
          ok: false,
          rows,
          seq: expectedSeq,
          problem: `entry ${expectedSeq} is missing (the next one is ${row.seq})`,
        };
      }
      if (row.prev_hash !== prevHash) {
        return {
          ok: false,
          rows,
          seq: row.seq,
          problem: `entry ${row.seq} does not follow the one before it`,
        };
      }
      if (!sameHex(this.hashOf(row), row.hash)) {
        return {
          ok: false,
          rows,
          seq: row.seq,
          problem: `entry ${row.seq} was changed after it was written`,
        };
      }
      prevHash = row.hash;
      expectedSeq++;
    }
    const head = this.head();
    if (head.seq !== expectedSeq - 1 || head.hash !== prevHash) {
      return {
        ok: false,
        rows,
        seq: head.seq,
        problem: `the log ends at entry ${expectedSeq - 1} but entry ${head.seq} was written`,
      };
    }
    return { ok: true, rows };
  }

  private head(): { seq: number; hash: string } {
    const stored = readSetting(this.db, HEAD_KEY);
    return stored
      ? (JSON.parse(stored) as { seq: number; hash: string })
      : { seq: 0, hash: GENESIS };
  }
  /** Where the next entry links to: the newest row itself (one primary-key lookup). */
  private lastRow(): { seq: number; hash: string } {
    const row = prepared(
      this.db,
      'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    ).get();
    return (row as { seq: number; hash: string } | undefined) ?? { seq: 0, hash: GENESIS };
  }

  private hashOf(row: Omit<AuditRow, 'hash'>): string {
    return createHmac('sha256', this.key)
      .update(
        JSON.stringify([
          row.prev_hash,
          row.seq,
          row.at,
          row.actor,
          row.action,
          row.target,
          row.details,
        ]),
      )
      .digest('hex');
  }
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
