// Staff registry: validation, phone normalisation, uniqueness and audit around the query
// modules. Every change and its audit entry share one transaction.
import type { Db } from '../db/connection';
import type { AuditLog } from '../audit/audit-log';
import type { ConfigStore } from '../config/config-store';
import type { Clock } from '../time';
import { UsersTable, type UserQuery } from './users';
import { GroupsTable } from './groups';
import { normalizeMobileNumber, type NormalizedPhone } from '../../shared/phone';
import {
  firstIssue,
  groupNameSchema,
  issueDetail,
  newUserSchema,
  searchTextSchema,
  userPatchSchema,
  type NewUserInput,
  type UserPatch,
} from '../../shared/schemas';
import type { Group, User } from '../../shared/domain';
import { prepared } from '../db/prepared';
import type { z } from 'zod';

/**
 * Codes of RegistryError:
 * - invalid_input: a field failed validation (message names the field).
 * - invalid_phone: the number is not a valid mobile number (message says why).
 * - duplicate_phone: another active user already has the number.
 * - duplicate_employee_id: the employee ID is taken.
 * - duplicate_group: a group with that name exists.
 * - user_not_found / group_not_found.
 * - last_manager: the change would leave the site with no active manager.
 */
export type RegistryErrorCode =
  | 'invalid_input'
  | 'invalid_phone'
  | 'duplicate_phone'
  | 'duplicate_employee_id'
  | 'duplicate_group'
  | 'user_not_found'
  | 'group_not_found'
  | 'last_manager';

export class RegistryError extends Error {
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
    /** The field and parameters the screens word the error by (IpcError). */
    readonly detail: { field?: string; params?: Record<string, string | number> } = {},
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** The staff search as typed, or a RegistryError for text no search may hold (a NUL, …). */
export function checkedSearch(search: string | undefined): string | undefined {
  if (search === undefined) return undefined;
  const parsed = searchTextSchema.safeParse(search);
  if (!parsed.success)
    throw new RegistryError('invalid_input', firstIssue(parsed.error), issueDetail(parsed.error));
  return parsed.data;
}

export interface UserWithGroups extends User {
  groups: string[];
}

/** Options of the changes that could remove the last active manager. */
export interface ManagerGuard {
  /**
   * Allows leaving no active manager (the CLI's --force; a bulk import checks once at its end).
   * Without one, only the recovery code or the CLI can open the admin screen again.
   */
  allowNoManager?: boolean;
}

type NewUserData = z.output<typeof newUserSchema>;
type PatchData = z.output<typeof userPatchSchema>;

/** See RegistryService.importer(). */
export interface StaffImporter {
  /**
   * Adds a person whose employee ID the caller found unregistered, or throws a RegistryError,
   * having written nothing.
   */
  add(input: NewUserInput): void;
  /** Changes a person (false: nothing to change) or throws a RegistryError, having written nothing. */
  update(user: User, patch: UserPatch): boolean;
  /** Tells the change listeners about the people changed; call after the commit. */
  announce(): void;
}

export function activeManagerCount(db: Db): number {
  return (
    prepared(
      db,
      "SELECT count(*) AS n FROM users WHERE role = 'manager' AND status = 'active'",
    ).get() as { n: number }
  ).n;
}

/**
 * Throws last_manager when no active manager is left. Call inside the transaction that made the
 * change, after it, so the change rolls back with the refusal.
 */
export function assertKeepsAManager(db: Db, what: string): void {
  if (activeManagerCount(db) > 0) return;
  throw new RegistryError(
    'last_manager',
    `Cannot ${what}: the site would have no active manager left. Add or enable another manager first.`,
  );
}

function isActiveManager(user: User): boolean {
  return user.role === 'manager' && user.status === 'active';
}

export class RegistryService {
  readonly users: UsersTable;
  readonly groups: GroupsTable;
  /** Inside bulk(): the last-manager rule is checked once at the end, not per change. */
  private bulkDepth = 0;
  /** Inside bulkImport(): group ids by name as the file spells them. */
  private importGroupIds: Map<string, number> | undefined;
  private readonly changeListeners: Array<(userId: number) => void> = [];

  constructor(
    private readonly db: Db,
    private readonly config: ConfigStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.users = new UsersTable(db);
    this.groups = new GroupsTable(db);
  }

