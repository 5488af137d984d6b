// Signing in with the recovery code: the code must match and the employee ID given with it must
// be an active manager's. It then stops working and a new one is made and shown once. Calls are
// taken one at a time, so the same code can never be used twice by two requests at once.
import type { Db } from '../db/connection';
import type { AuditLog } from '../audit/audit-log';
import type { UsersTable } from '../registry/users';
import type { User } from '../../shared/domain';
import type { RecoveredView, RecoveryCodeView } from '../../shared/admin';
import { isActiveManager, managerActor, type AdminSession } from './admin-session';
import type { RecoveryCodes } from './recovery';
import { activeManagerCount } from '../registry/registry-service';

export class RecoverySignIn {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: {
      db: Db;
      audit: AuditLog;
      users: UsersTable;
      recovery: RecoveryCodes;
      session: AdminSession;
      now: () => number;
    },
  ) {}

  recover(employeeId: string, recoveryCode: string): Promise<RecoveredView> {
    return this.serial(async () => {
      let manager: User | undefined;
      let reenable = false;
      await this.deps.recovery.verify(recoveryCode, () => {
        manager = this.deps.users.byEmployeeId(employeeId);
        if (!manager || manager.role !== 'manager') return false;
        if (isActiveManager(manager)) return true;
        // With no active manager left (setup never opens again), the recovery code brings a
        // disabled manager back.
        reenable = manager.status === 'disabled' && activeManagerCount(this.deps.db) === 0;
        return reenable;
      });
      const actor = managerActor(manager!);
      const next = await this.deps.recovery.prepare();
      const admin = this.deps.db.transaction(() => {
        if (reenable) {
          this.deps.users.update(manager!.id, { status: 'active' }, this.deps.now());
          this.deps.audit.append({
            actor,
            action: 'user.update',
            target: `user:${manager!.employeeId}`,
            details: { status: 'active', reason: 'recovery code: no active manager was left' },
          });
        }
        const user = this.deps.users.byId(manager!.id)!;
        next.store(actor, 'the previous code was used to sign in');
        this.deps.audit.append({
          actor,
          action: 'admin.recover',
          target: `user:${user.employeeId}`,
          details: {},
        });
        return this.deps.session.open(user, 'recovery_code');
      })();
      return { admin, recoveryCode: next.code, createdAt: next.createdAt };
    });
  }

  /** A signed-in manager replaces the recovery code (e.g. the printed slip was lost). */
  renew(actor: string): Promise<RecoveryCodeView> {
    return this.serial(async () => {
      const next = await this.deps.recovery.prepare();
      this.deps.db.transaction(() => next.store(actor, 'replaced by a manager'))();
      return { recoveryCode: next.code, createdAt: next.createdAt };
    });
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
