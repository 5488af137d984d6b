// Queries the admin screen needs beyond the registry's own modules: paged logs with a total,
// resources per group, membership removal, the count of active managers. Parameters only.
import { prepared } from '../db/prepared';
import type { Db } from '../db/connection';
import type { AuditRow } from '../audit/audit-log';
import { SignInLog, type SignInResult } from '../audit/signin-log';
import { readSetting, writeSetting } from '../db/settings';
import type { ResourceView, SignInLogEntryView } from '../../shared/admin';

export const KIOSK_NAME_SETTING = 'kiosk.name';

export interface SignInLogQuery {
  userId?: number;
  result?: SignInResult;
  from?: number;
  to?: number;
  limit: number;
  offset: number;
}

export class AdminQueries {
  private readonly signInLog: SignInLog;

  constructor(private readonly db: Db) {
    this.signInLog = new SignInLog(db);
  }

  /** The sign-in engine's "cap reached" alerts after `since`, newest first. */
  capAlerts(since: number, limit = 10): Array<{ at: number; cap: string }> {
    const rows = prepared(
      this.db,
      `SELECT at, details FROM audit_log WHERE action = 'alert.cap_reached' AND at > ?
       ORDER BY seq DESC LIMIT ?`,
    ).all(since, limit) as Array<{ at: number; details: string }>;
    return rows.map((r) => ({
      at: r.at,
      cap: String((JSON.parse(r.details) as { cap?: unknown }).cap),
    }));
  }

  activeManagerCount(): number {
    return (
      prepared(
        this.db,
        "SELECT count(*) AS n FROM users WHERE role = 'manager' AND status = 'active'",
      ).get() as { n: number }
    ).n;
  }

  kioskName(): string | undefined {
    const stored = readSetting(this.db, KIOSK_NAME_SETTING);
    if (!stored) return undefined;
    const parsed: unknown = JSON.parse(stored);
    return typeof parsed === 'string' ? parsed : undefined;
  }

  setKioskName(name: string): void {
    writeSetting(this.db, KIOSK_NAME_SETTING, JSON.stringify(name));
  }

  // --- groups -------------------------------------------------------------------------------

  resourceCounts(): Map<number, number> {
    const rows = prepared(
      this.db,
      'SELECT group_id, count(*) AS n FROM group_resources GROUP BY group_id',
    ).all() as Array<{ group_id: number; n: number }>;
    return new Map(rows.map((r) => [r.group_id, r.n]));
  }

  resourcesOf(groupId: number): ResourceView[] {
    return prepared(
      this.db,
      `SELECT id, group_id AS groupId, name, url FROM group_resources WHERE group_id = ?
         ORDER BY name COLLATE NOCASE, id`,
    ).all(groupId) as ResourceView[];
  }

  resourceById(id: number): ResourceView | undefined {
    return prepared(
      this.db,
      'SELECT id, group_id AS groupId, name, url FROM group_resources WHERE id = ?',
    ).get(id) as ResourceView | undefined;
  }

  deleteResource(id: number): void {
    prepared(this.db, 'DELETE FROM group_resources WHERE id = ?').run(id);
  }

  removeMember(groupId: number, userId: number): boolean {
    return (
      prepared(this.db, 'DELETE FROM group_members WHERE group_id = ? AND user_id = ?').run(
        groupId,
        userId,
      ).changes > 0
    );
  }

  memberCount(groupId: number): number {
    return (
      prepared(this.db, 'SELECT count(*) AS n FROM group_members WHERE group_id = ?').get(
        groupId,
      ) as { n: number }
    ).n;
  }

  // --- logs ---------------------------------------------------------------------------------

  signInLogPage(query: SignInLogQuery): { rows: SignInLogEntryView[]; total: number } {
    return { rows: this.signInLog.list(query), total: this.signInLog.count(query) };
  }

  /** Newest first. */
  auditPage(limit: number, offset: number): { rows: AuditRow[]; total: number } {
    const rows = prepared(
      this.db,
      'SELECT * FROM audit_log WHERE seq > 0 ORDER BY seq DESC LIMIT ? OFFSET ?',
    ).all(limit, offset) as AuditRow[];
    const total = (
      prepared(this.db, 'SELECT count(*) AS n FROM audit_log WHERE seq > 0').get() as { n: number }
    ).n;
    return { rows, total };
  }

  /** Oldest first, for the CSV export. */
  *auditRows(): IterableIterator<AuditRow> {
    yield* prepared(
      this.db,
      'SELECT * FROM audit_log WHERE seq > 0 ORDER BY seq',
    ).iterate() as IterableIterator<AuditRow>;
  }
}
