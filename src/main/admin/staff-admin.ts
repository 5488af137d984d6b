// Staff on the admin screen: pages of the registry for a virtualised list, one person's detail,
// and the changes a manager makes, each through RegistryService (validation, uniqueness, audit
// with the manager as actor). The site never loses its last active manager this way.
import type { Db } from '../db/connection';
import type { AuditLog } from '../audit/audit-log';
import { checkedSearch, RegistryError, type RegistryService } from '../registry/registry-service';
import { exportStaffCsv, importStaffCsv } from '../registry/staff-csv';
import type { Scheduler } from '../time';
import type { Language, Role, User, UserStatus } from '../../shared/domain';
import type {
  AddedPersonView,
  CsvExport,
  ImportReportView,
  PersonView,
  PhoneCodeView,
  StaffPage,
  StaffRow,
} from '../../shared/admin';
import type { AdminQueries } from './admin-queries';
import { isActiveManager } from './admin-session';
import { AdminError } from './errors';
import type { PhoneConfirmations, PhoneProof } from './phone-confirm';

/** Per-row errors listed in an import report; the counts always cover every row. */
export const IMPORT_ERRORS_LISTED = 1000;

export interface StaffQuery {
  search?: string;
  status?: UserStatus;
  groupId?: number;
  offset: number;
  limit: number;
}

export interface NewPerson {
  employeeId: string;
  displayName: string;
  phone?: string;
  role?: Role;
  language?: Language;
  status?: UserStatus;
  groups?: string[];
}

export interface PersonPatch {
  displayName?: string;
  role?: Role;
  language?: Language;
  groups?: string[];
}

export class StaffAdmin {
  constructor(
    private readonly deps: {
      db: Db;
      registry: RegistryService;
      audit: AuditLog;
      queries: AdminQueries;
      scheduler: Scheduler;
      /** confirmNewPhones (policy): without it phones are set unconfirmed. */
      phones?: PhoneConfirmations;
    },
  ) {}

  list(query: StaffQuery): StaffPage {
    const { users } = this.deps.registry;
    const search = checkedSearch(query.search);
    const filter = { search, status: query.status, groupId: query.groupId };
    const now = this.deps.scheduler.now();
    return {
      rows: users
        .list({ ...filter, limit: query.limit, offset: query.offset })
        .map((u) => toRow(u, now)),
      total: users.count(filter),
      offset: query.offset,
      limit: query.limit,
    };
  }

  get(id: number): PersonView {
    const user = this.deps.registry.users.byId(id);
    if (!user) throw new AdminError('user_not_found', `Person ${id} does not exist.`);
    return this.person(user);
  }

  /**
   * With confirmNewPhones on, a typed phone is checked but not stored: the person is added
   * without it (phonePending) and the editor continues with admin.staffPhoneCode.
   */
  add(input: NewPerson, actor: string): AddedPersonView {
    const phone = input.phone?.trim();
    if (phone && this.deps.phones?.required()) {
      this.deps.registry.normalizePhone(phone);
      return {
        ...this.person(this.deps.registry.addUser({ ...input, phone: undefined }, actor)),
        phonePending: true,
      };
    }
    return this.person(this.deps.registry.addUser(input, actor));
  }

  update(id: number, patch: PersonPatch, actor: string): PersonView {
    return this.deps.db.transaction(() => {
      if (patch.role === 'worker') this.keepAManager(id, 'make the last active manager a worker');
      return this.person(this.deps.registry.updateUser(id, patch, actor));
    })();
  }

  setStatus(id: number, status: UserStatus, actor: string): PersonView {
    return this.deps.db.transaction(() => {
      if (status === 'disabled') this.keepAManager(id, 'disable the last active manager');
      return this.person(this.deps.registry.updateUser(id, { status }, actor));
    })();
  }

  delete(id: number, actor: string): void {
    this.deps.db.transaction(() => {
      this.keepAManager(id, 'delete the last active manager');
      this.deps.registry.deleteUser(id, actor);
    })();
  }

