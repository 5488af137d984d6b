// Logs on the admin screen: the sign-in log with filters and the hash-chained audit log with its
// verification, both as pages and as CSV (formula-safe, via toCsv). Exports are audited: they
// carry personal data out of the kiosk.
import type { AuditLog } from '../audit/audit-log';
import type { SignInResult } from '../audit/signin-log';
import type { RegistryService } from '../registry/registry-service';
import { auditLogCsv, signInLogCsv } from '../audit/log-csv';
import type { AuditLogPage, CsvExport, SignInLogPage } from '../../shared/admin';
import type { AdminQueries } from './admin-queries';
import { AdminError } from './errors';

/** Rows in one sign-in log export; narrow the time range for more. */
export const SIGNIN_EXPORT_MAX = 100_000;

export interface SignInLogFilter {
  employeeId?: string;
  result?: SignInResult;
  from?: number;
  to?: number;
}

export class LogsAdmin {
  constructor(
    private readonly deps: { audit: AuditLog; registry: RegistryService; queries: AdminQueries },
  ) {}

  signInLog(filter: SignInLogFilter & { offset: number; limit: number }): SignInLogPage {
    return this.deps.queries.signInLogPage({ ...this.resolve(filter), ...page(filter) });
  }

  auditLog(query: { offset: number; limit: number }): AuditLogPage {
    const { rows, total } = this.deps.queries.auditPage(query.limit, query.offset);
    return {
      rows: rows.map((r) => ({
        seq: r.seq,
        at: r.at,
        actor: r.actor,
        action: r.action,
        target: r.target,
        details: r.details,
      })),
      total,
      verification: this.deps.audit.verify(),
    };
  }

  exportSignInLog(filter: SignInLogFilter, actor: string): CsvExport {
    const { rows } = this.deps.queries.signInLogPage({
      ...this.resolve(filter),
      limit: SIGNIN_EXPORT_MAX,
      offset: 0,
    });
    const csv = signInLogCsv(rows);
    this.deps.audit.append({
      actor,
      action: 'signinLog.export',
      target: 'signin_log',
      details: { rows: rows.length, filter },
    });
    return { filename: 'sign-in-log.csv', csv, rows: rows.length };
  }

  exportAuditLog(actor: string): CsvExport {
    const rows = [...this.deps.queries.auditRows()];
    const csv = auditLogCsv(rows);
    this.deps.audit.append({
      actor,
      action: 'auditLog.export',
      target: 'audit_log',
      details: { rows: rows.length },
    });
    return { filename: 'audit-log.csv', csv, rows: rows.length };
  }

  private resolve(filter: SignInLogFilter): {
    userId?: number;
    result?: SignInResult;
    from?: number;
    to?: number;
  } {
    let userId: number | undefined;
    if (filter.employeeId !== undefined && filter.employeeId.trim() !== '') {
      const user = this.deps.registry.findByEmployeeId(filter.employeeId);
      if (!user) {
        throw new AdminError('user_not_found', `No one has employee ID ${filter.employeeId}.`);
      }
      userId = user.id;
    }
    return { userId, result: filter.result, from: filter.from, to: filter.to };
  }
}

function page(query: { offset: number; limit: number }) {
  return { offset: query.offset, limit: query.limit };
}
