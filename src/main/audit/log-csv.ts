// The two logs as CSV, the same from the CLI and the admin screen (formula-safe via toCsv).
import { toCsv } from '../registry/staff-csv';

export function signInLogCsv(
  rows: Iterable<{
    at: number;
    employeeId: string | null;
    userName: string | null;
    maskedPhone: string;
    kioskId: string;
    result: string;
    reason: string;
  }>,
): string {
  return toCsv(
    ['time', 'employee_id', 'name', 'number', 'kiosk', 'result', 'reason'],
    [...rows].map((r) => [
      new Date(r.at).toISOString(),
      r.employeeId,
      r.userName,
      r.maskedPhone,
      r.kioskId,
      r.result,
      r.reason,
    ]),
  );
}

export function auditLogCsv(
  rows: Iterable<{
    seq: number;
    at: number;
    actor: string;
    action: string;
    target: string;
    details: string;
    hash: string;
  }>,
): string {
  return toCsv(
    ['seq', 'time', 'actor', 'action', 'target', 'details', 'hash'],
    [...rows].map((r) => [
      r.seq,
      new Date(r.at).toISOString(),
      r.actor,
      r.action,
      r.target,
      r.details,
      r.hash,
    ]),
  );
}
