// Queries the admin screen needs beyond the registry's own modules: paged logs with a total,
// resources per group, membership removal, the count of active managers. Parameters only.
import { prepared } from '../db/prepared';
import type { Db } from '../db/connection';
import type { AuditRow } from '../audit/audit-log';
import type { SignInResult } from '../audit/signin-log';
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
  constructor(private readonly db: Db) {}

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
    const params = {
      userId: query.userId ?? null,
      result: query.result ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
    };
    const where = `WHERE (@userId IS NULL OR l.user_id = @userId)
           AND (@result IS NULL OR l.result = @result)
           AND (@from IS NULL OR l.at >= @from)
           AND (@to IS NULL OR l.at < @to)`;
    const rows = prepared(
      this.db,
      `SELECT l.id, l.at, l.masked_phone, l.kiosk_id, l.result, l.reason,
              u.display_name, u.employee_id
         FROM signin_log l LEFT JOIN users u ON u.id = l.user_id
         ${where}
         ORDER BY l.at DESC, l.id DESC LIMIT @limit OFFSET @offset`,
    ).all({ ...params, limit: query.limit, offset: query.offset }) as Array<{
      id: number;
      at: number;
      masked_phone: string;
      kiosk_id: string;
      result: SignInResult;
      reason: string;
      display_name: string | null;
      employee_id: string | null;
    }>;
    const total = (
      prepared(this.db, `SELECT count(*) AS n FROM signin_log l ${where}`).get(params) as {
        n: number;
      }
    ).n;
    return {
      total,
      rows: rows.map((r) => ({
        id: r.id,
        at: r.at,
        employeeId: r.employee_id,
        userName: r.display_name,
        maskedPhone: r.masked_phone,
        kioskId: r.kiosk_id,
        result: r.result,
        reason: r.reason,
      })),
    };
  }

  /** Newest first. */
  auditPage(limit: number, offset: number): { rows: AuditRow[]; total: number } {
    const rows = prepared(
      this.db,
      'SELECT * FROM audit_log ORDER BY seq DESC LIMIT ? OFFSET ?',
    ).all(limit, offset) as AuditRow[];
    const total = (prepared(this.db, 'SELECT count(*) AS n FROM audit_log').get() as { n: number })
      .n;
    return { rows, total };
  }

  /** Oldest first, for the CSV export. */
  *auditRows(): IterableIterator<AuditRow> {
    yield* prepared(
      this.db,
      'SELECT * FROM audit_log ORDER BY seq',
    ).iterate() as IterableIterator<AuditRow>;
  }
}
