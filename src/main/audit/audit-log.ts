// Hash-chained admin audit log. Each row's hash is an HMAC (keyed by the install secret) over
// the previous row's hash and the row's own fields, so editing, inserting or deleting a row
// breaks the chain; the head (last seq + hash, with an HMAC over both) is kept in
// settings to catch a cut-off tail, and cannot be rewritten to fit a shorter log without the
// key. Entry 0 is a keyed genesis entry written when the database is new, so a wiped log (or a
// wiped head) fails verify(). A log from before the head was keyed (entry 1 links to zeros, head without
// its HMAC) is adopted once at start: a genesis entry and a keyed head are written for it.
import { prepared } from '../db/prepared';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connection';
import { readSetting, writeSetting } from '../db/settings';
import type { Clock } from '../time';
import type { ChainVerificationView } from '../../shared/admin';

const ZERO = '0'.repeat(64);
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
  /** Inside batch(): the head is written once at the end, not after every entry. */
  private batchDepth = 0;

  constructor(
    private readonly db: Db,
    private readonly key: Buffer,
    private readonly clock: Clock,
  ) {
    if (!db.readonly) this.ensureGenesis();
  }

  /**
   * A new database gets its genesis entry (seq 0); an old log is adopted. A log that was wiped
   * in a registry that has people, or whose genesis was removed, is left as it is for verify().
   */
  private ensureGenesis(): void {
    const hasTable = this.db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'")
      .get();
    if (!hasTable || this.genesisRow()) return;
    const first = prepared(this.db, 'SELECT * FROM audit_log ORDER BY seq LIMIT 1').get() as
      AuditRow | undefined;
    const stored = readSetting(this.db, HEAD_KEY);
    const fresh =
      !first && stored === undefined && !this.db.prepare('SELECT 1 FROM users LIMIT 1').get();
    const legacy =
      first !== undefined &&
      first.seq === 1 &&
      first.prev_hash === ZERO &&
      stored !== undefined &&
      (JSON.parse(stored) as { mac?: string }).mac === undefined;
    if (!fresh && !legacy) return;
    this.db.transaction(() => {
      const row = {
        seq: 0,
        at: this.clock.now(),
        actor: 'system',
        action: 'audit.genesis',
        target: 'audit_log',
        details: JSON.stringify(
          legacy ? { adopted: (JSON.parse(stored!) as { seq: number }).seq } : {},
        ),
        prev_hash: ZERO,
      };
      const hash = this.insertRow(row);
      if (fresh) this.writeHead(0, hash);
      else
        this.writeHead(
          (JSON.parse(stored!) as { seq: number; hash: string }).seq,
          (JSON.parse(stored!) as { hash: string }).hash,
        );
    })();
  }

  private genesisRow(): AuditRow | undefined {
    return prepared(this.db, 'SELECT * FROM audit_log WHERE seq = 0').get() as AuditRow | undefined;
  }

  private writeHead(seq: number, hash: string): void {
    writeSetting(this.db, HEAD_KEY, JSON.stringify({ seq, hash, mac: this.headMac(seq, hash) }));
  }

  private headMac(seq: number, hash: string): string {
    return createHmac('sha256', this.key).update(`audit-head:${seq}:${hash}`).digest('hex');
  }

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
    const hash = this.insertRow(row);
    if (this.batchDepth === 0) this.writeHead(row.seq, hash);
    return { ...row, hash };
  }

  /**
   * Many entries in the caller's transaction (a CSV import): each entry is chained as by
   * append(), but the keyed head is written once, after the last one.
   */
  batch<T>(work: () => T): T {
    if (!this.db.inTransaction) throw new Error('AuditLog.batch() needs a transaction');
    this.batchDepth++;
    try {
      return work();
    } finally {
      this.batchDepth--;
      if (this.batchDepth === 0) {
        // From the table: right even when work() caught a rolled-back savepoint.
        const last = this.lastRow();
        if (last.hash !== ZERO) this.writeHead(last.seq, last.hash);
      }
    }
  }

  list(options: { limit?: number; afterSeq?: number } = {}): AuditRow[] {
    // Entry 0 (the genesis) is the chain's anchor, not an action: lists start at 1.
    return prepared(this.db, 'SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?').all(
      options.afterSeq ?? 0,
      options.limit ?? -1,
    ) as AuditRow[];
  }

  /** Walks the whole chain; reports the first row that does not fit. */
  verify(): AuditVerification {
    const genesis = this.genesisRow();
    if (!genesis || genesis.action !== 'audit.genesis' || genesis.prev_hash !== ZERO) {
      return {
        ok: false,
        rows: 0,
        seq: 0,
        problem:
          'the first entry of the audit log (its keyed start) is missing: the log was wiped or replaced',
      };
    }
    if (!sameHex(this.hashOf(genesis), genesis.hash)) {
      return { ok: false, rows: 0, seq: 0, problem: 'entry 0 was changed after it was written' };
    }
    const adopted = (JSON.parse(genesis.details) as { adopted?: number }).adopted;
    let expectedSeq = 1;
    // An adopted log's entry 1 links to zeros (written before the genesis existed).
    let prevHash = adopted !== undefined ? ZERO : genesis.hash;
    let rows = 0;
    for (const row of prepared(
      this.db,
      'SELECT * FROM audit_log WHERE seq > 0 ORDER BY seq',
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
    if (!head) {
      return {
        ok: false,
        rows,
        seq: expectedSeq - 1,
        problem: 'the record of the last audit entry (the head) is missing',
      };
    }
    if (!head.mac || !sameHex(this.headMac(head.seq, head.hash), head.mac)) {
      return {
        ok: false,
        rows,
        seq: head.seq,
        problem: 'the record of the last audit entry (the head) was changed without the key',
      };
    }
    if (adopted !== undefined && rows < adopted) {
      return {
        ok: false,
        rows,
        seq: adopted,
        problem: `the log ends at entry ${rows} but entry ${adopted} was written`,
      };
    }
    if (
      head.seq !== expectedSeq - 1 ||
      head.hash !== (expectedSeq === 1 ? genesis.hash : prevHash)
    ) {
      return {
        ok: false,
        rows,
        seq: head.seq,
        problem: `the log ends at entry ${expectedSeq - 1} but entry ${head.seq} was written`,
      };
    }
    return { ok: true, rows };
  }

  private head(): { seq: number; hash: string; mac?: string } | undefined {
    const stored = readSetting(this.db, HEAD_KEY);
    return stored ? (JSON.parse(stored) as { seq: number; hash: string; mac?: string }) : undefined;
  }
  /** Where the next entry links to: the newest row itself (one primary-key lookup). */
  private lastRow(): { seq: number; hash: string } {
    const row = prepared(
      this.db,
      'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    ).get();
    return (row as { seq: number; hash: string } | undefined) ?? { seq: 0, hash: ZERO };
  }

  /** Writes one chained row; returns its hash. */
  private insertRow(row: Omit<AuditRow, 'hash'>): string {
    const hash = this.hashOf(row);
    prepared(
      this.db,
      `INSERT INTO audit_log (seq, at, actor, action, target, details, prev_hash, hash)
         VALUES (@seq, @at, @actor, @action, @target, @details, @prev_hash, @hash)`,
    ).run({ ...row, hash });
    return hash;
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
