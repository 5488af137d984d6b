import { beforeEach, describe, expect, it } from 'vitest';
import { makeKit, settle, type TestKit } from '../../support/harness';

const KIOSK = 'kiosk-1';
const AINO = '+358401234567';
const MIN = 60_000;

let kit: TestKit;

beforeEach(() => {
  kit = makeKit();
  kit.registry.addUser(
    { employeeId: 'E1', displayName: 'Aino Virtanen', phone: '040 123 4567', language: 'fi' },
    'test',
  );
});

async function start(phone = '040 123 4567', kioskId = KIOSK) {
  return settle(kit, kit.engine.start({ phone, kioskId }));
}

async function startOk(phone = '040 123 4567') {
  const result = await start(phone);
  if (!result.ok) throw new Error(`start failed: ${result.error.code}`);
  return result.value;
}

function verify(challengeId: string, code: string, kioskId = KIOSK) {
  return kit.engine.verifyNow({ challengeId, code, kioskId });
}

function wrongCodeFor(code: string): string {
  return code === '000000' ? '000001' : '000000';
}

describe('starting a sign-in', () => {
  it('sends a 6-digit code in the user language and signs in with it', async () => {
    const challenge = await startOk();
    expect(challenge.codeLength).toBe(6);
    expect(challenge.maskedPhone).toBe('+358 •••••••67');
    expect(kit.outbound.messages).toHaveLength(1);
    const sms = kit.outbound.messages[0]!;
    expect(sms.to).toBe(AINO);
    expect(sms.body).toMatch(/^\d{6} on kirjautumiskoodisi \(Harbour Depot\)\. Voimassa 5 min/);
    expect(sms.expiresAt).toBe(kit.scheduler.now() + 5 * MIN);

    const result = verify(challenge.challengeId, kit.outbound.lastCodeTo(AINO));
    const signedIn = result.ok && result.value.state === 'signed_in' && result.value.signedIn;
    expect(signedIn && signedIn.user.displayName).toBe('Aino Virtanen');
    expect(signedIn && signedIn.sessionExpiresAt).toBe(kit.scheduler.now() + 12 * 60 * MIN);
  });

  it('uses the code length from the policy', async () => {
    kit.config.updatePolicy({ codeLength: 8 }, 'test');
    const challenge = await startOk();
    expect(challenge.codeLength).toBe(8);
    expect(kit.outbound.lastCodeTo(AINO)).toMatch(/^\d{8}$/);
  });

  it('never stores or logs the code in clear', async () => {
    await startOk();
    const code = kit.outbound.lastCodeTo(AINO);
    const dump = ['challenges', 'signin_log', 'code_sends', 'audit_log', 'settings']
      .map((t) => JSON.stringify(kit.db.prepare(`SELECT * FROM ${t}`).all()))
      .join('\n');
    expect(dump).not.toContain(code);
  });

  it('rejects an invalid number with the reason', async () => {
    const result = await start('12');
    expect(result.ok || result.error).toMatchObject({ code: 'invalid_phone' });
    expect(result.ok || result.error.message).toMatch(/too short/);
    const landline = await start('09 1234 567');
    expect(landline.ok || landline.error.message).toMatch(/landline/);
    expect(kit.outbound.messages).toHaveLength(0);
  });

  it('refuses destinations outside the allowed countries', async () => {
    kit.registry.addUser({ employeeId: 'E2', displayName: 'Sven', phone: '+46 70 123 45 67' }, 't');
    const refused = await start('+46 70 123 45 67');
    expect(refused.ok || refused.error.code).toBe('country_not_allowed');
    kit.config.updatePolicy({ allowedCountries: ['FI', 'SE'] }, 'test');
    expect((await start('+46 70 123 45 67')).ok).toBe(true);
  });

  it('says so when the modem cannot send', async () => {
    kit.outbound.down = 'the modem is unplugged';
    const result = await start();
    expect(result.ok || result.error).toMatchObject({ code: 'sms_unavailable' });
    expect(result.ok || result.error.message).toContain('the modem is unplugged');
  });

  it('refuses everyone when SMS sign-in is off', async () => {
    kit.config.updatePolicy({ smsSignInEnabled: false }, 'test');
    const result = await start();
    expect(result.ok || result.error.code).toBe('sms_sign_in_disabled');
  });
});