  /** Clearing never needs a code; a new number does while confirmNewPhones is on. */
  setPhone(id: number, phone: string | null, actor: string, proof: PhoneProof = {}): PersonView {
    const phones = this.deps.phones;
    if (phone === null || !phones?.required()) {
      return this.person(this.deps.registry.updateUser(id, { phone: phone ?? '' }, actor));
    }
    const user = this.deps.registry.users.byId(id);
    if (!user) throw new AdminError('user_not_found', `Person ${id} does not exist.`);
    const e164 = this.deps.registry.normalizePhone(phone);
    if (e164 === user.phone) return this.person(user);
    // Checked outside the transaction so a wrong try still counts; used up only with the change.
    const pending = phones.check(user, e164, proof, actor);
    return this.deps.db.transaction(() => {
      const view = this.person(this.deps.registry.updateUser(id, { phone: e164 }, actor));
      phones.consume(pending, user, actor);
      return view;
    })();
  }

  /** admin.staffPhoneCode: a code to the new number (confirmNewPhones). */
  sendPhoneCode(id: number, phone: string, actor: string): PhoneCodeView {
    if (!this.deps.phones) {
      throw new AdminError('sms_unavailable', 'This kiosk cannot confirm phones by text message.');
    }
    return this.deps.phones.send(id, phone, actor);
  }

  unlock(id: number, actor: string): PersonView {
    return this.person(this.deps.registry.unlock(id, actor));
  }

  /** Dry run: the whole import in a transaction that is rolled back, audit entries included. */
  preview(csv: string, actor: string): ImportReportView {
    // The last-manager rule is judged in commit, so the preview always lists every row.
    return toReport(
      importStaffCsv(this.deps.registry, csv, {
        dryRun: true,
        actor,
        db: this.deps.db,
        allowNoManager: true,
      }),
    );
  }

  commit(csv: string, actor: string): ImportReportView {
    return this.deps.db.transaction(() => {
      let report: ReturnType<typeof importStaffCsv>;
      try {
        // The whole file counts for the last-manager rule (registry.bulk), not each line.
        report = importStaffCsv(this.deps.registry, csv, {
          dryRun: false,
          actor,
          db: this.deps.db,
        });
      } catch (error) {
        if (error instanceof RegistryError && error.code === 'last_manager') {
          throw new AdminError(
            'last_manager',
            'Nothing was imported: the file would leave the kiosk with no active manager.',
          );
        }
        throw error;
      }
      this.deps.audit.append({
        actor,
        action: 'staff.import',
        target: 'staff',
        details: {
          added: report.added,
          updated: report.updated,
          unchanged: report.unchanged,
          failed: report.failed,
        },
      });
      return toReport(report);
    })();
  }

  export(actor: string): CsvExport {
    const csv = exportStaffCsv(this.deps.registry);
    const rows = this.deps.registry.users.count();
    this.deps.audit.append({ actor, action: 'staff.export', target: 'staff', details: { rows } });
    return { filename: 'staff.csv', csv, rows };
  }

  person(user: User): PersonView {
    const { groups } = this.deps.registry;
    const groupIds = new Set(groups.groupIdsOf(user.id));
    return {
      ...toRow(user, this.deps.scheduler.now()),
      consecutiveFailures: user.consecutiveFailures,
      groups: groups
        .list()
        .filter((g) => groupIds.has(g.id))
        .map((g) => ({ id: g.id, name: g.name })),
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    };
  }

  private keepAManager(id: number, what: string): void {
    const user = this.deps.registry.users.byId(id);
    if (!user) throw new AdminError('user_not_found', `Person ${id} does not exist.`);
    if (isActiveManager(user) && this.deps.queries.activeManagerCount() <= 1) {
      throw new AdminError(
        'last_manager',
        `You cannot ${what}: the kiosk needs at least one active manager. Add another manager first.`,
      );
    }
  }
}

function toRow(user: User, now: number): StaffRow {
  return {
    id: user.id,
    employeeId: user.employeeId,
    displayName: user.displayName,
    phone: user.phone,
    role: user.role,
    status: user.status,
    language: user.language,
    locked: user.lockedIndefinitely || (user.lockedUntil !== null && user.lockedUntil > now),
    lockedUntil: user.lockedUntil,
    lockedIndefinitely: user.lockedIndefinitely,
  };
}

function toReport(report: ReturnType<typeof importStaffCsv>): ImportReportView {
  return {
    added: report.added,
    updated: report.updated,
    unchanged: report.unchanged,
    failed: report.failed,
    errors: report.errors.slice(0, IMPORT_ERRORS_LISTED),
    errorsTruncated: report.errors.length > IMPORT_ERRORS_LISTED,
    dryRun: report.dryRun,
  };
}
