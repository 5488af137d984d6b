// Every admin and setup channel, signed in or not, with arbitrary payloads and with payloads
// built from the field names the schemas use: always a typed Result, never a crash.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ADMIN_ERROR_CODES, channels, ERROR_CODES } from '../../../src/shared/ipc/contract';

const CODES: readonly string[] = [...ERROR_CODES, ...ADMIN_ERROR_CODES];
import { makeAdminKit, type AdminKit } from './admin-kit';

const ADMIN_CHANNELS = Object.keys(channels).filter(
  (c) => c.startsWith('admin.') || c.startsWith('setup.'),
);

const FIELDS = [
  'id',
  'groupId',
  'employeeId',
  'displayName',
  'phone',
  'role',
  'status',
  'language',
  'groups',
  'search',
  'offset',
  'limit',
  'csv',
  'name',
  'url',
  'add',
  'remove',
  'patch',
  'outboxLimit',
  'result',
  'from',
  'to',
  'challengeId',
  'code',
  'setupId',
  'recoveryCode',
  'siteName',
  'kioskName',
  'defaultCountry',
  'manager',
];

const leaf = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('040 123 4567', 'manager', 'worker', 'disabled', 'https://x.example/', 'FI'),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(1, 2, 3, 0, 1e20, Number.NaN),
  fc.boolean(),
  fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
  fc.constant('employee_id,name,phone,role\nE1,=cmd,040 100 0001,manager\nE2,"x\n'),
  fc.dictionary(
    fc.constantFrom('codeLength', 'scope', 'scopeGroupIds', 'displayName', 'phone', 'x'),
    fc.oneof(fc.integer({ min: -1, max: 20 }), fc.string({ maxLength: 5 }), fc.constant([1])),
  ),
);
/** A request each schema accepts; the typed arbitrary below varies its fields. */
const BASE: Record<string, Record<string, unknown>> = {
  'setup.start': {
    siteName: 'Pier',
    kioskName: 'Gate',
    defaultCountry: 'FI',
    manager: { displayName: 'M', employeeId: 'M9', phone: '040 555 0100' },
  },
  'setup.resend': { setupId: '0'.repeat(32) },
  'setup.complete': { setupId: '0'.repeat(32), code: '123456' },
  'admin.start': { phone: '050 111 1111' },
  'admin.resend': { challengeId: 'a'.repeat(32) },
  'admin.verify': { challengeId: 'a'.repeat(32), code: '123456' },
  'admin.factor': { factor: 'pin', proof: '2468' },
  'admin.setPin': { pin: '2580', confirm: '2580' },
  'admin.recover': { employeeId: 'M1', recoveryCode: 'AAAA-BBBB-CCCC-DDDD-EEEE' },
  'admin.staffList': { search: 'Per', status: 'active', groupId: 1, offset: 0, limit: 10 },
  'admin.staffGet': { id: 1 },
  'admin.staffAdd': {
    employeeId: 'X1',
    displayName: 'X',
    phone: '040 100 0009',
    role: 'worker',
    groups: ['Dock'],
  },
  'admin.staffUpdate': {
    id: 3,
    displayName: 'Y',
    role: 'worker',
    language: 'fi',
    groups: ['Yard'],
  },
  'admin.staffDisable': { id: 3 },
  'admin.staffEnable': { id: 3 },
  'admin.staffDelete': { id: 4 },
  'admin.staffSetPhone': {
    id: 3,
    phone: '040 123 4567',
    confirmId: 'a'.repeat(32),
    code: '123456',
  },
  'admin.staffPhoneCode': { id: 3, phone: '040 123 4567' },
  'admin.staffClearPhone': { id: 3 },
  'admin.staffUnlock': { id: 3 },
  'admin.staffSecurity': { id: 3 },
  'admin.enrolmentIssue': { id: 3 },
  'admin.staffResetTotp': { id: 3 },
  'admin.staffUnlockPin': { id: 3 },
  'admin.staffResetPin': { id: 3 },
  'admin.staffImportPreview': { csv: 'employee_id,name,role\nE1,A,worker\n' },
  'admin.staffImportCommit': { csv: 'employee_id,name\nE1,A\n' },
  'admin.groupAdd': { name: 'Dock 2' },
  'admin.groupRename': { id: 1, name: 'Yard' },
  'admin.groupDelete': { id: 2 },
  'admin.groupMembers': { groupId: 1, add: [3], remove: [] },
  'admin.resourcesList': { groupId: 1 },
  'admin.resourceAdd': { groupId: 1, name: 'Rota', url: 'https://rota.example/' },
  'admin.resourceDelete': { id: 1 },
  'admin.policyUpdate': { patch: { codeLength: 7 } },
  'admin.modemPanel': { outboxLimit: 5 },
  'admin.modemTestSms': { phone: '040 123 4567' },
  'admin.modemUsePort': { port: '/dev/ttyUSB2' },
  'setup.modemUsePort': { port: '/dev/ttyUSB2' },
  'setup.testSms': { phone: '040 123 4567' },
  'admin.signInLog': {
    employeeId: 'W1',
    result: 'failure',
    from: 0,
    to: 1e13,
    offset: 0,
    limit: 5,
  },
  'admin.signInLogExport': { result: 'success' },
  'admin.auditLog': { offset: 0, limit: 5 },
};