describe('verifying a code', () => {
  it('is single use', async () => {
    const { challengeId } = await startOk();
    const code = kit.outbound.lastCodeTo(AINO);
    expect(verify(challengeId, code).ok).toBe(true);
    const again = verify(challengeId, code);
    expect(again.ok || again.error.code).toBe('code_used');
  });

  it('expires after the lifetime', async () => {
    const { challengeId } = await startOk();
    const code = kit.outbound.lastCodeTo(AINO);
    kit.scheduler.advance(5 * MIN);
    const result = verify(challengeId, code);
    expect(result.ok || result.error.code).toBe('code_expired');
  });

  it('works until the last moment of the lifetime', async () => {
    const { challengeId } = await startOk();
    kit.scheduler.advance(5 * MIN - 1);
    expect(verify(challengeId, kit.outbound.lastCodeTo(AINO)).ok).toBe(true);
  });

  it('is bound to the kiosk that asked for it', async () => {
    const { challengeId } = await startOk();
    const code = kit.outbound.lastCodeTo(AINO);
    const elsewhere = verify(challengeId, code, 'kiosk-2');
    expect(elsewhere.ok || elsewhere.error.code).toBe('wrong_kiosk');
    expect(verify(challengeId, code).ok).toBe(true);
  });

  it('kills a code after 5 wrong tries, counting down', async () => {
    const { challengeId } = await startOk();
    const code = kit.outbound.lastCodeTo(AINO);
    const left = [];
    for (let i = 0; i < 5; i++) {
      const r = verify(challengeId, wrongCodeFor(code));
      left.push(r.ok ? 'ok' : `${r.error.code}:${r.error.attemptsLeft}`);
    }
    expect(left).toEqual([
      'wrong_code:4',
      'wrong_code:3',
      'wrong_code:2',
      'wrong_code:1',
      'code_dead:0',
    ]);
    const late = verify(challengeId, code);
    expect(late.ok || late.error.code).toBe('code_dead');
  });

  it('refuses a malformed code without counting it', async () => {
    const { challengeId } = await startOk();
    expect(verify(challengeId, '12ab56').ok || 'refused').toBe('refused');
    expect(kit.registry.findByEmployeeId('E1')!.consecutiveFailures).toBe(0);
  });

  it('refuses a user disabled while the code was on its way', async () => {
    const { challengeId } = await startOk();
    const user = kit.registry.findByEmployeeId('E1')!;
    kit.registry.setStatus(user.id, 'disabled', 'test');
    const result = verify(challengeId, kit.outbound.lastCodeTo(AINO));
    expect(result.ok || result.error.code).toBe('method_not_allowed');
  });
});

describe('only the newest code counts', () => {
  it('a resend replaces the previous code', async () => {
    const first = await startOk();
    const oldCode = kit.outbound.lastCodeTo(AINO);
    kit.scheduler.advance(30_000);
    const resent = await settle(
      kit,
      kit.engine.resend({ challengeId: first.challengeId, kioskId: KIOSK }),
    );
    expect(resent.ok).toBe(true);
    const newCode = kit.outbound.lastCodeTo(AINO);
    expect(newCode).not.toBe(oldCode);
    expect(kit.outbound.messages[0]!.status).toBe('expired');
    const old = verify(first.challengeId, oldCode);
    expect(old.ok || old.error.code).toBe('wrong_code');
    expect(verify(first.challengeId, newCode).ok).toBe(true);
  });

  it('a new sign-in for the same number ends the earlier one', async () => {
    const first = await startOk();
    const firstCode = kit.outbound.lastCodeTo(AINO);
    await startOk();
    const result = verify(first.challengeId, firstCode);
    expect(result.ok || result.error.code).toBe('code_superseded');
  });
});

describe('resend cooldown', () => {
  it('waits 30 s and says when', async () => {
    const { challengeId, resendAt } = await startOk();
    expect(resendAt).toBe(kit.scheduler.now() + 30_000);
    kit.scheduler.advance(29_999);
    const early = await settle(kit, kit.engine.resend({ challengeId, kioskId: KIOSK }));
    expect(early.ok || early.error).toMatchObject({ code: 'resend_too_soon', retryAt: resendAt });
    kit.scheduler.advance(1);
    expect((await settle(kit, kit.engine.resend({ challengeId, kioskId: KIOSK }))).ok).toBe(true);
  });
});