  /**
   * Called after a person was changed or removed (the kiosk ends their session when they may no
   * longer sign in). Returns an unsubscribe function.
   */
  onUserChanged(listener: (userId: number) => void): () => void {
    this.changeListeners.push(listener);
    return () => {
      const i = this.changeListeners.indexOf(listener);
      if (i >= 0) this.changeListeners.splice(i, 1);
    };
  }

  private changed(userId: number): void {
    for (const listener of [...this.changeListeners]) listener(userId);
  }

  /** Validates a typed phone number against the site's country: E.164 or a RegistryError. */
  normalizePhone(input: string): string {
    return this.parsePhone(input, this.config.site().defaultCountry).e164;
  }

  private parsePhone(input: string, country: string): NormalizedPhone {
    const result = normalizeMobileNumber(input, country);
    if (!result.ok) {
      throw new RegistryError('invalid_phone', result.error.message, {
        field: 'phone',
        params: { problem: result.error.code },
      });
    }
    return result.value;
  }

  addUser(input: NewUserInput, actor: string): UserWithGroups {
    const data = this.parseNewUser(input);
    const phone = data.phone?.trim()
      ? this.parsePhone(data.phone, this.config.site().defaultCountry)
      : null;
    return this.db.transaction(() => {
      const now = this.clock.now();
      const id = this.insertUser(data, phone, actor, now);
      return {
        id,
        employeeId: data.employeeId,
        displayName: data.displayName,
        phone: phone?.e164 ?? null,
        role: data.role,
        status: data.status,
        language: data.language,
        consecutiveFailures: 0,
        lockedUntil: null,
        lockedIndefinitely: false,
        createdAt: now,
        updatedAt: now,
        groups: this.groups.groupNamesOf(id),
      };
    })();
  }

  private parseNewUser(input: NewUserInput): NewUserData {
    const parsed = newUserSchema.safeParse(input);
    if (!parsed.success)
      throw new RegistryError('invalid_input', firstIssue(parsed.error), issueDetail(parsed.error));
    return parsed.data;
  }

  /** Checks, then writes: every refusal comes before the first write (the import relies on it). */
  private insertUser(
    data: NewUserData,
    parsedPhone: NormalizedPhone | null,
    actor: string,
    now: number,
    knownNew = false,
  ): number {
    const phone = parsedPhone?.e164 ?? null;
    if (!knownNew && this.users.byEmployeeId(data.employeeId)) {
      throw new RegistryError(
        'duplicate_employee_id',
        `Employee ID ${data.employeeId} is already registered.`,
        { field: 'employeeId', params: { employeeId: data.employeeId } },
      );
    }
    if (phone && data.status === 'active') this.assertPhoneFree(phone, undefined);
    const groupIds = this.resolveGroups(data.groups, actor);
    const id = this.users.insert({ ...data, phone, now });
    this.groups.addMemberships(id, groupIds);
    this.audit.append({
      actor,
      action: 'user.add',
      target: `user:${data.employeeId}`,
      details: {
        displayName: data.displayName,
        phone: parsedPhone?.masked ?? null,
        role: data.role,
        status: data.status,
        groups: data.groups,
      },
    });
    return id;
  }

  updateUser(
    id: number,
    patch: UserPatch,
    actor: string,
    guard: ManagerGuard = {},
  ): UserWithGroups {
    const data = this.parsePatch(patch);
    const updated = this.db.transaction(() => {
      const user = this.require(id);
      const country = this.config.site().defaultCountry;
      if (!this.applyUpdate(user, data, actor, guard, country)) return this.withGroups(user);
      return this.withGroups(this.users.byId(id)!);
    })();
    this.changed(id);
    return updated;
  }

  private parsePatch(patch: UserPatch): PatchData {
    const parsed = userPatchSchema.safeParse(patch);
    if (!parsed.success)
      throw new RegistryError('invalid_input', firstIssue(parsed.error), issueDetail(parsed.error));
    return parsed.data;
  }

