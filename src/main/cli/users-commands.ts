import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliCommand, CliContext } from './types';
import { UsageError } from './types';
import { cliActor, withCore } from './open';
import { pinStoreOf, withEngine } from '../services';
import { Outbox } from '../outbox/outbox';
import { readSetting } from '../db/settings';
import { exportStaffCsv, importStaffCsv } from '../registry/staff-csv';
import {
  activeManagerCount,
  RegistryError,
  type UserWithGroups,
} from '../registry/registry-service';
import type { User } from '../../shared/domain';

function args<const T extends NonNullable<ParseArgsConfig['options']>>(
  ctx: CliContext,
  options: T,
) {
  return parseArgs({ args: ctx.argv, options, allowPositionals: true, strict: true });
}

function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected exactly one ${what}`);
  return positionals[0]!;
}

function describeUser(user: User | UserWithGroups): string {
  const lock = user.lockedIndefinitely
    ? ' LOCKED (until a manager unlocks)'
    : user.lockedUntil && user.lockedUntil > Date.now()
      ? ` LOCKED until ${new Date(user.lockedUntil).toISOString()}`
      : '';
  const groups = 'groups' in user && user.groups.length ? ` [${user.groups.join(', ')}]` : '';
  return `${user.employeeId}\t${user.displayName}\t${user.phone ?? '-'}\t${user.role}\t${user.status}${lock}${groups}`;
}

const add: CliCommand = async (ctx) => {
  const { values } = args(ctx, {
    'employee-id': { type: 'string' },
    name: { type: 'string' },
    phone: { type: 'string' },
    role: { type: 'string' },
    language: { type: 'string' },
    group: { type: 'string', multiple: true },
    disabled: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (!values['employee-id'] || !values.name) {
    throw new UsageError('users add needs --employee-id and --name');
  }
  return withCore(ctx.dbPath, (core) => {
    const user = core.registry.addUser(
      {
        employeeId: values['employee-id']!,
        displayName: values.name!,
        phone: values.phone,
        role: values.role as 'worker',
        language: values.language as 'en',
        status: values.disabled ? 'disabled' : 'active',
        groups: values.group ?? [],
      },
      cliActor(),
    );
    ctx.io.out(values.json ? JSON.stringify(user) : `added ${describeUser(user)}`);
    return 0;
  });
};

const list: CliCommand = async (ctx) => {
  const { values } = args(ctx, {
    json: { type: 'boolean' },
    search: { type: 'string' },
    status: { type: 'string' },
  });
  if (values.status && values.status !== 'active' && values.status !== 'disabled') {
    throw new UsageError('--status is active or disabled');
  }
  return withCore(ctx.dbPath, (core) => {
    const users = core.registry
      .list({ search: values.search, status: values.status as User['status'] | undefined })
      .map((u) => core.registry.withGroups(u));
    if (values.json) ctx.io.out(JSON.stringify(users));
    else for (const user of users) ctx.io.out(describeUser(user));
    return 0;
  });
};

const setPhone: CliCommand = async (ctx) => {
  const { positionals, values } = args(ctx, { clear: { type: 'boolean' } });
  const [employeeId, phone] = positionals;
  if (!employeeId || (phone === undefined && !values.clear) || positionals.length > 2) {
    throw new UsageError('users set-phone EMPLOYEE_ID PHONE (or --clear)');
  }
  return withCore(ctx.dbPath, (core) => {
    const user = core.registry.requireByEmployeeId(employeeId);
    const updated = core.registry.setPhone(user.id, values.clear ? null : phone!, cliActor());
    ctx.io.out(`updated ${describeUser(updated)}`);
    return 0;
  });
};

const NO_MANAGER_HINT =
  'Without an active manager only the recovery code or this command line can open the admin screen. Enable or add another manager, or repeat with --force.';
const NO_MANAGER_WARNING =
  'WARNING: the site has no active manager now. The admin screen opens only with the recovery code until you enable or add one (users enable / users add --role manager).';

/** Runs a change under the last-manager rule: refused with a hint, or forced with a warning. */
function keepingAManager<T>(
  ctx: CliContext,
  core: { db: Parameters<typeof activeManagerCount>[0] },
  force: boolean,
  change: () => T,
): T {
  const before = activeManagerCount(core.db);
  let result: T;
  try {
    result = change();
  } catch (error) {
    if (error instanceof RegistryError && error.code === 'last_manager') {
      throw new RegistryError('last_manager', `${error.message} ${NO_MANAGER_HINT}`);
    }
    throw error;
  }
  if (force && before > 0 && activeManagerCount(core.db) === 0) ctx.io.err(NO_MANAGER_WARNING);
  return result;
}

function statusCommand(status: User['status']): CliCommand {
  return async (ctx) => {
    const { positionals, values } = args(ctx, { force: { type: 'boolean' } });
    const employeeId = onePositional(positionals, 'EMPLOYEE_ID');
    const force = values.force ?? false;
    return withCore(ctx.dbPath, (core) => {
      const user = core.registry.requireByEmployeeId(employeeId);
      const updated = keepingAManager(ctx, core, force, () =>
        core.registry.setStatus(user.id, status, cliActor(), { allowNoManager: force }),
      );
      ctx.io.out(`${status === 'active' ? 'enabled' : 'disabled'} ${describeUser(updated)}`);
      return 0;
    });
  };
}

const setRole: CliCommand = async (ctx) => {
  const { positionals, values } = args(ctx, { force: { type: 'boolean' } });
  const [employeeId, role] = positionals;
  if (!employeeId || (role !== 'worker' && role !== 'manager') || positionals.length !== 2) {
    throw new UsageError('users set-role EMPLOYEE_ID worker|manager [--force]');
  }
  const force = values.force ?? false;
  return withCore(ctx.dbPath, (core) => {
    const user = core.registry.requireByEmployeeId(employeeId);
    const updated = keepingAManager(ctx, core, force, () =>
      core.registry.updateUser(user.id, { role }, cliActor(), { allowNoManager: force }),
    );
    ctx.io.out(`updated ${describeUser(updated)}`);
    return 0;
  });
};

/** `users unlock E1 [--factor sms|pin|all]`: one unlock per factor; sms by default. */
const unlock: CliCommand = async (ctx) => {
  const { positionals, values } = args(ctx, { factor: { type: 'string' } });
  const employeeId = onePositional(positionals, 'EMPLOYEE_ID');
  const factor = values.factor ?? 'sms';
  if (!['sms', 'pin', 'all'].includes(factor)) {
    throw new UsageError('--factor is sms (the SMS code lock), pin (the PIN lock) or all');
  }
  return withCore(ctx.dbPath, (core) => {
    const user = core.registry.requireByEmployeeId(employeeId);
    if (factor === 'sms' || factor === 'all') {
      ctx.io.out(`unlocked ${describeUser(core.registry.unlock(user.id, cliActor()))}`);
    }
    if (factor === 'pin' || factor === 'all') {
      const pins = pinStoreOf(core);
      ctx.io.out(
        pins.unlock(user.id, cliActor())
          ? `unlocked the PIN of ${user.employeeId}`
          : `the PIN of ${user.employeeId} was not locked`,
      );
    }
    return 0;
  });
};

/** Ends this kiosk's self-registration lock (too many wrong enrolment codes lately); audited. */
const unlockEnrolment: CliCommand = async (ctx) => {
  const { values } = args(ctx, { kiosk: { type: 'string' } });
  return withCore(ctx.dbPath, (core) => {
    // The kiosk's id is the setting kiosk-app.ts makes once per database.
    const stored = readSetting(core.db, 'kiosk.id');
    const kioskId = values.kiosk ?? (stored ? (JSON.parse(stored) as string) : undefined);
    if (!kioskId) {
      ctx.io.err('This database has no kiosk yet; give --kiosk ID.');
      return 1;
    }
    // An outbox without a modem: nothing is sent from here.
    const services = withEngine(core, {
      outbound: new Outbox({ db: core.db, secret: core.secret }),
    });
    const lock = services.enrolment.kioskLock(kioskId);
    services.enrolment.clearKioskLock(kioskId, cliActor());
    ctx.io.out(
      lock
        ? `self-registration on ${kioskId} unlocked (${lock.wrongCodes} wrong codes lately)`
        : `self-registration on ${kioskId} was not locked; its count of wrong codes starts again`,
    );
    return 0;
  });
};

const importCsv: CliCommand = async (ctx) => {
  const { positionals, values } = args(ctx, {
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    force: { type: 'boolean' },
  });
  const file = onePositional(positionals, 'CSV file');
  const force = values.force ?? false;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    ctx.io.err(
      `Could not read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
    return 1;
  }
  return withCore(ctx.dbPath, (core) => {
    // The rule holds for the whole file, so one line may demote a manager another promotes.
    const report = keepingAManager(ctx, core, force, () =>
      importStaffCsv(core.registry, text, {
        dryRun: values['dry-run'] ?? false,
        actor: cliActor(),
        db: core.db,
        allowNoManager: force,
      }),
    );
    if (values.json) {
      ctx.io.out(JSON.stringify(report));
    } else {
      for (const e of report.errors) ctx.io.err(`line ${e.line}: ${e.reason}`);
      const verb = report.dryRun ? 'would add' : 'added';
      ctx.io.out(
        `${report.dryRun ? 'dry run, nothing written: ' : ''}${verb} ${report.added}, ${report.dryRun ? 'would update' : 'updated'} ${report.updated}, unchanged ${report.unchanged}, failed ${report.failed}`,
      );
    }
    return report.failed > 0 ? 1 : 0;
  });
};

const exportCsv: CliCommand = async (ctx) => {
  const { positionals } = args(ctx, {});
  if (positionals.length > 1) throw new UsageError('users export [FILE]');
  return withCore(ctx.dbPath, (core) => {
    const csv = exportStaffCsv(core.registry);
    if (positionals[0]) {
      writeFileSync(positionals[0], csv);
      ctx.io.err(`wrote ${core.registry.users.count()} people to ${positionals[0]}`);
    } else {
      ctx.io.out(csv.replace(/\r\n$/, ''));
    }
    return 0;
  });
};

export const usersCommands: Record<string, CliCommand> = {
  add,
  list,
  'set-phone': setPhone,
  'set-role': setRole,
  disable: statusCommand('disabled'),
  enable: statusCommand('active'),
  unlock,
  'unlock-enrolment': unlockEnrolment,
  import: importCsv,
  export: exportCsv,
};