describe('account lockout', () => {
  async function failCodes(times: number) {
    let last;
    for (let i = 0; i < times; i++) {
      const { challengeId } = await startOkAfterCaps();
      last = verify(challengeId, wrongCodeFor(kit.outbound.lastCodeTo(AINO)));
    }
    return last!;
  }

  // Each wrong code is typed on a fresh code, so the per-code limit never hides the lockout.
  async function startOkAfterCaps() {
    kit.scheduler.advance(15 * MIN);
    return startOk();
  }

  it('locks for 15 minutes after 10 failures in a row, across new codes', async () => {
    const tenth = await failCodes(10);
    expect(tenth.ok || tenth.error).toMatchObject({
      code: 'locked',
      lockedUntil: kit.scheduler.now() + 15 * MIN,
    });
    const refused = await start();
    expect(refused.ok || refused.error.code).toBe('locked');
    kit.scheduler.advance(15 * MIN);
    expect((await start()).ok).toBe(true);
  });

  it('a success resets the count', async () => {
    await failCodes(9);
    const { challengeId } = await startOkAfterCaps();
    expect(verify(challengeId, kit.outbound.lastCodeTo(AINO)).ok).toBe(true);
    expect(kit.registry.findByEmployeeId('E1')!.consecutiveFailures).toBe(0);
    const next = await failCodes(1);
    expect(next.ok || next.error.code).toBe('wrong_code');
  });

  it('after 100 failures only a manager can unlock', async () => {
    const user = kit.registry.findByEmployeeId('E1')!;
    kit.registry.users.setLockState(user.id, {
      consecutiveFailures: 99,
      lockedUntil: null,
      lockedIndefinitely: false,
    });
    const last = await failCodes(1);
    expect(last.ok || last.error).toMatchObject({ code: 'locked', lockedUntil: null });
    kit.scheduler.advance(30 * 24 * 60 * MIN);
    expect((await start()).ok || 'locked').toBe('locked');
    kit.registry.unlock(user.id, 'manager:E9');
    expect((await start()).ok).toBe(true);
  });
});

describe('send caps', () => {
  it('sends at most 5 codes per number per 15 minutes', async () => {
    for (let i = 0; i < 5; i++) {
      await startOk();
      kit.scheduler.advance(MIN);
    }
    const sixth = await start();
    const firstSentAt = kit.scheduler.now() - 5 * MIN;
    expect(sixth.ok || sixth.error).toMatchObject({
      code: 'too_many_codes',
      retryAt: firstSentAt + 15 * MIN,
    });
    kit.scheduler.set(firstSentAt + 15 * MIN);
    expect((await start()).ok).toBe(true);
    expect(kit.outbound.messages).toHaveLength(6);
  });

  it('caps the codes one kiosk sends per hour', async () => {
    kit.config.updatePolicy({ perKioskHourlyCap: 2 }, 'test');
    kit.registry.addUser({ employeeId: 'E2', displayName: 'Bea', phone: '040 765 4321' }, 't');
    kit.registry.addUser({ employeeId: 'E3', displayName: 'Cai', phone: '050 111 2233' }, 't');
    await startOk('040 123 4567');
    await startOk('040 765 4321');
    const third = await start('050 111 2233');
    expect(third.ok || third.error.code).toBe('kiosk_cap_reached');
    const otherKiosk = await start('050 111 2233', 'kiosk-2');
    expect(otherKiosk.ok).toBe(true);
  });

  it('caps the codes the SIM sends per day', async () => {
    kit.config.updatePolicy({ perSimDailyCap: 2 }, 'test');
    kit.registry.addUser({ employeeId: 'E2', displayName: 'Bea', phone: '040 765 4321' }, 't');
    await startOk('040 123 4567');
    await settle(kit, kit.engine.start({ phone: '040 765 4321', kioskId: 'kiosk-2' }));
    const third = await start('040 123 4567', 'kiosk-3');
    expect(third.ok || third.error.code).toBe('daily_cap_reached');
    kit.scheduler.advance(24 * 60 * MIN);
    expect((await start('040 123 4567', 'kiosk-3')).ok).toBe(true);
  });
});