  /**
   * Writes a parsed patch with its audit entry; false when nothing changed. Outside bulk() the
   * last-manager check runs after the write, so call it inside a transaction of its own.
   */
  private applyUpdate(
    user: User,
    data: PatchData,
    actor: string,
    guard: ManagerGuard,
    country: string,
  ): boolean {
    const id = user.id;
    const fields: Parameters<UsersTable['update']>[1] = {};
    const changes: Record<string, unknown> = {};
    if (data.displayName !== undefined && data.displayName !== user.displayName) {
      fields.display_name = changes.displayName = data.displayName;
    }
    if (data.role !== undefined && data.role !== user.role) {
      fields.role = changes.role = data.role;
    }
    if (data.language !== undefined && data.language !== user.language) {
      fields.language = changes.language = data.language;
    }
    if (data.status !== undefined && data.status !== user.status) {
      fields.status = changes.status = data.status;
    }
    if (data.phone !== undefined) {
      const phone = data.phone.trim() ? this.parsePhone(data.phone, country) : null;
      if ((phone?.e164 ?? null) !== user.phone) {
        fields.phone_e164 = phone?.e164 ?? null;
        changes.phone = phone?.masked ?? null;
      }
    }
    const phone = fields.phone_e164 !== undefined ? fields.phone_e164 : user.phone;
    const status = fields.status ?? user.status;
    if (phone && status === 'active' && (fields.phone_e164 || fields.status)) {
      this.assertPhoneFree(phone, id);
    }
    if (data.groups !== undefined) {
      const groupIds = this.resolveGroups(data.groups, actor);
      const before = this.groups.groupNamesOf(id);
      this.groups.setMemberships(id, groupIds);
      const after = this.groups.groupNamesOf(id);
      if (before.join('\n') !== after.join('\n')) changes.groups = after;
    }
    if (Object.keys(changes).length === 0) return false;
    this.users.update(id, fields, this.clock.now());
    if (isActiveManager(user) && !guard.allowNoManager && this.bulkDepth === 0) {
      const what = changes.status ? 'disable' : 'change the role of';
      assertKeepsAManager(this.db, `${what} ${user.displayName} (${user.employeeId})`);
    }
    this.audit.append({
      actor,
      action: 'user.update',
      target: `user:${user.employeeId}`,
      details: changes,
    });
    return true;
  }

  /**
   * The CSV import's writes, only inside bulk(): addUser's and updateUser's
   * validation, uniqueness rules and audit entries, but no savepoint per row (every refusal
   * comes before a row's first write), the site's country read once and the audit head written
   * once (AuditLog.batch). The last-manager rule is bulk()'s, judged on the end result. The
   * people changed are announced by importer.announce(), after the commit.
   */
  bulkImport<T>(actor: string, work: (importer: StaffImporter) => T, guard: ManagerGuard = {}): T {
    if (this.importGroupIds) throw new Error('bulkImport() does not nest');
    this.importGroupIds = new Map();
    try {
      return this.bulk(
        'import this file',
        () => this.audit.batch(() => work(this.importer(actor))),
        guard,
      );
    } finally {
      this.importGroupIds = undefined;
    }
  }

  private importer(actor: string): StaffImporter {
    const country = this.config.site().defaultCountry;
    const changedIds: number[] = [];
    return {
      add: (input) => {
        const data = this.parseNewUser(input);
        const phone = data.phone?.trim() ? this.parsePhone(data.phone, country) : null;
        // The import looked the ID up to choose between add and update.
        this.insertUser(data, phone, actor, this.clock.now(), true);
      },
      update: (user, patch) => {
        const changed = this.applyUpdate(user, this.parsePatch(patch), actor, {}, country);
        if (changed) changedIds.push(user.id);
        return changed;
      },
      announce: () => {
        for (const id of changedIds) this.changed(id);
      },
    };
  }

  setPhone(id: number, phone: string | null, actor: string): UserWithGroups {
    return this.updateUser(id, { phone: phone ?? '' }, actor);
  }

  setStatus(
    id: number,
    status: User['status'],
    actor: string,
    guard: ManagerGuard = {},
  ): UserWithGroups {
    return this.updateUser(id, { status }, actor, guard);
  }