/** Same shape, each field either kept or replaced by a value of the same JS type. */
function varied(value: unknown): fc.Arbitrary<unknown> {
  if (typeof value === 'string') {
    return fc.oneof(
      fc.constant(value),
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        '',
        ' ',
        '=1+1',
        '040 100 0001',
        'E1',
        'Dock',
        'javascript:x',
        '\u0000',
        '0'.repeat(32),
      ),
    );
  }
  if (typeof value === 'number') {
    return fc.oneof(
      fc.constant(value),
      fc.integer({ min: 0, max: 6 }),
      fc.integer({ min: 1, max: 600 }),
    );
  }
  if (Array.isArray(value)) return fc.array(varied(value[0] ?? 1), { maxLength: 3 });
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => [k, varied(v)] as const);
    return fc.oneof(
      fc.record(Object.fromEntries(entries), { requiredKeys: [] }),
      fc.dictionary(
        fc.constantFrom('codeLength', 'scope', 'scopeGroupIds', 'idleWarningSeconds', 'x'),
        leaf,
        { maxKeys: 3 },
      ),
    );
  }
  return fc.constant(value);
}

const payloadFor = (channel: string) =>
  fc.oneof(
    { arbitrary: fc.anything(), weight: 1 },
    { arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), leaf, { maxKeys: 5 }), weight: 1 },
    { arbitrary: varied(BASE[channel] ?? {}), weight: 4 },
  );
const request = fc
  .constantFrom(...ADMIN_CHANNELS)
  .chain((channel) => fc.tuple(fc.constant(channel), payloadFor(channel)));

async function fuzz(k: AdminKit, runs: number) {
  await fc.assert(
    fc.asyncProperty(request, async ([channel, body]) => {
      const result = await k.dispatcher.dispatch(channel, body);
      if (result.ok) return true;
      return (
        CODES.includes(result.error.code) &&
        result.error.code !== 'internal' &&
        typeof result.error.message === 'string' &&
        result.error.message.length > 0
      );
    }),
    { numRuns: runs },
  );
}

describe('admin channels under arbitrary payloads', () => {
  it('answer with typed errors when nobody is signed in', async () => {
    const k = makeAdminKit();
    k.addPerson('W1', '040 100 0001');
    await fuzz(k, 400);
  });

  it('answer with typed Results while a manager is signed in', async () => {
    const k = makeAdminKit();
    k.addPerson('M1', '050 111 1111', 'manager');
    k.addPerson('M2', '050 222 2222', 'manager');
    k.addPerson('W1', '040 100 0001');
    k.kit.registry.addGroup('Dock', 'test');
    const signIn = async () => {
      if (!k.admin.session.view()) {
        const m2 = k.kit.registry.findByEmployeeId('M2');
        if (m2 && m2.role === 'manager' && m2.status === 'active') {
          k.admin.session.open(k.kit.registry.users.byId(m2.id)!, 'sms');
        } else {
          const m1 = k.kit.registry.users.byEmployeeId('M1');
          if (m1 && m1.role === 'manager' && m1.status === 'active')
            k.admin.session.open(m1, 'sms');
        }
      }
    };
    await signIn();
    expect(k.admin.session.view()).not.toBeNull();
    await fc.assert(
      fc.asyncProperty(request, async ([channel, body]) => {
        await signIn();
        const result = await k.dispatcher.dispatch(channel, body);
        // No request may leave the kiosk without an active manager.
        if (k.admin.queries.activeManagerCount() < 1) return false;
        if (result.ok) return true;
        return (
          CODES.includes(result.error.code) &&
          result.error.code !== 'internal' &&
          result.error.message.length > 0
        );
      }),
      { numRuns: 600 },
    );
    // Whatever happened, the kiosk kept a manager and an intact audit chain.
    expect(k.admin.queries.activeManagerCount()).toBeGreaterThanOrEqual(1);
    expect(k.kit.audit.verify()).toMatchObject({ ok: true });
  });
});