describe('who may use SMS sign-in', () => {
  beforeEach(() => {
    const group = kit.registry.addGroup('Forklift', 'test');
    kit.config.updatePolicy({ scope: 'groups', scopeGroupIds: [group.id] }, 'test');
  });

  it('private mode: a user outside the scope gets no SMS but the same answer', async () => {
    const result = await start();
    expect(result.ok).toBe(true);
    expect(kit.outbound.messages).toHaveLength(0);
  });

  it('helpful mode: a user outside the scope is told', async () => {
    kit.config.updatePolicy({ enumerationMode: 'helpful' }, 'test');
    const result = await start();
    expect(result.ok || result.error.code).toBe('method_not_allowed');
  });

  it('members of the groups in scope get their code', async () => {
    const user = kit.registry.findByEmployeeId('E1')!;
    kit.registry.updateUser(user.id, { groups: ['Forklift'] }, 'test');
    await startOk();
    expect(kit.outbound.messages).toHaveLength(1);
  });
});

describe('enumeration', () => {
  const UNKNOWN = '050 999 8877';

  it('private mode: an unknown number gets the same response shape and no SMS', async () => {
    const known = await startOk();
    const unknown = await startOk(UNKNOWN);
    expect(Object.keys(unknown).sort()).toEqual(Object.keys(known).sort());
    expect(unknown.codeLength).toBe(known.codeLength);
    expect(unknown.expiresAt - kit.scheduler.now()).toBe(known.expiresAt - kit.scheduler.now());
    expect(unknown.resendAt).toBe(known.resendAt);
    expect(unknown.challengeId).toMatch(/^[0-9a-f]{32}$/);
    expect(unknown.maskedPhone).toBe('+358 •••••••77');
    expect(kit.outbound.messages.map((m) => m.to)).toEqual([AINO]);
  });

  it('private mode: any code for an unknown number is wrong, and it locks out like an account', async () => {
    let last;
    for (let i = 0; i < 10; i++) {
      kit.scheduler.advance(15 * MIN);
      const { challengeId } = await startOk(UNKNOWN);
      last = verify(challengeId, '000000');
    }
    expect(last!.ok || last!.error.code).toBe('locked');
    const refused = await start(UNKNOWN);
    expect(refused.ok || refused.error.code).toBe('locked');
  });

  it('private mode: known and unknown numbers answer after exactly the same time', async () => {
    const padded = makeKit({ minResponseMs: 400 });
    padded.registry.addUser({ employeeId: 'E1', displayName: 'A', phone: '040 123 4567' }, 't');
    for (const phone of ['040 123 4567', UNKNOWN]) {
      let answered = false;
      const pending = padded.engine.start({ phone, kioskId: KIOSK }).then(() => (answered = true));
      padded.scheduler.advance(399);
      await Promise.resolve();
      expect(answered).toBe(false);
      padded.scheduler.advance(1);
      await pending;
      expect(answered).toBe(true);
    }
  });

  it('helpful mode: an unknown number is told it is not registered', async () => {
    kit.config.updatePolicy({ enumerationMode: 'helpful' }, 'test');
    const result = await start(UNKNOWN);
    expect(result.ok || result.error.code).toBe('not_registered');
  });
});

describe('sign-in log', () => {
  it('writes a row for every outcome with a masked number', async () => {
    await start('12');
    const { challengeId } = await startOk();
    const code = kit.outbound.lastCodeTo(AINO);
    verify(challengeId, wrongCodeFor(code));
    verify(challengeId, code);
    await startOk('050 999 8877');
    const rows = kit.signInLog.list().reverse();
    expect(rows.map((r) => [r.result, r.reason, r.maskedPhone, r.userName])).toEqual([
      ['failure', 'invalid_phone', '••••', null],
      ['code_sent', 'code_sent', '+358 •••••••67', 'Aino Virtanen'],
      ['failure', 'wrong_code', '+358 •••••••67', 'Aino Virtanen'],
      ['success', 'signed_in', '+358 •••••••67', 'Aino Virtanen'],
      ['failure', 'not_registered', '+358 •••••••77', null],
    ]);
    expect(rows.every((r) => r.kioskId === KIOSK)).toBe(true);
  });
});
