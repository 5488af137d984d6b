// Which modem and SIM belong to each port. The first identity seen on a port is bound; another
// SIM (it may have inherited a number that people still text, or be a stranger's) or another
// modem on the same port is kept as a pending change until a manager confirms it, and while a
// change is pending texts to the kiosk are not used for sign-in. State lives in the database so
// the CLI can confirm while the kiosk runs. Query module for the table modem_identities.
import type { AuditLog } from './audit/audit-log';
import type { Db } from './db/connection';
import { prepared } from './db/prepared';
import type { Clock } from './time';

export interface ModemIdentity {
  imei?: string;
  iccid?: string;
  imsi?: string;
}

/** What differs from the bound identity: the modem (IMEI) and/or the SIM (ICCID or IMSI). */
export type IdentityChange = 'modem' | 'sim';

export interface IdentityAlarm {
  path: string;
  changes: IdentityChange[];
  bound: ModemIdentity;
  seen: ModemIdentity;
  since: number;
}

export type IdentityCheck =
  | { kind: 'bound'; identity: ModemIdentity }
  | { kind: 'same' }
  | { kind: 'changed'; alarm: IdentityAlarm };

interface Row {
  path: string;
  imei: string | null;
  iccid: string | null;
  imsi: string | null;
  bound_at: number;
  seen_imei: string | null;
  seen_iccid: string | null;
  seen_imsi: string | null;
  changed: string | null;
  changed_at: number | null;
}

export class IdentityError extends Error {
  constructor(
    readonly code: 'nothing_to_confirm',
    message: string,
  ) {
    super(message);
    this.name = 'IdentityError';
  }
}

/** Words for a site manager (the admin screen words it again in its own language). */
export function identityAlarmMessage(changes: readonly IdentityChange[]): string {
  const what = changes.includes('modem')
    ? changes.includes('sim')
      ? 'A different modem with a different SIM card is plugged in where the kiosk’s modem was.'
      : 'A different modem is plugged in where the kiosk’s modem was.'
    : 'The SIM card in the modem is not the one this kiosk was set up with.';
  return `${what} Texts sent to the kiosk are not used for sign-in until a manager confirms the change. Codes are still sent.`;
}

export class ModemIdentityStore {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Compares what the modem on `path` says it is with what is bound there; records the outcome. */
  check(path: string, seen: ModemIdentity): IdentityCheck {
    return this.db.transaction((): IdentityCheck => {
      let row = this.row(path);
      if (!row && seen.imei) {
        // The same modem under another device name (it re-enumerated): its binding moves along.
        const moved = prepared(
          this.db,
          'SELECT * FROM modem_identities WHERE imei = ? ORDER BY bound_at LIMIT 1',
        ).get(seen.imei) as Row | undefined;
        if (moved) {
          prepared(this.db, 'UPDATE modem_identities SET path = ? WHERE path = ?').run(
            path,
            moved.path,
          );
          this.audit.append({
            actor: 'system',
            action: 'modem.identityMoved',
            target: `port:${path}`,
            details: { from: moved.path, imei: seen.imei },
          });
          row = { ...moved, path };
        }
      }
      if (!row) {
        prepared(
          this.db,
          'INSERT INTO modem_identities (path, imei, iccid, imsi, bound_at) VALUES (?, ?, ?, ?, ?)',
        ).run(path, seen.imei ?? null, seen.iccid ?? null, seen.imsi ?? null, this.clock.now());
        this.audit.append({
          actor: 'system',
          action: 'modem.identityBound',
          target: `port:${path}`,
          details: { ...seen },
        });
        return { kind: 'bound', identity: seen };
      }
      const bound = identityOf(row);
      const changes = differences(bound, seen);
      if (changes.length === 0) {
        this.fillIn(row, seen);
        if (row.changed !== null) {
          // The bound modem and SIM are back: nothing is left to confirm.
          prepared(
            this.db,
            'UPDATE modem_identities SET seen_imei = NULL, seen_iccid = NULL, seen_imsi = NULL, changed = NULL, changed_at = NULL WHERE path = ?',
          ).run(path);
          this.audit.append({
            actor: 'system',
            action: 'modem.identityRestored',
            target: `port:${path}`,
            details: { ...bound },
          });
        }
        return { kind: 'same' };
      }
      const previous = this.alarmOf(row);
      if (previous && differences(previous.seen, seen).length === 0) {
        return { kind: 'changed', alarm: previous };
      }
      const since = this.clock.now();
      prepared(
        this.db,
        'UPDATE modem_identities SET seen_imei = ?, seen_iccid = ?, seen_imsi = ?, changed = ?, changed_at = ? WHERE path = ?',
      ).run(
        seen.imei ?? null,
        seen.iccid ?? null,
        seen.imsi ?? null,
        changes.join(','),
        since,
        path,
      );
      this.audit.append({
        actor: 'system',
        action: 'modem.identityChanged',
        target: `port:${path}`,
        details: { changes, bound, seen },
      });
      return { kind: 'changed', alarm: { path, changes, bound, seen, since } };
    })();
  }

