import { beforeEach, describe, expect, it } from 'vitest';
import { makeKit, type TestKit } from '../../support/harness';
import { EnrolmentService, type PinSetter } from '../../../src/main/auth/enrolment';

const KIOSK = 'kiosk-1';
const HOUR = 3_600_000;
const NEW_PHONE = '+358409876543';

let kit: TestKit;
let service: EnrolmentService;
let pins: Array<{ userId: number; pin: string }>;
let userId: number;

function make(withPins = true) {
  pins = [];
  const setter: PinSetter = { set: (id, pin) => void pins.push({ userId: id, pin }) };
  service = new EnrolmentService({
    db: kit.db,
    secret: kit.secret,
    config: kit.config,
    registry: kit.registry,
    audit: kit.audit,
    signInLog: kit.signInLog,
    outbound: kit.outbound,
    random: kit.random,
    clock: kit.scheduler,
    pins: withPins ? setter : undefined,
  });
}

beforeEach(() => {
  kit = makeKit();
  userId = kit.registry.addUser(
    { employeeId: 'E7', displayName: 'Bea Lind', language: 'en' },
    't',
  ).id;
  kit.registry.addUser({ employeeId: 'E8', displayName: 'Cai', phone: '040 111 2233' }, 't');
  make();
});

function wrongLike(code: string): string {
  return code.startsWith('A') ? `B${code.slice(1)}` : `A${code.slice(1)}`;
}

function start(code: string, employeeId = 'E7', kioskId = KIOSK) {
  return service.start({ employeeId, code, kioskId });
}

function startOk(code: string): string {
  const started = start(code);
  if (!started.ok) throw new Error(started.error.code);
  return started.value.flowId;
}

describe('issuing a code', () => {
  it('makes a 10-character code from the unambiguous alphabet that expires after the policy hours', () => {
    const issued = service.issue(userId, 'manager:M1');
    expect(issued.code).toMatch(/^[A-HJKMNPQRT-Y346789]{5}-[A-HJKMNPQRT-Y346789]{5}$/);
    expect(issued.expiresAt).toBe(kit.scheduler.now() + 24 * HOUR);
    expect(issued).toMatchObject({ employeeId: 'E7', displayName: 'Bea Lind' });
    expect(service.outstandingUntil(userId)).toBe(issued.expiresAt);
    const audit = kit.audit.list().find((r) => r.action === 'enrolment.issue');
    expect(audit).toBeDefined();
  });

  it('stores only a keyed hash: the code is nowhere in the database', () => {
    const { code } = service.issue(userId, 'manager:M1');
    start(wrongLike(code));
    startOk(code);
    const raw = code.replace('-', '');
    const tables = kit.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all() as Array<{ name: string }>;
    for (const { name } of tables) {
      const rows = kit.db.prepare(`SELECT * FROM "${name}"`).all();
      const dump = JSON.stringify(rows);
      expect(dump.includes(raw), name).toBe(false);
      expect(dump.includes(code), name).toBe(false);
    }
  });

  it('a new code replaces the old one', () => {
    const first = service.issue(userId, 'manager:M1');
    const second = service.issue(userId, 'manager:M1');
    expect(start(first.code)).toMatchObject({ ok: false, error: { code: 'wrong_enrolment_code' } });
    expect(start(second.code).ok).toBe(true);
  });
});