  deleteUser(id: number, actor: string, guard: ManagerGuard = {}): void {
    this.db.transaction(() => {
      const user = this.require(id);
      this.users.delete(id);
      if (isActiveManager(user) && !guard.allowNoManager && this.bulkDepth === 0) {
        assertKeepsAManager(this.db, `delete ${user.displayName} (${user.employeeId})`);
      }
      this.audit.append({ actor, action: 'user.delete', target: `user:${user.employeeId}` });
    })();
    this.changed(id);
  }

  /**
   * Many changes as one (a CSV import): the last-manager rule holds for the end result, so a
   * file may demote one manager in a line before it promotes another. One transaction; a site
   * that had no active manager before (a new install loading its staff) is not held to it.
   */
  bulk<T>(what: string, work: () => T, guard: ManagerGuard = {}): T {
    return this.db.transaction(() => {
      const before = activeManagerCount(this.db);
      this.bulkDepth++;
      let result: T;
      try {
        result = work();
      } finally {
        this.bulkDepth--;
      }
      if (before > 0 && !guard.allowNoManager) assertKeepsAManager(this.db, what);
      return result;
    })();
  }

  /** Clears a lockout and the failure count (a manager's decision, so audited). */
  unlock(id: number, actor: string): UserWithGroups {
    return this.db.transaction(() => {
      const user = this.require(id);
      this.users.setLockState(id, {
        consecutiveFailures: 0,
        lockedUntil: null,
        lockedIndefinitely: false,
      });
      this.audit.append({
        actor,
        action: 'user.unlock',
        target: `user:${user.employeeId}`,
        details: {
          consecutiveFailures: user.consecutiveFailures,
          wasLockedIndefinitely: user.lockedIndefinitely,
        },
      });
      return this.withGroups(this.users.byId(id)!);
    })();
  }

  findByEmployeeId(employeeId: string): UserWithGroups | undefined {
    const user = this.users.byEmployeeId(employeeId);
    return user && this.withGroups(user);
  }

  requireByEmployeeId(employeeId: string): UserWithGroups {
    const user = this.findByEmployeeId(employeeId);
    if (!user) {
      throw new RegistryError('user_not_found', `No user has employee ID ${employeeId}.`);
    }
    return user;
  }

  list(query: UserQuery = {}): User[] {
    return this.users.list({ ...query, search: checkedSearch(query.search) });
  }

  withGroups(user: User): UserWithGroups {
    return { ...user, groups: this.groups.groupNamesOf(user.id) };
  }

  listGroups(): Group[] {
    return this.groups.list();
  }

  addGroup(name: string, actor: string): Group {
    const parsed = groupNameSchema.safeParse(name);
    if (!parsed.success) {
      throw new RegistryError(
        'invalid_input',
        firstIssue(parsed.error),
        issueDetail(parsed.error, 'groups'),
      );
    }
    return this.db.transaction(() => {
      if (this.groups.byName(parsed.data)) {
        throw new RegistryError(
          'duplicate_group',
          `A group called ${parsed.data} already exists.`,
          {
            field: 'groups',
            params: { name: parsed.data },
          },
        );
      }
      const id = this.groups.insert(parsed.data, this.clock.now());
      this.audit.append({ actor, action: 'group.add', target: `group:${parsed.data}` });
      return { id, name: parsed.data, memberCount: 0 };
    })();
  }

  /** Group names to ids; unknown names are created (CSV import and `users add --group`). */
  private resolveGroups(names: readonly string[], actor: string): number[] {
    return names.map((name) => {
      // An import names the same few groups on every line; none is renamed or deleted meanwhile.
      let id = this.importGroupIds?.get(name);
      if (id === undefined) {
        id = this.groups.byName(name)?.id ?? this.addGroup(name, actor).id;
        this.importGroupIds?.set(name, id);
      }
      return id;
    });
  }

  private assertPhoneFree(phone: string, exceptUserId: number | undefined): void {
    const owner = this.users.byActivePhone(phone);
    if (owner && owner.id !== exceptUserId) {
      throw new RegistryError(
        'duplicate_phone',
        `${phone} is already the sign-in number of ${owner.displayName} (${owner.employeeId}).`,
        { field: 'phone', params: { name: owner.displayName, employeeId: owner.employeeId } },
      );
    }
  }

  private require(id: number): User {
    const user = this.users.byId(id);
    if (!user) throw new RegistryError('user_not_found', `User ${id} does not exist.`);
    return user;
  }
}