  /** The pending change on `path`, or on any port when no path is given. */
  alarm(path?: string): IdentityAlarm | undefined {
    if (path !== undefined) {
      const row = this.row(path);
      return row ? this.alarmOf(row) : undefined;
    }
    return this.alarms()[0];
  }

  alarms(): IdentityAlarm[] {
    const rows = prepared(
      this.db,
      'SELECT * FROM modem_identities WHERE changed IS NOT NULL ORDER BY path',
    ).all() as Row[];
    return rows.map((r) => this.alarmOf(r)!);
  }

  /** Every port a modem was bound on. */
  paths(): string[] {
    const rows = prepared(
      this.db,
      'SELECT path FROM modem_identities ORDER BY path',
    ).all() as Array<{
      path: string;
    }>;
    return rows.map((r) => r.path);
  }

  /** What is bound on `path`. */
  bound(path: string): ModemIdentity | undefined {
    const row = this.row(path);
    return row ? identityOf(row) : undefined;
  }

  /** A manager accepts the modem and SIM now on `path` as the kiosk's own; audited. */
  confirm(path: string, actor: string): ModemIdentity {
    return this.db.transaction(() => {
      const row = this.row(path);
      const alarm = row && this.alarmOf(row);
      if (!row || !alarm) {
        throw new IdentityError(
          'nothing_to_confirm',
          `There is no modem or SIM change to confirm on ${path}.`,
        );
      }
      const current: ModemIdentity = {
        imei: alarm.seen.imei ?? alarm.bound.imei,
        iccid: alarm.seen.iccid ?? alarm.bound.iccid,
        imsi: alarm.seen.imsi ?? alarm.bound.imsi,
      };
      prepared(
        this.db,
        'UPDATE modem_identities SET imei = ?, iccid = ?, imsi = ?, bound_at = ?, seen_imei = NULL, seen_iccid = NULL, seen_imsi = NULL, changed = NULL, changed_at = NULL WHERE path = ?',
      ).run(
        current.imei ?? null,
        current.iccid ?? null,
        current.imsi ?? null,
        this.clock.now(),
        path,
      );
      this.audit.append({
        actor,
        action: 'modem.identityConfirmed',
        target: `port:${path}`,
        details: { changes: alarm.changes, previous: alarm.bound, current },
      });
      return current;
    })();
  }

  private row(path: string): Row | undefined {
    return prepared(this.db, 'SELECT * FROM modem_identities WHERE path = ?').get(path) as
      Row | undefined;
  }

  private alarmOf(row: Row): IdentityAlarm | undefined {
    if (row.changed === null) return undefined;
    return {
      path: row.path,
      changes: row.changed.split(',') as IdentityChange[],
      bound: identityOf(row),
      seen: clean({
        imei: row.seen_imei ?? undefined,
        iccid: row.seen_iccid ?? undefined,
        imsi: row.seen_imsi ?? undefined,
      }),
      since: row.changed_at ?? row.bound_at,
    };
  }

  /** A value unreadable when bound (SIM locked, no ICCID command) is bound when first read. */
  private fillIn(row: Row, seen: ModemIdentity): void {
    const missing = (['imei', 'iccid', 'imsi'] as const).filter((k) => !row[k] && seen[k]);
    if (missing.length === 0) return;
    prepared(
      this.db,
      'UPDATE modem_identities SET imei = coalesce(imei, ?), iccid = coalesce(iccid, ?), imsi = coalesce(imsi, ?) WHERE path = ?',
    ).run(seen.imei ?? null, seen.iccid ?? null, seen.imsi ?? null, row.path);
    this.audit.append({
      actor: 'system',
      action: 'modem.identityBound',
      target: `port:${row.path}`,
      details: Object.fromEntries(missing.map((k) => [k, seen[k]])),
    });
  }
}

function identityOf(row: Row): ModemIdentity {
  return clean({
    imei: row.imei ?? undefined,
    iccid: row.iccid ?? undefined,
    imsi: row.imsi ?? undefined,
  });
}

function clean(identity: ModemIdentity): ModemIdentity {
  return Object.fromEntries(
    Object.entries(identity).filter(([, v]) => v !== undefined),
  ) as ModemIdentity;
}

/** Only values known on both sides count: an unreadable SIM is not a different SIM. */
function differences(bound: ModemIdentity, seen: ModemIdentity): IdentityChange[] {
  const differs = (k: keyof ModemIdentity) =>
    bound[k] !== undefined && seen[k] !== undefined && bound[k] !== seen[k];
  const changes: IdentityChange[] = [];
  if (differs('imei')) changes.push('modem');
  if (differs('iccid') || differs('imsi')) changes.push('sim');
  return changes;
}