describe('the kiosk flow', () => {
  it('registers the number after the SMS code and uses the code up', () => {
    make(false);
    const { code } = service.issue(userId, 'manager:M1');
    const flowId = startOk(code.toLowerCase().replace('-', ' '));
    const sent = service.sendPhoneCode({ flowId, phone: '040 987 6543', kioskId: KIOSK });
    expect(sent).toMatchObject({ ok: true, value: { codeLength: 6 } });
    const sms = kit.outbound.messages.at(-1)!;
    expect(sms.to).toBe(NEW_PHONE);
    expect(sms.body).toMatch(/is your sign-in code for Harbour Depot/);
    const verified = service.verifyPhone({
      flowId,
      code: kit.outbound.lastCodeTo(NEW_PHONE),
      kioskId: KIOSK,
    });
    expect(verified).toMatchObject({
      ok: true,
      value: { next: 'done', user: { phone: NEW_PHONE } },
    });
    expect(kit.registry.users.byId(userId)!.phone).toBe(NEW_PHONE);
    expect(service.outstandingUntil(userId)).toBeNull();
    // Logged as a registration, not as a sign-in.
    expect(kit.signInLog.list({ limit: 1 })[0]).toMatchObject({
      result: 'registered',
      reason: 'enrolment_complete',
    });
    // Single use.
    expect(start(code)).toMatchObject({ ok: false, error: { code: 'wrong_enrolment_code' } });
    const actions = kit.audit.list().map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'enrolment.code_accepted',
        'enrolment.phone_code_sent',
        'user.update',
        'enrolment.complete',
      ]),
    );
  });

  it('asks for a PIN where one is required and sets it with the registration', () => {
    kit.registry.updateUser(userId, { role: 'manager' }, 't');
    const { code } = service.issue(userId, 'manager:M1');
    const flowId = startOk(code);
    service.sendPhoneCode({ flowId, phone: NEW_PHONE, kioskId: KIOSK });
    const verified = service.verifyPhone({
      flowId,
      code: kit.outbound.lastCodeTo(NEW_PHONE),
      kioskId: KIOSK,
    });
    expect(verified).toMatchObject({ ok: true, value: { next: 'pin', pinMinLength: 4 } });
    expect(kit.registry.users.byId(userId)!.phone).toBeNull();
    expect(service.setPin({ flowId, pin: '12a4', kioskId: KIOSK })).toMatchObject({
      ok: false,
      error: { code: 'pin_invalid', params: { problem: 'format' } },
    });
    expect(service.setPin({ flowId, pin: '12', kioskId: KIOSK })).toMatchObject({
      error: { code: 'pin_invalid', params: { problem: 'too_short', min: 4, max: 8 } },
    });
    expect(service.setPin({ flowId, pin: '2468', kioskId: KIOSK })).toMatchObject({
      ok: true,
      value: { next: 'done' },
    });
    expect(pins).toEqual([{ userId, pin: '2468' }]);
    expect(kit.registry.users.byId(userId)!.phone).toBe(NEW_PHONE);
  });

  it('refuses a number that belongs to someone else, clearly', () => {
    const { code } = service.issue(userId, 'manager:M1');
    const flowId = startOk(code);
    expect(service.sendPhoneCode({ flowId, phone: '040 111 2233', kioskId: KIOSK })).toMatchObject({
      ok: false,
      error: { code: 'phone_in_use' },
    });
    expect(kit.outbound.messages).toHaveLength(0);
  });

  it('uses the sign-in send caps and the country allow-list', () => {
    const { code } = service.issue(userId, 'manager:M1');
    const flowId = startOk(code);
    expect(
      service.sendPhoneCode({ flowId, phone: '+46 70 123 45 67', kioskId: KIOSK }),
    ).toMatchObject({ ok: false, error: { code: 'country_not_allowed' } });
    kit.config.updatePolicy({ perNumberSendCap: 1, resendCooldownSeconds: 10 }, 't');
    expect(service.sendPhoneCode({ flowId, phone: NEW_PHONE, kioskId: KIOSK }).ok).toBe(true);
    expect(service.sendPhoneCode({ flowId, kioskId: KIOSK })).toMatchObject({
      error: { code: 'resend_too_soon' },
    });
    kit.scheduler.advance(10_000);
    expect(service.sendPhoneCode({ flowId, kioskId: KIOSK })).toMatchObject({
      error: { code: 'too_many_codes' },
    });
    kit.outbound.down = 'The modem is not connected';
    expect(service.sendPhoneCode({ flowId, phone: '040 555 1234', kioskId: KIOSK })).toMatchObject({
      error: { code: 'sms_unavailable' },
    });
  });

  it('a wrong SMS code counts and the code dies after the policy number of tries', () => {
    const { code } = service.issue(userId, 'manager:M1');
    const flowId = startOk(code);
    service.sendPhoneCode({ flowId, phone: NEW_PHONE, kioskId: KIOSK });
    const right = kit.outbound.lastCodeTo(NEW_PHONE);
    const wrong = right === '000000' ? '000001' : '000000';
    for (let i = 1; i < 5; i++) {
      expect(service.verifyPhone({ flowId, code: wrong, kioskId: KIOSK })).toMatchObject({
        error: { code: 'wrong_code', attemptsLeft: 5 - i },
      });
    }
    expect(service.verifyPhone({ flowId, code: wrong, kioskId: KIOSK })).toMatchObject({
      error: { code: 'code_dead' },
    });
    expect(service.verifyPhone({ flowId, code: right, kioskId: KIOSK })).toMatchObject({
      error: { code: 'code_dead' },
    });
  });

  it('another kiosk cannot continue the flow', () => {
    const { code } = service.issue(userId, 'manager:M1');
    const flowId = startOk(code);
    expect(service.sendPhoneCode({ flowId, phone: NEW_PHONE, kioskId: 'other' })).toMatchObject({
      error: { code: 'enrolment_ended' },
    });
  });
});

describe('expiry and lockout', () => {
  it('an expired code answers like a wrong one', () => {
    const { code } = service.issue(userId, 'manager:M1');
    kit.scheduler.advance(24 * HOUR);
    expect(start(code)).toMatchObject({ ok: false, error: { code: 'wrong_enrolment_code' } });
    expect(service.outstandingUntil(userId)).toBeNull();
  });

  it('follows enrolmentCodeHours', () => {
    kit.config.updatePolicy({ enrolmentCodeHours: 2 }, 't');
    const { code, expiresAt } = service.issue(userId, 'manager:M1');
    expect(expiresAt).toBe(kit.scheduler.now() + 2 * HOUR);
    kit.scheduler.advance(2 * HOUR - 1);
    expect(start(code).ok).toBe(true);
  });

  it('unknown employee IDs answer exactly like wrong codes', () => {
    const { code } = service.issue(userId, 'manager:M1');
    const unknown = start(code, 'NOPE');
    const wrong = start(wrongLike(code));
    expect(unknown).toEqual(wrong);
  });

  it('locks an employee ID after the threshold of wrong codes, even for the right code', () => {
    const { code } = service.issue(userId, 'manager:M1');
    const threshold = kit.config.policy().lockoutThreshold;
    for (let i = 1; i < threshold; i++) {
      expect(start(wrongLike(code), 'E7', `kiosk-${i}`)).toMatchObject({
        error: { code: 'wrong_enrolment_code' },
      });
    }
    expect(start(wrongLike(code), 'E7', 'kiosk-last')).toMatchObject({ error: { code: 'locked' } });
    expect(start(code, 'E7', 'kiosk-fresh')).toMatchObject({ error: { code: 'locked' } });
    kit.scheduler.advance(kit.config.policy().lockoutBaseMinutes * 60_000);
    expect(start(code, 'E7', 'kiosk-fresh').ok).toBe(true);
  });

  it('locks a kiosk that tries many employee IDs', () => {
    const { code } = service.issue(userId, 'manager:M1');
    const threshold = kit.config.policy().lockoutThreshold;
    for (let i = 0; i < threshold; i++) start('AAAAA-AAAAA', `X${i}`);
    expect(start(code)).toMatchObject({ error: { code: 'locked' } });
    expect(start(code, 'E7', 'another-kiosk').ok).toBe(true);
  });

  it('never writes the code to the sign-in log or the audit log', () => {
    const { code } = service.issue(userId, 'manager:M1');
    start(wrongLike(code));
    startOk(code);
    const raw = code.replace('-', '');
    const logs = JSON.stringify([
      kit.db.prepare('SELECT * FROM audit_log').all(),
      kit.db.prepare('SELECT * FROM signin_log').all(),
    ]);
    expect(logs.includes(raw)).toBe(false);
    expect(logs.includes(wrongLike(code).replace('-', ''))).toBe(false);
  });
});
